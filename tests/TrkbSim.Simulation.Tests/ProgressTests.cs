using TrkbSim.Modeling;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests;

public class ProgressTests
{
    private sealed class Recorder : IProgress<double>
    {
        public List<double> Values { get; } = [];
        public void Report(double value) => Values.Add(value);
    }

    [Fact]
    public void ARunReportsTheShareOfItsTimeSpanDoneOncePerPercentAndLeavesTheResultUnchanged()
    {
        var model = Model(compartments: [new Compartment("V", 1)], species: [Conc("A", 1)], parameters: [P("k", 0.3)],
            reactions: [R("decay", "k*A*V", ["A"], [])]);
        var settings = Settings(50, 500) with { Start = 10 };
        var recorder = new Recorder();
        var sim = ModelCompiler.Compile(model).CreateSimulator();
        var withProgress = sim.Run(settings with { Progress = recorder });
        var without = ModelCompiler.Compile(model).CreateSimulator().Run(settings);

        Assert.Equal(0, recorder.Values[0]);
        Assert.True(recorder.Values.Count >= 2, $"{recorder.Values.Count} reports");
        Assert.True(recorder.Values.Count <= 101);
        for (int i = 1; i < recorder.Values.Count; i++) Assert.True(recorder.Values[i] > recorder.Values[i - 1]);
        Assert.All(recorder.Values, v => Assert.InRange(v, 0, 1));
        Assert.Equal(without.Column("A"), withProgress.Column("A"));
    }
}
