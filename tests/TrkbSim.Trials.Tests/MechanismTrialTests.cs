using TrkbSim.Trials.Models;
using TrkbSim.Trials.Output;

namespace TrkbSim.Trials.Tests;

public class MechanismTrialTests
{
    static TrialOptions Options(string outDir, int threads) => new()
    {
        Arms = [ArmSpec.Parse("fluoxetine: fluoxetine 20mg oral every 24h"), ArmSpec.Parse("placebo: placebo")],
        SubjectsPerArm = 24,
        Weeks = 3,
        Seed = 11,
        Threads = threads,
        OutputDirectory = outDir,
        WritePictures = false,
    };

    [Fact]
    public void Mechanism_trial_is_identical_for_one_and_three_threads()
    {
        using var tmp = new TempDir();
        var factory = new MechanismSubjectModelFactory();
        var a = new TrialRunner(factory) { BatchSize = 10 }.Run(Options(tmp.Sub("a"), 1));
        var b = new TrialRunner(factory) { BatchSize = 16 }.Run(Options(tmp.Sub("b"), 3));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a.OutputDirectory, "summary.csv")), File.ReadAllBytes(Path.Combine(b.OutputDirectory, "summary.csv")));
        Assert.Equal(0, a.SubjectsFailed);
        // Fluoxetine exposure reaches plasma and brain; the placebo arm has none.
        var q = TrialDatabase.Query(a.DatabasePath,
            "SELECT arm, max(plasma_fluoxetine_nM) AS p, max(brain_fluoxetine_nM) AS b FROM timecourses GROUP BY arm ORDER BY arm");
        Assert.True(Convert.ToDouble(q.Rows[0][1]) > 10);
        Assert.True(Convert.ToDouble(q.Rows[0][2]) > Convert.ToDouble(q.Rows[0][1]));
        Assert.Null(q.Rows[1][1]);
    }

    [Theory]
    [InlineData("esketamine: esketamine 56mg intranasal every 3.5d", "tsit5")] // auto: 2.3 times fewer steps, not worth leaving the lanes
    [InlineData("ketamine: ketamine 0.5mg/kg infusion:40min", "auto")] // Tsit5 would need ~55 times auto's steps
    [InlineData("fluoxetine: fluoxetine 20mg oral every 24h", "auto")] // never stiff: auto is Tsit5 throughout
    public void An_arm_whose_stiff_switch_does_not_pay_runs_on_Tsit5(string armText, string expected)
    {
        var options = Options(Path.GetTempPath(), 1) with { Arms = [ArmSpec.Parse(armText)], Weeks = 8 };
        var arm = new MechanismSubjectModelFactory().CreateArm(options.Arms[0], options, TrkbSim.Trials.Population.PopulationFile.Load(null));
        Assert.Equal(expected, ((MechanismSubjectModelFactory.MechanismArm)arm).Solver);
        // An explicit choice is kept as it is.
        var rodas = new MechanismSubjectModelFactory { Solver = "rodas5p" }.CreateArm(options.Arms[0], options, TrkbSim.Trials.Population.PopulationFile.Load(null));
        Assert.Equal("rodas5p", ((MechanismSubjectModelFactory.MechanismArm)rodas).Solver);
    }

    [Theory]
    [InlineData("fluoxetine: fluoxetine 20mg oral every 24h")]
    [InlineData("ketamine: ketamine 0.5mg/kg infusion:40min every 84h")]
    [InlineData("ketamine: ketamine 0.5mg/kg infusion:40min")] // stays on auto: subjects leave the lanes when they turn stiff
    public void Subjects_simulated_together_equal_subjects_simulated_one_by_one(string armText)
    {
        // The mechanism simulates blocks of subjects on shared vector lanes; every record must be exactly the one a
        // subject simulated alone gets (daily MADRS and outputs bit for bit, ratings, failures).
        var options = Options(Path.GetTempPath(), 1) with { Arms = [ArmSpec.Parse(armText)], Weeks = 2 };
        var population = TrkbSim.Trials.Population.PopulationFile.Load(null);
        var model = new MechanismSubjectModelFactory().CreateArm(options.Arms[0], options, population);
        Assert.True(model.SubjectsPerCall > 1 || !TrkbSim.Simulation.Lanes.Accelerated, $"subjects per call: {model.SubjectsPerCall}");
        var sampler = new TrkbSim.Trials.Population.SubjectSampler(population, model.Parameters);
        var schedule = new TrkbSim.Trials.Running.TrialSchedule(2);
        double noise = population.RatingNoiseSd.Value;
        var together = new TrkbSim.Trials.Running.SubjectRecord[11];
        TrialRunner.SimulateSubjects(model.CreateSimulator(), sampler, model, schedule, 5, 0, 100, noise, together);
        var alone = model.CreateSimulator();
        for (int i = 0; i < together.Length; i++)
        {
            var one = TrialRunner.SimulateSubject(alone, sampler, model, schedule, 5, 0, 100 + i, noise);
            Assert.Equal(one.Subject, together[i].Subject);
            Assert.Equal(one.Parameters, together[i].Parameters);
            Assert.Equal(one.DailyMadrs.Select(BitConverter.DoubleToInt64Bits), together[i].DailyMadrs.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(one.StoredOutputs.Select(BitConverter.DoubleToInt64Bits), together[i].StoredOutputs.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(one.RatedVisits, together[i].RatedVisits);
            Assert.Equal(one.FirstResponseVisit, together[i].FirstResponseVisit);
            Assert.Equal(one.Failure, together[i].Failure);
        }
    }

    [Fact]
    public void Cyp2d6_phenotype_acts_through_the_mechanisms_enzyme_activity()
    {
        // Paroxetine is cleared mostly by CYP2D6 (compounds.json): a poor metaboliser's cyp2d6_activity is the library's
        // poor-metaboliser activity, and their paroxetine levels are higher than those of normal metabolisers.
        using var tmp = new TempDir();
        var options = Options(tmp.Sub("p"), 2) with { Arms = [ArmSpec.Parse("paroxetine: paroxetine 20mg oral every 24h")], SubjectsPerArm = 80, Weeks = 2 };
        var r = new TrialRunner(new MechanismSubjectModelFactory()).Run(options);
        var library = TrkbSim.Pharmacology.Compounds.CompoundLibrary.LoadDefault();
        var activity = library.Species[TrkbSim.Pharmacology.Compounds.Organism.Human].CypActivity[TrkbSim.Pharmacology.Compounds.CypEnzyme.Cyp2d6];
        var q = TrialDatabase.Query(r.DatabasePath,
            "SELECT s.cyp2d6, min(s.param_cyp2d6_activity), max(s.param_cyp2d6_activity), median(t.plasma_paroxetine_nM) " +
            "FROM subjects s JOIN timecourses t USING (arm, subject) WHERE t.day = 14 GROUP BY s.cyp2d6");
        var byPhenotype = q.Rows.ToDictionary(row => (string)row[0]!, row => (Min: Convert.ToDouble(row[1]), Max: Convert.ToDouble(row[2]), Plasma: Convert.ToDouble(row[3])));
        foreach (var (name, v) in byPhenotype)
        {
            double expected = activity[Enum.Parse<TrkbSim.Pharmacology.Compounds.MetaboliserPhenotype>(name, ignoreCase: true)].Value;
            Assert.Equal(expected, v.Min, 12);
            Assert.Equal(expected, v.Max, 12);
        }
        Assert.True(byPhenotype.ContainsKey("poor") && byPhenotype.ContainsKey("normal"), string.Join(", ", byPhenotype.Keys));
        Assert.True(byPhenotype["poor"].Plasma > 1.5 * byPhenotype["normal"].Plasma,
            $"median paroxetine at day 14: poor {byPhenotype["poor"].Plasma:F1} nM, normal {byPhenotype["normal"].Plasma:F1} nM");
    }

    [Fact]
    public void Subjects_differ_through_their_parameters_only()
    {
        using var tmp = new TempDir();
        var r = new TrialRunner(new MechanismSubjectModelFactory()).Run(Options(tmp.Sub("a"), 2) with { SubjectsPerArm = 12 });
        // Subjects share one compiled model; their set clearance (per kg x body weight) must show in their plasma levels.
        var q = TrialDatabase.Query(r.DatabasePath, """
            SELECT s.subject, s.param_fluoxetine_CL_per_kg * s.body_weight_kg AS cl, avg(t.plasma_fluoxetine_nM) AS c
            FROM subjects s JOIN timecourses t ON t.arm = s.arm AND t.subject = s.subject
            WHERE s.arm = 'fluoxetine' AND t.day >= 14 GROUP BY ALL ORDER BY cl
            """);
        Assert.Equal(12, q.Rows.Count);
        double lowClC = Convert.ToDouble(q.Rows[0][2]), highClC = Convert.ToDouble(q.Rows[^1][2]);
        Assert.True(lowClC > highClC, $"lowest clearance gives {lowClC} nM, highest {highClC} nM");
    }

    [Fact]
    public void Unknown_regimen_compound_is_a_trial_input_error()
    {
        using var tmp = new TempDir();
        var o = Options(tmp.Sub("a"), 1) with { Arms = [ArmSpec.Parse("x: aspirin 100mg oral every 24h")] };
        var ex = Assert.Throws<TrialInputException>(() => new TrialRunner(new MechanismSubjectModelFactory()).Run(o));
        Assert.Contains("aspirin", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }
}
