namespace TrkbSim.Cli.Tests;

[Collection("cli")]
public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _dir = CliHarness.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Decay = """
        // first-order decay: A(t) = 10 exp(-0.3 t)
        J1: A -> ; k*A
        A = 10
        k = 0.3
        """;

    [Fact]
    public void DecayMatchesTheAnalyticSolutionAtEveryOutputTime()
    {
        var model = CliHarness.Write(_dir, "decay.ant", Decay);
        var (code, stdout, _) = CliHarness.Run("simulate", model, "--end", "10", "--steps", "20", "--rtol", "1e-10", "--atol", "1e-14");
        Assert.Equal(0, code);
        var (header, rows) = CliHarness.ParseCsv(stdout);
        Assert.Equal("time", header[0]);
        int a = Array.IndexOf(header, "A");
        Assert.True(a > 0);
        Assert.Equal(21, rows.Length);
        foreach (var r in rows)
            Assert.Equal(10 * Math.Exp(-0.3 * r[0]), r[a], 1e-8);
    }

    [Fact]
    public void SetChangesAParameterWithoutEditingTheModel()
    {
        var model = CliHarness.Write(_dir, "decay.ant", Decay);
        var (code, stdout, _) = CliHarness.Run("simulate", model, "--end", "2", "--times", "0,1,2", "--set", "k=1", "--vars", "A", "--rtol", "1e-10");
        Assert.Equal(0, code);
        var (header, rows) = CliHarness.ParseCsv(stdout);
        Assert.Equal(["time", "A"], header);
        Assert.Equal(10 * Math.Exp(-2), rows[2][1], 1e-7);
    }

    [Fact]
    public void AtolForSetsOneStatesToleranceAndRejectsWhatIsNotAState()
    {
        var model = CliHarness.Write(_dir, "decay.ant", Decay);
        var (code, stdout, _) = CliHarness.Run("simulate", model, "--end", "10", "--steps", "10", "--rtol", "1e-8", "--atol-for", "A=1e-12");
        Assert.Equal(0, code);
        var (header, rows) = CliHarness.ParseCsv(stdout);
        int a = Array.IndexOf(header, "A");
        Assert.Equal(10 * Math.Exp(-3), rows[10][a], 1e-6);

        var (bad, _, stderr) = CliHarness.Run("simulate", model, "--end", "1", "--atol-for", "k=1e-6");
        Assert.Equal(2, bad);
        Assert.Contains("--atol-for k", stderr);
        Assert.Contains("states: A", stderr);
        var (negative, _, stderr2) = CliHarness.Run("simulate", model, "--end", "1", "--atol-for", "A=-1");
        Assert.Equal(2, negative);
        Assert.Contains("--atol-for A", stderr2);
    }

    [Fact]
    public void JsonOutputHoldsColumnsAndValues()
    {
        var model = CliHarness.Write(_dir, "decay.ant", Decay);
        var outFile = Path.Combine(_dir, "r.json");
        var (code, _, _) = CliHarness.Run("simulate", model, "--end", "1", "--steps", "2", "--out", outFile);
        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(outFile));
        Assert.Equal(3, doc.RootElement.GetProperty("time").GetArrayLength());
        Assert.Equal(3, doc.RootElement.GetProperty("values").GetProperty("A").GetArrayLength());
    }

    /// <summary>Robertson's stiff problem written with rate rules, against the Hairer-Wanner reference values at t = 40.</summary>
    [Fact]
    public void StiffRateRuleModelAgreesWithThePublishedReference()
    {
        var model = CliHarness.Write(_dir, "rober.ant", """
            y1' = -0.04*y1 + 1e4*y2*y3
            y2' = 0.04*y1 - 1e4*y2*y3 - 3e7*y2^2
            y3' = 3e7*y2^2
            y1 = 1; y2 = 0; y3 = 0
            """);
        var (code, stdout, err) = CliHarness.Run("simulate", model, "--end", "40", "--times", "40", "--rtol", "1e-8", "--atol", "1e-14", "--solver", "rodas5p");
        Assert.True(code == 0, err);
        var (header, rows) = CliHarness.ParseCsv(stdout);
        double Y(string id) => rows[^1][Array.IndexOf(header, id)];
        Assert.Equal(0.7158270687, Y("y1"), 0.7158270687 * 1e-6);
        Assert.Equal(9.185534764e-6, Y("y2"), 9.185534764e-6 * 1e-5);
        Assert.Equal(0.2841637457, Y("y3"), 0.2841637457 * 1e-6);
    }

    /// <summary>The same problem with the sparse LU chosen on the command line.</summary>
    [Fact]
    public void LinearSolverOptionSelectsSparseLu()
    {
        var model = CliHarness.Write(_dir, "rober.ant", """
            y1' = -0.04*y1 + 1e4*y2*y3
            y2' = 0.04*y1 - 1e4*y2*y3 - 3e7*y2^2
            y3' = 3e7*y2^2
            y1 = 1; y2 = 0; y3 = 0
            """);
        var (code, stdout, err) = CliHarness.Run("simulate", model, "--end", "40", "--times", "40", "--rtol", "1e-8", "--atol", "1e-14",
            "--solver", "rodas5p", "--linear-solver", "sparse");
        Assert.True(code == 0, err);
        var (header, rows) = CliHarness.ParseCsv(stdout);
        Assert.Equal(0.7158270687, rows[^1][Array.IndexOf(header, "y1")], 0.7158270687 * 1e-6);
    }

    [Theory]
    [InlineData(new[] { "simulate", "MODEL" }, "--end")]
    [InlineData(new[] { "simulate", "MODEL", "--end", "5", "--solver", "euler" }, "--solver")]
    [InlineData(new[] { "simulate", "MODEL", "--end", "5", "--linear-solver", "klu" }, "--linear-solver")]
    [InlineData(new[] { "simulate", "MODEL", "--end", "5", "--steps", "0" }, "--steps")]
    [InlineData(new[] { "simulate", "MODEL", "--end", "-1" }, "--end")]
    [InlineData(new[] { "simulate", "MODEL", "--end", "5", "--rtol", "2" }, "--rtol")]
    [InlineData(new[] { "simulate", "MODEL", "--end", "5", "--set", "k" }, "--set")]
    [InlineData(new[] { "simulate", "MODEL", "--end", "5", "--set", "nope=1" }, "nope")]
    [InlineData(new[] { "simulate", "MODEL", "--end", "5", "--out", "x.txt" }, "--out")]
    [InlineData(new[] { "simulate", "MODEL", "--end", "5", "--vars", "A,nope" }, "--vars")]
    [InlineData(new[] { "simulate", "MODEL", "--end", "5", "--vars", "amount(k)" }, "--vars")]
    public void BadUsageExitsWithCode2AndNamesTheOption(string[] args, string named)
    {
        var model = CliHarness.Write(_dir, "decay.ant", Decay);
        var (code, _, err) = CliHarness.Run([.. args.Select(a => a == "MODEL" ? model : a)]);
        Assert.Equal(2, code);
        Assert.Contains(named, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void ModelErrorGivesLocationAndExitCode3AndNoOutputFile()
    {
        var model = CliHarness.Write(_dir, "bad.ant", "J1: A -> B; k*A\nA = 1\nk = 2 *\n");
        var outFile = Path.Combine(_dir, "out.csv");
        var (code, _, err) = CliHarness.Run("simulate", model, "--end", "1", "--out", outFile);
        Assert.Equal(3, code);
        // The expression 'k = 2 *' continues over the line break and ends at the end of the file.
        Assert.Contains("bad.ant:4:1:", err);
        Assert.Contains("expected", err);
        Assert.False(File.Exists(outFile));
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void UnknownIdIsAModelError()
    {
        var model = CliHarness.Write(_dir, "unknown.ant", "x' = -k2*x\nx = 1\n");
        var (code, _, err) = CliHarness.Run("simulate", model, "--end", "1");
        Assert.Equal(3, code);
        Assert.Contains("k2", err);
    }

    [Fact]
    public void NumericalFailureGivesExitCode4NamesTheTimeAndLeavesNoFile()
    {
        // x' = x^2 with x(0) = 1 blows up at t = 1.
        var model = CliHarness.Write(_dir, "blowup.ant", "x' = x^2\nx = 1\n");
        var outFile = Path.Combine(_dir, "out.csv");
        var (code, _, err) = CliHarness.Run("simulate", model, "--end", "2", "--out", outFile);
        Assert.Equal(4, code);
        Assert.Contains("numerical failure", err);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public void MissingModelFileIsAUsageError()
    {
        var (code, _, err) = CliHarness.Run("simulate", Path.Combine(_dir, "none.ant"), "--end", "1");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", err);
    }

    [Fact]
    public void ConvertToSbmlAndBackGivesTheSameSimulation()
    {
        var model = CliHarness.Write(_dir, "decay.ant", Decay + "\nat time > 5: A = A + 10\n");
        var xml = Path.Combine(_dir, "decay.xml");
        var back = Path.Combine(_dir, "back.ant");
        Assert.Equal(0, CliHarness.Run("convert", model, "--to", "sbml", "--out", xml).Code);
        Assert.Contains("<sbml", File.ReadAllText(xml));
        Assert.Equal(0, CliHarness.Run("convert", xml, "--to", "antimony", "--out", back).Code);
        var a = CliHarness.Run("simulate", model, "--end", "10", "--steps", "10", "--rtol", "1e-10").Out;
        var b = CliHarness.Run("simulate", xml, "--end", "10", "--steps", "10", "--rtol", "1e-10").Out;
        var c = CliHarness.Run("simulate", back, "--end", "10", "--steps", "10", "--rtol", "1e-10").Out;
        var ra = CliHarness.ParseCsv(a).Rows;
        foreach (var other in new[] { b, c })
        {
            var ro = CliHarness.ParseCsv(other).Rows;
            for (int i = 0; i < ra.Length; i++)
                Assert.Equal(ra[i][1], ro[i][1], 1e-9);
        }
        // The event doubled the amount at t = 5: A(10) = 10 e^-3 + 10 e^-1.5.
        Assert.Equal(10 * Math.Exp(-3) + 10 * Math.Exp(-1.5), ra[^1][1], 1e-7);
    }
}
