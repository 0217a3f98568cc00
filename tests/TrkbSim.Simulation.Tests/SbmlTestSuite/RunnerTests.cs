using System.Globalization;
using TrkbSim.Modeling;
using TrkbSim.Simulation.SbmlTestSuite;

namespace TrkbSim.Simulation.Tests.SbmlTestSuite;

/// <summary>The runner on synthetic case folders with stand-in simulators: statuses, reasons, totals and JSON.</summary>
public sealed class RunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trkbsim-suite-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string DecayModel = """
        <?xml version="1.0" encoding="UTF-8"?>
        <sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
          <model id="decay">
            <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
            <listOfSpecies><species id="S" compartment="c" initialAmount="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>
            <listOfParameters><parameter id="k" value="0.5" constant="true"/></listOfParameters>
          </model>
        </sbml>
        """;

    /// <summary>Writes case folder NNNNN with S(t) = exp(-k t) as expected results.</summary>
    private void WriteCase(string id, string testType = "TimeCourse", string componentTags = "Compartment, Species", string sbmlSuffix = "l3v2")
    {
        var d = Directory.CreateDirectory(Path.Combine(_dir, id)).FullName;
        File.WriteAllText(Path.Combine(d, $"{id}-sbml-{sbmlSuffix}.xml"), DecayModel);
        File.WriteAllText(Path.Combine(d, $"{id}-settings.txt"),
            "start: 0\nduration: 2\nsteps: 4\nvariables: S, k\nabsolute: 1e-6\nrelative: 1e-4\namount: S\nconcentration:\n");
        File.WriteAllText(Path.Combine(d, $"{id}-model.m"),
            $"(*\ncomponentTags: {componentTags}\ntestTags: Amount\ntestType: {testType}\n*)\n");
        var rows = Enumerable.Range(0, 5).Select(i => i * 0.5)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t},{System.Math.Exp(-0.5 * t):R},0.5"));
        File.WriteAllText(Path.Combine(d, $"{id}-results.csv"), "time,S,k\n" + string.Join("\n", rows) + "\n");
    }

    /// <summary>Returns exp(-k t) (times <paramref name="scale"/>) for S and k for k; records what it was asked.</summary>
    private sealed class DecaySimulator(double scale = 1, Exception? fail = null) : ICaseSimulator
    {
        public List<string> Requested { get; } = [];

        public SimulatedTable Simulate(Model model, CaseSettings settings, IReadOnlyList<string> outputs)
        {
            if (fail is not null) throw fail;
            lock (Requested) Requested.AddRange(outputs);
            var times = Enumerable.Range(0, settings.Steps + 1).Select(i => settings.Start + i * settings.Duration / settings.Steps).ToArray();
            var k = model.FindParameter("k")!.Value!.Value;
            var values = outputs.Select(o => o == "k" ? times.Select(_ => k).ToArray() : times.Select(t => scale * System.Math.Exp(-k * t)).ToArray()).ToArray();
            return new SimulatedTable(times, values);
        }
    }

    private SuiteReport Run(ICaseSimulator sim, IReadOnlyCollection<string>? only = null) =>
        SbmlTestSuiteRunner.Run(_dir, only, 2, sim, TimeSpan.FromSeconds(30));

    [Fact]
    public void MatchingSimulationPassesAndAsksForAmounts()
    {
        WriteCase("00001");
        var sim = new DecaySimulator();
        var report = Run(sim);
        var c = Assert.Single(report.Cases);
        Assert.Equal(CaseStatus.Passed, c.Status);
        Assert.Equal("00001-sbml-l3v2.xml", c.SbmlFile);
        Assert.Equal(new[] { "amount(S)", "k" }, sim.Requested.ToArray());
        Assert.True(c.Worst!.Ratio < 1e-3);
        Assert.Equal(new StatusCounts(1, 0, 0, 0), report.Totals);
    }

    [Fact]
    public void DeviationBeyondToleranceFailsWithTheWorstPoint()
    {
        WriteCase("00002");
        var c = Assert.Single(Run(new DecaySimulator(scale: 1.001)).Cases);
        Assert.Equal(CaseStatus.Failed, c.Status);
        Assert.Equal("S", c.Worst!.Variable);
        Assert.Equal(0.0, c.Worst.Time);
        Assert.Equal(1.0, c.Worst.Expected);
        Assert.Equal(1.001, c.Worst.Actual, 12);
        Assert.Contains("S at t=0", c.Reason);
    }

    [Fact]
    public void UnsupportedAndErrorsAreReportedPerCaseNotThrown()
    {
        WriteCase("00003", testType: "FluxBalanceSteadyState");
        WriteCase("00004", componentTags: "fbc:FluxBound, Species");
        var report = Run(new DecaySimulator(fail: new UnsupportedFeatureException("algebraic rules")));
        WriteCase("00005");
        var all = Run(new DecaySimulator(fail: new InvalidOperationException("boom")));
        Assert.All(report.Cases, c => Assert.Equal(CaseStatus.Unsupported, c.Status));
        Assert.Contains("FluxBalanceSteadyState", report.Cases[0].Reason);
        Assert.Contains("fbc", report.Cases[1].Reason);
        var boom = all.Cases.Single(c => c.Id == "00005");
        Assert.Equal(CaseStatus.Error, boom.Status);
        Assert.Equal("InvalidOperationException: boom", boom.Reason);

        var unsupported = Run(new DecaySimulator(fail: new UnsupportedFeatureException("algebraic rules")), ["5"]);
        var u = Assert.Single(unsupported.Cases);
        Assert.Equal((CaseStatus.Unsupported, "algebraic rules"), (u.Status, u.Reason));
    }

    [Fact]
    public void BrokenCaseFilesAreErrors()
    {
        WriteCase("00006");
        File.WriteAllText(Path.Combine(_dir, "00006", "00006-sbml-l3v2.xml"), "<sbml><model>");
        var c = Assert.Single(Run(new DecaySimulator()).Cases);
        Assert.Equal(CaseStatus.Error, c.Status);
        Assert.Contains("00006-sbml-l3v2.xml:", c.Reason);
    }

    [Fact]
    public void NewestLevelIsPreferred()
    {
        WriteCase("00007", sbmlSuffix: "l2v4");
        File.Copy(Path.Combine(_dir, "00007", "00007-sbml-l2v4.xml"), Path.Combine(_dir, "00007", "00007-sbml-l3v1.xml"));
        Assert.EndsWith("00007-sbml-l3v1.xml", SbmlTestCase.Load(Path.Combine(_dir, "00007")).SbmlFile);
    }

    [Fact]
    public void TotalsByTagAndJsonRoundTrip()
    {
        WriteCase("00008");
        WriteCase("00009", componentTags: "Compartment, fbc:FluxBound");
        var report = Run(new DecaySimulator());
        Assert.Equal(new StatusCounts(1, 0, 1, 0), report.Totals);
        Assert.Equal(new StatusCounts(1, 0, 1, 0), report.ByComponentTag["Compartment"]);
        Assert.Equal(new StatusCounts(1, 0, 0, 0), report.ByComponentTag["Species"]);
        Assert.Equal(2, report.ByTestTag["Amount"].Total);
        var json = report.ToJson();
        Assert.Contains("\"status\": \"passed\"", json);
        var back = SuiteReport.FromJson(json);
        Assert.Equal(report.Totals, back.Totals);
        Assert.Equal(report.Cases.Select(c => (c.Id, c.Status)), back.Cases.Select(c => (c.Id, c.Status)));
    }
}
