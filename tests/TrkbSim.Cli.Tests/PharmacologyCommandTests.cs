namespace TrkbSim.Cli.Tests;

[Collection("cli")]
public sealed class PharmacologyCommandTests : IDisposable
{
    private readonly string _dir = CliHarness.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void RegimenWritesTheDocumentedColumnsSummaryFigureAndModel()
    {
        string csv = Path.Combine(_dir, "r.csv"), json = Path.Combine(_dir, "r.json");
        string png = Path.Combine(_dir, "r.png"), xml = Path.Combine(_dir, "r.xml");
        var (code, _, err) = CliHarness.Run("regimen", "--drug", "ketamine", "--dose", "0.5mg/kg", "--route", "infusion:40min",
            "--simulate", "24h", "--step", "15min", "--out", csv, "--summary", json, "--plot", png, "--export-model", xml);
        Assert.True(code == 0, err);
        var (header, rows) = CliHarness.ParseCsv(File.ReadAllText(csv));
        string[] expected =
        [
            "time_h", "plasma_ketamine_nM", "plasma_ketamine_ng_per_mL", "brain_ketamine_nM", "brain_free_ketamine_nM",
            "occupancy_SERT", "occupancy_NET", "occupancy_NMDA", "occupancy_TRKB", "trkb_surface", "trkb_signal", "bdnf",
            "plasticity", "network_state", "madrs",
        ];
        foreach (var c in expected) Assert.Contains(c, header);
        Assert.Equal(97, rows.Length);
        // Ketamine 0.5 mg/kg over 40 min peaks near the end of the infusion at about 185 ng/mL (Zarate 2006 via Zanos 2018).
        int ng = Array.IndexOf(header, "plasma_ketamine_ng_per_mL");
        var peak = rows.MaxBy(r => r[ng])!;
        Assert.InRange(peak[0], 0.5, 1.0);
        Assert.InRange(peak[ng], 185 / 2.0, 185 * 2.0);
        Assert.Contains("onset_hours", File.ReadAllText(json));
        Assert.True(new FileInfo(png).Length > 10_000);
        Assert.Contains("<sbml", File.ReadAllText(xml));
    }

    [Fact]
    public void RegimenUncertaintyAddsPercentileColumnsBandsAndTheirSpreadToTheSummary()
    {
        string csv = Path.Combine(_dir, "u.csv"), json = Path.Combine(_dir, "u.json"), png = Path.Combine(_dir, "u.png");
        var (code, _, err) = CliHarness.Run("regimen", "--drug", "fluoxetine", "--dose", "20mg", "--every", "24h", "--for", "3d",
            "--step", "12h", "--uncertainty", "12", "--seed", "9", "--out", csv, "--summary", json, "--plot", png);
        Assert.True(code == 0, err);
        var (header, rows) = CliHarness.ParseCsv(File.ReadAllText(csv));
        foreach (var band in new[] { "_p5", "_p50", "_p95" })
            Assert.Contains("brain_fluoxetine_nM" + band, header);
        int lo = Array.IndexOf(header, "brain_fluoxetine_nM_p5"), hi = Array.IndexOf(header, "brain_fluoxetine_nM_p95");
        Assert.True(rows[^1][hi] > rows[^1][lo]);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        var u = doc.RootElement.GetProperty("uncertainty");
        Assert.Equal(12, u.GetProperty("samples").GetInt32());
        Assert.Equal(9, u.GetProperty("seed").GetInt32());
        Assert.True(u.GetProperty("parameters").GetArrayLength() > 3);
        Assert.True(new FileInfo(png).Length > 10_000);
    }

    [Fact]
    public void RegimenStringsCombineCompounds()
    {
        var (code, stdout, err) = CliHarness.Run("regimen", "--regimen", "fluoxetine 20mg oral every 24h for 3d",
            "--regimen", "ketamine 0.5mg/kg infusion:40min doses 1 from 2d", "--step", "6h");
        Assert.True(code == 0, err);
        var header = stdout.Split('\n')[0].Split(',');
        Assert.Contains("plasma_norfluoxetine_nM", header);
        Assert.Contains("plasma_ketamine_nM", header);
        Assert.Contains("plasma_norketamine_nM", header);
    }

    [Theory]
    [InlineData("--drug", "fluoxetin", "--dose", "20mg")]
    [InlineData("--drug", "fluoxetine", "--dose", "-20mg")]
    [InlineData("--drug", "fluoxetine", "--dose", "20furlongs")]
    [InlineData("--drug", "fluoxetine", "--dose", "20mg", "--route", "teleport")]
    [InlineData("--drug", "fluoxetine", "--dose", "20mg", "--genotype", "xx")]
    [InlineData("--drug", "fluoxetine", "--dose", "20mg", "--step", "0h")]
    [InlineData("--species", "rat")]
    [InlineData("--drug", "fluoxetine", "--dose", "20mg", "--uncertainty", "1")]
    [InlineData("--drug", "fluoxetine", "--dose", "20mg", "--uncertainty", "5001")]
    [InlineData("--drug", "fluoxetine", "--dose", "20mg", "--seed", "4")]
    [InlineData("--drug", "fluoxetine", "--dose", "20mg", "--cholesterol", "0.2")]
    [InlineData("--drug", "fluoxetine", "--dose", "20mg", "--every", "24h", "--for", "12h")]
    [InlineData("--regimen", "fluoxetine 20mg oral every 24h for 3d", "--every", "12h")]
    [InlineData("--regimen", "fluoxetine 20mg oral every 1e-320h for 1d")]
    [InlineData("--regimen", "fluoxetine 20mg oral every 24h for 1e308w")]
    [InlineData("--drug", "fluoxetine", "--dose", "20000mg", "--every", "24h", "--for", "2d", "--strict")]
    [InlineData()]
    public void BadRegimenInputGivesOneClearLineAndExitCode2(params string[] args)
    {
        var (code, stdout, err) = CliHarness.Run(["regimen", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("trkbsim: error:", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void CompoundsShowGivesEveryParameterWithSourceAndStatus()
    {
        var (code, stdout, _) = CliHarness.Run("compounds", "show", "fluoxetine");
        Assert.Equal(0, code);
        Assert.Contains("309.33", stdout);
        Assert.Contains("measured", stdout);
        var list = CliHarness.Run("compounds", "list");
        foreach (var id in new[] { "fluoxetine", "norfluoxetine", "ketamine", "esketamine", "lsd" })
            Assert.Contains(id, list.Out);
        Assert.Equal(2, CliHarness.Run("compounds", "show", "aspirin").Code);
    }

    [Fact]
    public void ScenarioRunWritesItsFilesAndAnUnknownNameIsRejected()
    {
        var out1 = Path.Combine(_dir, "bdnf");
        var (code, stdout, err) = CliHarness.Run("scenario", "run", "bdnf-knockout", "--out", out1, "--no-plots");
        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(out1, "summary.md")));
        Assert.Contains("|", stdout);
        var bad = CliHarness.Run("scenario", "run", "no-such-scenario", "--out", Path.Combine(_dir, "x"));
        Assert.Equal(2, bad.Code);
        Assert.False(Directory.Exists(Path.Combine(_dir, "x")));
    }

    [Fact]
    public void TrialRejectsImpossibleNumbersAndLeavesNoFolder()
    {
        var outDir = Path.Combine(_dir, "trial");
        var (code, _, err) = CliHarness.Run("trial", "--arm", "flx: fluoxetine 20mg oral every 24h", "--n", "0", "--out", outDir);
        Assert.Equal(2, code);
        Assert.Contains("--n", err);
        Assert.False(Directory.Exists(outDir));
        var bad = CliHarness.Run("trial", "--arm", "nonsense", "--out", outDir);
        Assert.Equal(2, bad.Code);
        Assert.False(Directory.Exists(outDir));
        var resolution = CliHarness.Run("trial", "--arm", "pbo: placebo", "--timecourses", "hourly", "--out", outDir);
        Assert.Equal(2, resolution.Code);
        Assert.Equal("trkbsim: error: --timecourses hourly: use daily, weekly or none", resolution.Err.Trim());
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void SmallTrialWritesSummaryAndItsDatabaseAnswersQueries()
    {
        var outDir = Path.Combine(_dir, "trial");
        var (code, _, err) = CliHarness.Run("trial", "--arm", "flx: fluoxetine 20mg oral every 24h", "--arm", "pbo: placebo",
            "--n", "20", "--weeks", "2", "--threads", "2", "--out", outDir);
        Assert.True(code == 0, err);
        var summary = File.ReadAllLines(Path.Combine(outDir, "summary.csv"));
        Assert.StartsWith("arm,week,n,mean_madrs,mean_change,sd_change,response_rate,remission_rate", summary[0]);
        var q = CliHarness.Run("query", outDir, "SELECT count(*) AS n FROM subjects", "--csv");
        Assert.Equal(0, q.Code);
        Assert.Contains("40", q.Out);
    }

    [Fact]
    public void ArmsNamedByCompoundAloneRunTheIssuesCommandAsWritten()
    {
        // `--arm fluoxetine --arm placebo` is the same trial as the arms written out in full: same files, same bytes.
        var shortDir = Path.Combine(_dir, "short");
        var longDir = Path.Combine(_dir, "long");
        var shortRun = CliHarness.Run("trial", "--arm", "fluoxetine", "--arm", "placebo", "--n", "24", "--weeks", "2", "--out", shortDir);
        Assert.True(shortRun.Code == 0, shortRun.Err);
        Assert.Contains("arm fluoxetine: fluoxetine 20mg oral every 24h (the low end of its clinical dose", shortRun.Err);
        Assert.DoesNotContain("arm placebo:", shortRun.Err);
        var longRun = CliHarness.Run("trial", "--arm", "fluoxetine: fluoxetine 20mg oral every 24h", "--arm", "placebo: placebo",
            "--n", "24", "--weeks", "2", "--out", longDir);
        Assert.True(longRun.Code == 0, longRun.Err);
        foreach (var file in new[] { "summary.csv", "subjects.csv", "time_to_response.csv", "madrs_percentiles.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(longDir, file)), File.ReadAllBytes(Path.Combine(shortDir, file)));
        Assert.Contains("fluoxetine,", File.ReadAllText(Path.Combine(shortDir, "summary.csv")));
    }

    [Fact]
    public void TrialIntoAFolderWithUserFilesRefusesAndWithForceKeepsThem()
    {
        // A user's working folder: the trial must not delete or change anything in it.
        var work = Path.Combine(_dir, "work");
        Directory.CreateDirectory(Path.Combine(work, "sub"));
        File.WriteAllText(Path.Combine(work, "mydata.csv"), "a,b\n1,2\n");
        File.WriteAllText(Path.Combine(work, "sub", "notes.txt"), "keep me");
        var refused = CliHarness.Run("trial", "--arm", "pbo: placebo", "--n", "4", "--weeks", "1", "--out", work);
        Assert.Equal(2, refused.Code);
        Assert.Contains("not empty", refused.Err);
        Assert.Equal(["mydata.csv", "sub"], Directory.EnumerateFileSystemEntries(work).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray());

        var forced = CliHarness.Run("trial", "--arm", "pbo: placebo", "--n", "4", "--weeks", "1", "--force", "--out", work);
        Assert.True(forced.Code == 0, forced.Err);
        Assert.Equal("a,b\n1,2\n", File.ReadAllText(Path.Combine(work, "mydata.csv")));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(work, "sub", "notes.txt")));
        Assert.True(File.Exists(Path.Combine(work, "summary.csv")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_dir), p => Path.GetFileName(p).StartsWith('.'));
    }

    [Fact]
    public void RegimenWithAnUnwritablePlotPathFailsBeforeSimulatingAndWritesNothing()
    {
        var csv = Path.Combine(_dir, "flx.csv");
        var summary = Path.Combine(_dir, "flx.json");
        var (code, _, err) = CliHarness.Run("regimen", "--drug", "fluoxetine", "--dose", "20mg", "--every", "24h", "--for", "3d",
            "--out", csv, "--summary", summary, "--plot", Path.Combine(_dir, "no-such-folder", "flx.png"));
        Assert.Equal(2, code);
        Assert.Contains("--plot", err);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));

        File.WriteAllText(csv, "user file");
        var again = CliHarness.Run("regimen", "--drug", "fluoxetine", "--dose", "20mg", "--every", "24h", "--for", "3d", "--out", csv);
        Assert.Equal(2, again.Code);
        Assert.Contains("--force", again.Err);
        Assert.Equal("user file", File.ReadAllText(csv));
    }

    [Fact]
    public void ExperimentRunWritesResultJsonWithMeanSemAndNPerGroupAndReadout()
    {
        string dir = Path.Combine(_dir, "od");
        var (code, stdout, err) = CliHarness.Run("experiment", "run", "ocular-dominance", "--animals", "4", "--no-plots", "--out", dir);
        Assert.True(code == 0, err);
        Assert.Contains("Published results", stdout);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "result.json")));
        var root = doc.RootElement;
        Assert.Equal("ocular-dominance", root.GetProperty("experiment").GetString());
        var shift = root.GetProperty("groups").GetProperty("drug-md").GetProperty("odi_shift");
        Assert.Equal(4, shift.GetProperty("n").GetInt32());
        Assert.True(shift.GetProperty("mean").GetDouble() > 0.1);
        Assert.True(shift.GetProperty("sem").GetDouble() > 0);
        Assert.True(root.GetProperty("comparisons")[0].GetProperty("p").GetDouble() is >= 0 and <= 1);
        Assert.True(File.Exists(Path.Combine(dir, "vehicle-md.csv")));
        var list = CliHarness.Run("experiment", "list");
        Assert.Contains("ocular-dominance", list.Out);
    }

    [Theory]
    [InlineData("experiment", "run", "no-such", "--out", "OUT")]
    [InlineData("experiment", "run", "ocular-dominance", "--species", "human", "--out", "OUT")]
    [InlineData("experiment", "run", "ocular-dominance", "--genotype", "y433f", "--out", "OUT")]
    [InlineData("experiment", "run", "ocular-dominance", "--animals", "1", "--out", "OUT")]
    [InlineData("experiment", "run", "ocular-dominance", "--dose", "10mg/kg", "--out", "OUT")]
    [InlineData("experiment", "run", "ocular-dominance", "--regimen", "fluoxetine 10mg/kg ip every 24h for 2w", "--out", "OUT")]
    public void BadExperimentInputGivesExitCode2AndNoOutput(params string[] args)
    {
        string dir = Path.Combine(_dir, "bad");
        var (code, stdout, err) = CliHarness.Run([.. args.Select(a => a == "OUT" ? dir : a)]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("trkbsim: error:", err);
        Assert.False(Directory.Exists(dir), "a failed experiment must leave no output folder");
    }

    [Fact]
    public void ADoseOutsideTheClinicalRangeWarnsAndNamesTheRange()
    {
        var (code, _, err) = CliHarness.Run("regimen", "--drug", "fluoxetine", "--dose", "200mg", "--every", "24h", "--for", "2d", "--step", "24h");
        Assert.Equal(0, code);
        Assert.Contains("trkbsim: warning: fluoxetine: a daily amount of 200 mg/day is 2.5 times the top of the clinical range 20-80 mg/day", err);
        var ok = CliHarness.Run("regimen", "--drug", "fluoxetine", "--dose", "40mg", "--every", "24h", "--for", "2d", "--step", "24h");
        Assert.DoesNotContain("warning", ok.Err);
        var chol = CliHarness.Run("regimen", "--drug", "fluoxetine", "--dose", "20mg", "--cholesterol", "20mol%", "--step", "24h");
        Assert.True(chol.Code == 0, chol.Err);
    }
}
