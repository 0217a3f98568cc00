using System.Globalization;
using System.Text.Json;

namespace TrkbSim.Cli.Tests;

[Collection("cli")]
public sealed class AnalysisCommandTests : IDisposable
{
    private readonly string _dir = CliHarness.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Decay = "J1: A -> ; k*A\nA = 10\nk = 0.3\n";

    [Fact]
    public void FitRecoversARateConstantFromSlightlyPerturbedData()
    {
        var model = CliHarness.Write(_dir, "decay.ant", Decay);
        var lines = new List<string> { "time,A" };
        for (int i = 0; i <= 10; i++)
            lines.Add(FormattableString.Invariant($"{i},{10 * Math.Exp(-0.7 * i) * (1 + 0.01 * Math.Sin(i))}"));
        var data = CliHarness.Write(_dir, "data.csv", string.Join('\n', lines));
        var outFile = Path.Combine(_dir, "fit.json");
        var (code, _, err) = CliHarness.Run("fit", model, "--data", data, "--estimate", "k=[0.01,10]", "--starts", "3", "--out", outFile);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(outFile));
        var k = doc.RootElement.GetProperty("parameters").GetProperty("k");
        Assert.Equal(0.7, k.GetProperty("estimate").GetDouble(), 0.02);
        double est = k.GetProperty("estimate").GetDouble();
        Assert.True(k.GetProperty("ci_low").GetDouble() < est && est < k.GetProperty("ci_high").GetDouble());
    }

    [Theory]
    [InlineData("q=[0.1,1]", "q")]
    [InlineData("k=[1,0.1]", "low")]
    [InlineData("k=[-1,1]", "positive")]
    public void FitRejectsBadEstimates(string estimate, string named)
    {
        var model = CliHarness.Write(_dir, "decay.ant", Decay);
        var data = CliHarness.Write(_dir, "data.csv", "time,A\n0,10\n1,7\n2,5\n");
        var (code, _, err) = CliHarness.Run("fit", model, "--data", data, "--estimate", estimate);
        Assert.Equal(2, code);
        Assert.Contains(named, err);
    }

    [Fact]
    public void FitRejectsADataColumnTheModelLacks()
    {
        var model = CliHarness.Write(_dir, "decay.ant", Decay);
        var data = CliHarness.Write(_dir, "data.csv", "time,B\n0,10\n1,7\n2,5\n");
        var (code, _, err) = CliHarness.Run("fit", model, "--data", data, "--estimate", "k=[0.01,10]");
        Assert.Equal(2, code);
        Assert.Contains("B", err);
    }

    /// <summary>One-compartment oral model: C = D ka / (V (ka - ke)) (exp(-ke t) - exp(-ka t)).</summary>
    private const string Oral = "J0: Agut -> A; ka*Agut\nJ1: A -> ; ke*A\nC := A/V\nAgut = 100\nA = 0\nka = 1\nke = 0.2\nV = 10\n";

    private string OralData()
    {
        var lines = new List<string> { "time,C" };
        foreach (var t in new[] { 0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24 })
        {
            var c = 100 * 1.0 / (10 * (1.0 - 0.2)) * (Math.Exp(-0.2 * t) - Math.Exp(-1.0 * t));
            lines.Add(FormattableString.Invariant($"{t},{c * (1 + 0.03 * Math.Sin(3 * t))}"));
        }
        return CliHarness.Write(_dir, "oral.csv", string.Join('\n', lines));
    }

    [Fact]
    public void FitOfOralDataAloneReportsTheFlipFlopOptimaAndPlotsResiduals()
    {
        // Swapping ka and ke and scaling V by ke/ka gives the same curve: oral data cannot tell them apart.
        var model = CliHarness.Write(_dir, "oral.ant", Oral);
        var outFile = Path.Combine(_dir, "fit.json");
        var png = Path.Combine(_dir, "fit.png");
        var (code, _, err) = CliHarness.Run("fit", model, "--data", OralData(), "--estimate", "ka=[0.01,10]", "--estimate", "ke=[0.01,10]",
            "--estimate", "V=[0.1,100]", "--starts", "20", "--out", outFile, "--plot", png);
        Assert.True(code == 0, err);
        Assert.Contains("warning: the data do not identify the parameters", err);
        Assert.Contains("ka, ke, V differ", err);
        using var doc = JsonDocument.Parse(File.ReadAllText(outFile));
        var root = doc.RootElement;
        Assert.False(root.GetProperty("identifiable").GetBoolean());
        var p = root.GetProperty("parameters");
        double ka = p.GetProperty("ka").GetProperty("estimate").GetDouble(), ke = p.GetProperty("ke").GetProperty("estimate").GetDouble();
        double v = p.GetProperty("V").GetProperty("estimate").GetDouble();
        var alt = Assert.Single(root.GetProperty("alternative_optima").EnumerateArray()).GetProperty("parameters");
        Assert.Equal(ka, alt.GetProperty("ke").GetDouble(), 1e-3 * ka);
        Assert.Equal(ke, alt.GetProperty("ka").GetDouble(), 1e-3 * ke);
        Assert.Equal(v * ke / ka, alt.GetProperty("V").GetDouble(), 1e-3 * v * ke / ka);
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 5000, $"PNG of {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    [Fact]
    public void FitWithEliminationKnownIsIdentifiableAndSilent()
    {
        var model = CliHarness.Write(_dir, "oral.ant", Oral);
        var (code, json, err) = CliHarness.Run("fit", model, "--data", OralData(), "--estimate", "ka=[0.01,10]", "--estimate", "V=[0.1,100]", "--starts", "8");
        Assert.True(code == 0, err);
        Assert.DoesNotContain("warning", err);
        using var doc = JsonDocument.Parse(json);
        Assert.True(doc.RootElement.GetProperty("identifiable").GetBoolean());
        Assert.Equal(0, doc.RootElement.GetProperty("alternative_optima").GetArrayLength());
        Assert.Equal(1.0, doc.RootElement.GetProperty("parameters").GetProperty("ka").GetProperty("estimate").GetDouble(), 0.1);
    }

    [Theory]
    [InlineData("local", "k", "s.png")]
    [InlineData("morris", "k=uniform(0.1,1)", "s.png")]
    [InlineData("sobol", "k=uniform(0.1,1)", "s.svg")]
    public void SensitivityWritesItsFigureBesideItsJson(string method, string param, string figure)
    {
        var model = CliHarness.Write(_dir, "decay.ant", Decay);
        var outFile = Path.Combine(_dir, "s.json");
        var plot = Path.Combine(_dir, figure);
        var (code, _, err) = CliHarness.Run("sensitivity", model, "--output", "A", "--time", "2", "--method", method,
            "--param", param, "--param", method == "local" ? "A" : "A=uniform(5,15)", "--samples", "64", "--out", outFile, "--plot", plot);
        Assert.True(code == 0, err);
        Assert.True(File.Exists(outFile));
        var bytes = File.ReadAllBytes(plot);
        Assert.True(bytes.Length > 3000, $"figure of {bytes.Length} bytes");
        if (figure.EndsWith(".png", StringComparison.Ordinal)) Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        else Assert.Contains("<svg", File.ReadAllText(plot), StringComparison.Ordinal);
    }

    [Fact]
    public void SensitivityRefusesAFigureItCannotWriteAndLeavesNothing()
    {
        var model = CliHarness.Write(_dir, "decay.ant", Decay);
        var outFile = Path.Combine(_dir, "s.json");
        var (code, _, err) = CliHarness.Run("sensitivity", model, "--output", "A", "--time", "2", "--param", "k",
            "--out", outFile, "--plot", Path.Combine(_dir, "s.jpg"));
        Assert.Equal(2, code);
        Assert.Contains("--plot", err);
        Assert.Contains(".png or .svg", err);
        Assert.False(File.Exists(outFile));
        Assert.Equal(["decay.ant"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void SobolIndicesOfAnAdditiveModelFollowTheVarianceShares()
    {
        // y = a + 2 b at any time (assignment rule): Var = 1/12 + 4/12, so S_a = 0.2, S_b = 0.8.
        var model = CliHarness.Write(_dir, "add.ant", "y := a + 2*b\na = 0.5\nb = 0.5\nz' = 0\nz = 0\n");
        var outFile = Path.Combine(_dir, "s.json");
        var (code, _, err) = CliHarness.Run("sensitivity", model, "--output", "y", "--time", "1", "--method", "sobol",
            "--param", "a=uniform(0,1)", "--param", "b=uniform(0,1)", "--samples", "2048", "--seed", "3", "--out", outFile);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(outFile));
        var first = doc.RootElement.GetProperty("first_order");
        Assert.Equal(0.2, first.GetProperty("a").GetDouble(), 0.05);
        Assert.Equal(0.8, first.GetProperty("b").GetDouble(), 0.05);
    }

    [Fact]
    public void LocalSensitivityOfDecayIsMinusKTimesT()
    {
        // d ln A / d ln k = -k t for A = A0 exp(-k t).
        var model = CliHarness.Write(_dir, "decay.ant", Decay);
        var (code, stdout, err) = CliHarness.Run("sensitivity", model, "--output", "A", "--times", "0,1,2,4", "--method", "local", "--param", "k");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        var s = doc.RootElement.GetProperty("outputs").GetProperty("A").GetProperty("normalized").GetProperty("k");
        double[] t = [0, 1, 2, 4];
        for (int i = 0; i < t.Length; i++)
            Assert.Equal(-0.3 * t[i], s[i].GetDouble(), 1e-4);
    }

    [Fact]
    public void SbmlTestSuiteCommandRunsSelectedCases()
    {
        var shared = CliHarness.SharedFolder();
        Assert.NotNull(shared);
        var report = Path.Combine(_dir, "suite.json");
        var (code, stdout, err) = CliHarness.Run("sbml-test-suite", "--cases", Path.Combine(shared!, "sbml-test-suite", "cases"),
            "--only", "00001,00002,00026", "--report", report);
        Assert.True(code == 0, err + stdout);
        Assert.Contains("3 cases: 3 passed", stdout);
        Assert.True(File.Exists(report));
        _ = CultureInfo.InvariantCulture;
    }

    [Fact]
    public void SteadyStateWritesTheStateItsLawsAndStability()
    {
        var model = CliHarness.Write(_dir, "ab.ant", "r1: A -> B; k1*A\nr2: B -> A; k2*B\nA = 10\nB = 0\nk1 = 0.3\nk2 = 0.1\n");
        var outFile = Path.Combine(_dir, "ss.json");
        var (code, _, err) = CliHarness.Run("steady-state", model, "--set", "k2=0.3", "--out", outFile);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(outFile));
        var root = doc.RootElement;
        Assert.Equal(5, root.GetProperty("state").GetProperty("A").GetDouble(), 9);
        Assert.Equal(10, root.GetProperty("conservation_laws")[0].GetProperty("total").GetDouble(), 9);
        Assert.Equal(-0.6, root.GetProperty("max_real_eigenvalue").GetDouble(), 9);
        Assert.True(root.GetProperty("stable").GetBoolean());
        // Two states, one law: the dense path examines the one other eigenvalue.
        Assert.Equal("dense", root.GetProperty("eigenvalue_method").GetString());
        Assert.Equal(1, root.GetProperty("eigenvalues_examined").GetInt32());
        Assert.Equal("dense SVD", root.GetProperty("conservation_laws_search").GetString());
        Assert.DoesNotContain("could not be shown complete", err, StringComparison.Ordinal);
    }

    [Fact]
    public void SteadyStateOfAModelWithoutOneIsANumericalFailureWithNoOutput()
    {
        var model = CliHarness.Write(_dir, "grow.ant", "x' = 1\nx = 0\n");
        var outFile = Path.Combine(_dir, "none.json");
        var (code, _, err) = CliHarness.Run("steady-state", model, "--method", "newton", "--out", outFile);
        Assert.Equal(4, code);
        Assert.Contains("no steady state found", err);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public void ScanWritesItsTableAndFigureTogether()
    {
        var model = CliHarness.Write(_dir, "decay.ant", Decay);
        var csv = Path.Combine(_dir, "scan.csv");
        var png = Path.Combine(_dir, "scan.png");
        var (code, _, err) = CliHarness.Run("scan", model, "--param", "k=0.1:1:4", "--output", "A", "--time", "2", "--out", csv, "--plot", png);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("k,A@2", lines[0]);
        Assert.Equal(5, lines.Length);
        var last = lines[^1].Split(',');
        Assert.Equal(10 * Math.Exp(-2), double.Parse(last[1], CultureInfo.InvariantCulture), 5);
        Assert.True(new FileInfo(png).Length > 1000);
    }

    [Fact]
    public void SensitivityAtTimeZeroReadsTheInitialAssignments()
    {
        // A = 10*k at t = 0: the normalised sensitivity of A to k is exactly 1.
        var model = CliHarness.Write(_dir, "ia.ant", "J1: A -> ; k*A\nA = 10*k\nk = 0.3\n");
        var (code, json, err) = CliHarness.Run("sensitivity", model, "--output", "A", "--time", "0", "--param", "k");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        var a = doc.RootElement.GetProperty("outputs").GetProperty("A");
        Assert.Equal(3, a.GetProperty("values")[0].GetDouble(), 9);
        Assert.Equal(1, a.GetProperty("normalized").GetProperty("k")[0].GetDouble(), 6);
    }
}
