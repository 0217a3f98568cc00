namespace TrkbSim.Cli.Tests;

/// <summary>
/// Inputs that once crashed, hung or exhausted memory: each now gets one clear error line, a non-zero exit code and
/// no stack trace, within the test's time.
/// </summary>
[Collection("cli")]
public sealed class HostileInputTests : IDisposable
{
    private readonly string _dir = CliHarness.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static void RefusedCleanly((int Code, string Out, string Err) r, int code, string expected)
    {
        Assert.Equal(code, r.Code);
        Assert.Contains(expected, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Theory]
    [InlineData("x = ", "(", "1", ")", "nested more than 200 levels deep")]
    [InlineData("y = ", "-", "1", "", "nested more than 200 levels deep")]
    public void DeeplyNestedAntimonyIsRefused(string head, string open, string atom, string close, string expected)
    {
        string text = head + string.Concat(Enumerable.Repeat(open, 10_000)) + atom + string.Concat(Enumerable.Repeat(close, 10_000)) + ";\n";
        RefusedCleanly(CliHarness.Run("simulate", CliHarness.Write(_dir, "deep.ant", text), "--end", "1"), 3, expected);
    }

    [Fact]
    public void ALongOperatorChainIsRefusedAndAShortOneRuns()
    {
        string Chain(int n) => "x = " + string.Join("+", Enumerable.Repeat("1", n)) + ";\ny' = x;\ny = 0;\n";
        RefusedCleanly(CliHarness.Run("simulate", CliHarness.Write(_dir, "long.ant", Chain(5000)), "--end", "1"), 3, "deeper than 1000 levels");
        var ok = CliHarness.Run("simulate", CliHarness.Write(_dir, "short.ant", Chain(900)), "--end", "1", "--times", "1");
        Assert.True(ok.Code == 0, ok.Err);
        Assert.Contains("1,900", ok.Out);
    }

    [Fact]
    public void DeeplyNestedMathMLIsRefused()
    {
        string body = "<ci>x</ci>";
        for (int i = 0; i < 10_000; i++) body = "<apply><minus/>" + body + "</apply>";
        string sbml = "<?xml version=\"1.0\"?><sbml xmlns=\"http://www.sbml.org/sbml/level3/version2/core\" level=\"3\" version=\"2\"><model id=\"m\">" +
            "<listOfParameters><parameter id=\"x\" value=\"1\" constant=\"false\"/></listOfParameters><listOfRules><rateRule variable=\"x\">" +
            "<math xmlns=\"http://www.w3.org/1998/Math/MathML\">" + body + "</math></rateRule></listOfRules></model></sbml>";
        RefusedCleanly(CliHarness.Run("simulate", CliHarness.Write(_dir, "deep.xml", sbml), "--end", "1"), 3, "math nested more than 200 levels deep");
    }

    [Fact]
    public void FunctionsThatDoubleOnEachLevelAreRefusedBeforeTheyExpand()
    {
        var lines = new List<string> { "function f0(x)\n  x\nend" };
        for (int k = 1; k <= 40; k++) lines.Add($"function f{k}(x)\n  f{k - 1}(x) + f{k - 1}(x)\nend");
        lines.Add("y = f40(time);\nz' = y;\nz = 0;");
        RefusedCleanly(CliHarness.Run("simulate", CliHarness.Write(_dir, "double.ant", string.Join("\n", lines)), "--end", "1"), 3, "terms nested");
    }

    [Fact]
    public void APipeOrAnEmptyFileIsNotRead()
    {
        string empty = CliHarness.Write(_dir, "empty.ant", "");
        RefusedCleanly(CliHarness.Run("simulate", empty, "--end", "1"), 2, "is empty or not a regular file");
        if (OperatingSystem.IsWindows()) return;
        string fifo = Path.Combine(_dir, "pipe.ant");
        using (var p = System.Diagnostics.Process.Start("mkfifo", fifo)) p.WaitForExit();
        Assert.True(File.Exists(fifo));
        RefusedCleanly(CliHarness.Run("simulate", fifo, "--end", "1"), 2, "is empty or not a regular file (a pipe or a device)");
        RefusedCleanly(CliHarness.Run("regimen", "--drug", "fluoxetine", "--dose", "20mg", "--compounds", fifo), 2, "not a regular file");
    }

    [Theory]
    [InlineData("regimen", "--drug", "fluoxetine", "--dose", "20mg", "--simulate", "١٢d")]
    [InlineData("regimen", "--drug", "fluoxetine", "--dose", "٢٠mg")]
    [InlineData("regimen", "--drug", "fluoxetine", "--dose", "20mg", "--every", "２４h", "--for", "3d")]
    public void NonAsciiDigitsAreRefusedWithTheOption(params string[] args)
    {
        var r = CliHarness.Run(args);
        Assert.Equal(2, r.Code);
        Assert.StartsWith("trkbsim: error:", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void AReactionWithoutKineticLawWarnsAndANegativeCompartmentIsRefused()
    {
        var r = CliHarness.Run("simulate", CliHarness.Write(_dir, "nolaw.ant", "model m\nJ0: A -> B;\nA = 1; B = 0;\nend\n"), "--end", "1", "--times", "1");
        Assert.Equal(0, r.Code);
        Assert.Contains("trkbsim: warning: reaction 'J0' has no kinetic law; it is simulated with rate 0", r.Err);
        RefusedCleanly(CliHarness.Run("simulate", CliHarness.Write(_dir, "neg.ant", "compartment c = -1;\nspecies S in c = 1;\nS' = -S;\n"), "--end", "1"),
            3, "compartment 'c' has size -1; a size must be >= 0");
    }

    [Theory]
    [InlineData("--threads", "100000", "--weeks", "1", "at most")]
    [InlineData("--n", "10000000", "--weeks", "52", "subject-weeks; at most 200,000,000")]
    [InlineData("--max-time", "5x", "--weeks", "1", "expected a positive time with a unit")]
    public void TrialResourcesAreBounded(string o1, string v1, string o2, string v2, string expected)
    {
        string outDir = Path.Combine(_dir, "trial");
        RefusedCleanly(CliHarness.Run("trial", "--arm", "a: fluoxetine 20mg oral every 24h", o1, v1, o2, v2, "--out", outDir), 2, expected);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void ATrialOverItsTimeBudgetStopsAndLeavesNothing()
    {
        string outDir = Path.Combine(_dir, "slow");
        RefusedCleanly(CliHarness.Run("trial", "--arm", "a: fluoxetine 20mg oral every 24h", "--n", "50000", "--weeks", "8", "--max-time", "1s", "--out", outDir),
            2, "did not finish in time; nothing was written");
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void ASimulationOverItsTimeBudgetStopsAndSaysWhereItWas()
    {
        // 20,000 events run for many seconds; a 1-second budget stops the run between solver steps.
        var lines = new List<string> { "x = 0;", "x' = 1;" };
        for (int i = 0; i < 20_000; i++) lines.Add($"E{i}: at (time > {i * 0.001:0.###}): x = {i};");
        string model = CliHarness.Write(_dir, "events.ant", string.Join("\n", lines));
        string outFile = Path.Combine(_dir, "events.csv");
        RefusedCleanly(CliHarness.Run("simulate", model, "--end", "30", "--vars", "x", "--max-time", "1", "--out", outFile), 2, "the simulation was stopped at t = ");
        Assert.False(File.Exists(outFile));
    }
}
