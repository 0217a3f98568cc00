namespace TrkbSim.Trials.Tests;

public class BadInputTests
{
    [Theory]
    [InlineData("fluoxetine 20mg oral every 24h", "LABEL: REGIMEN")]
    [InlineData(": placebo", "LABEL: REGIMEN")]
    [InlineData("a:", "no regimen")]
    [InlineData("a,b: placebo", "commas")]
    [InlineData("x: fluoxetine 20mg oral + ", "empty regimen")]
    public void Bad_arm_strings_are_rejected(string arm, string expected)
    {
        var ex = Assert.Throws<TrialInputException>(() => ArmSpec.Parse(arm));
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("fluoxetine", "fluoxetine", "fluoxetine 20mg oral every 24h")]
    [InlineData(" Sertraline ", "Sertraline", "sertraline 50mg oral every 24h")]
    [InlineData("venlafaxine", "venlafaxine", "venlafaxine 37.5mg oral every 12h")]
    [InlineData("ketamine", "ketamine", "ketamine 0.5mg/kg infusion:40min")]
    [InlineData("esketamine", "esketamine", "esketamine 56mg intranasal every 3.5d")]
    [InlineData("placebo", "placebo", "placebo")]
    [InlineData("flx: fluoxetine 40mg oral every 24h", "flx", "fluoxetine 40mg oral every 24h")]
    public void A_compound_alone_is_its_arm_at_the_low_end_of_its_clinical_dose(string arm, string label, string regimen)
    {
        // The dose is the sourced low end of compounds.json's clinical_dose, a daily amount split over the day's doses.
        var spec = ArmSpec.Parse(arm, TrkbSim.Pharmacology.Compounds.CompoundLibrary.LoadDefault());
        Assert.Equal(new ArmSpec(label, regimen), spec);
    }

    [Theory]
    [InlineData("norfluoxetine")] // a metabolite: no clinical dose
    [InlineData("unobtainium")]
    public void A_word_that_is_no_dosed_compound_names_the_forms_allowed(string arm)
    {
        var ex = Assert.Throws<TrialInputException>(() => ArmSpec.Parse(arm, TrkbSim.Pharmacology.Compounds.CompoundLibrary.LoadDefault()));
        Assert.Contains("\"LABEL: REGIMEN\"", ex.Message);
        Assert.Contains("placebo, or a compound alone for its low clinical dose: fluoxetine, sertraline", ex.Message);
        Assert.DoesNotContain("norfluoxetine", ex.Message.Replace($"--arm \"{arm}\"", ""));
    }

    [Theory]
    [InlineData("x: unobtainium 20mg oral every 24h", "unknown compound 'unobtainium'")]
    [InlineData("x: fluoxetine twenty oral", "dose")]
    [InlineData("x: fluoxetine 20mg oral every often", "every often")]
    public void Bad_regimens_fail_before_any_output(string arm, string expected)
    {
        using var tmp = new TempDir();
        string outDir = tmp.Sub("out");
        var o = TrialTestData.Small(outDir) with { Arms = [ArmSpec.Parse(arm)] };
        var ex = Assert.Throws<TrialInputException>(() => TrialTestData.Runner().Run(o));
        Assert.Contains(expected, ex.Message);
        AssertNothingWritten(tmp.Path);
    }

    [Theory]
    [InlineData(0, 8, 1, "--n 0")]
    [InlineData(-5, 8, 1, "--n -5")]
    [InlineData(10, 0, 1, "--weeks 0")]
    [InlineData(10, -1, 1, "--weeks -1")]
    [InlineData(10, 8, 0, "--threads 0")]
    [InlineData(10, 8, -2, "--threads -2")]
    public void Out_of_range_options_name_the_option(int n, int weeks, int threads, string expected)
    {
        using var tmp = new TempDir();
        var o = TrialTestData.Small(tmp.Sub("out"), n: n, threads: threads, weeks: weeks);
        var ex = Assert.Throws<TrialInputException>(() => TrialTestData.Runner().Run(o));
        Assert.StartsWith(expected, ex.Message);
        AssertNothingWritten(tmp.Path);
    }

    [Fact]
    public void Duplicate_labels_and_other_species_are_rejected()
    {
        using var tmp = new TempDir();
        var o = TrialTestData.Small(tmp.Sub("out"));
        Assert.Contains("more than one arm", Assert.Throws<TrialInputException>(() => (o with { Arms = [ArmSpec.Parse("a: placebo"), ArmSpec.Parse("A: placebo")] }).Validate()).Message);
        Assert.Contains("--species mouse", Assert.Throws<TrialInputException>(() => (o with { Species = TrkbSim.Pharmacology.Compounds.Organism.Mouse }).Validate()).Message);
        Assert.Contains("--arm", Assert.Throws<TrialInputException>(() => (o with { Arms = [] }).Validate()).Message);
    }

    [Fact]
    public void Unknown_covariate_in_population_file_is_a_clear_error_and_leaves_no_folder()
    {
        using var tmp = new TempDir();
        string file = tmp.Sub("pop.json");
        File.WriteAllText(file, """{ "format": "trkbsim-population/1", "covariates": { "height": { "mean": 170 } } }""");
        var o = TrialTestData.Small(tmp.Sub("out")) with { PopulationFile = file };
        var ex = Assert.Throws<TrialInputException>(() => TrialTestData.Runner().Run(o));
        Assert.Contains("unknown covariate 'height'", ex.Message);
        Assert.Contains("sex, body_weight", ex.Message);
        Assert.False(Directory.Exists(tmp.Sub("out")));
        Assert.Single(Directory.GetFileSystemEntries(tmp.Path)); // only pop.json
    }

    [Fact]
    public void A_failure_while_writing_removes_the_partial_folder()
    {
        using var tmp = new TempDir();
        var runner = new TrialRunner(new ThrowingFactory());
        var o = TrialTestData.Small(tmp.Sub("out"), n: 20);
        Assert.Throws<InvalidOperationException>(() => runner.Run(o));
        AssertNothingWritten(tmp.Path);
    }

    [Fact]
    public void Missing_population_file_is_reported()
    {
        using var tmp = new TempDir();
        var o = TrialTestData.Small(tmp.Sub("out")) with { PopulationFile = tmp.Sub("nope.json") };
        Assert.Contains("--population", Assert.Throws<TrialInputException>(() => o.Validate()).Message);
    }

    static void AssertNothingWritten(string root) => Assert.DoesNotContain(Directory.GetFileSystemEntries(root), e => !e.EndsWith(".json"));

    /// <summary>A model whose simulators throw a non-user error mid-run (a defect), to test clean-up.</summary>
    sealed class ThrowingFactory : Models.ISubjectModelFactory
    {
        readonly Models.AnalyticSubjectModelFactory _inner = new();
        public string Name => "throwing";
        public Models.IArmModel CreateArm(ArmSpec arm, TrialOptions options, Population.PopulationSpec population) =>
            new WrappedArm(_inner.CreateArm(arm, options, population));
        sealed class WrappedArm(Models.IArmModel inner) : Models.IArmModel
        {
            public ArmSpec Arm => inner.Arm;
            public IReadOnlyList<string> Compounds => inner.Compounds;
            public IReadOnlyList<Models.SubjectParameter> Parameters => inner.Parameters;
            public IReadOnlyList<string> Outputs => inner.Outputs;
            public Models.ISubjectModel CreateSimulator() => new Sim();
        }
        sealed class Sim : Models.ISubjectModel
        {
            public void Simulate(ReadOnlySpan<double> p, ReadOnlySpan<double> t, Span<double> m, Span<double> o) =>
                throw new InvalidOperationException("defect");
        }
    }
}
