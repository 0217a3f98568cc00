using TrkbSim.Modeling;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests;

/// <summary>delay(x, tau): delay differential equations against their piecewise-polynomial solutions, history before the start, events.</summary>
public class DelayTests
{
    private static SimulationSettings With(string solver, double end, int steps) =>
        new() { End = end, Steps = steps, Solver = solver, RelTol = 1e-10, AbsTol = 1e-12 };

    /// <summary>y' = -y(t - 1), y = 1 for t &lt;= 0, solved by the method of steps on [0, 1], [1, 2], [2, 3].</summary>
    private static double Exact(double t)
    {
        if (t <= 1) return 1 - t;
        if (t <= 2) return t * t / 2 - 2 * t + 1.5;
        double u = t - 1;
        return -u * u * u / 6 + u * u - 1.5 * u + 1.0 / 6;
    }

    [Theory]
    [InlineData("tsit5")]
    [InlineData("rodas5p")]
    [InlineData("rodas4")]
    [InlineData("auto")]
    [InlineData(Solver)]
    public void DelayDifferentialEquationFollowsTheMethodOfSteps(string solver)
    {
        var model = Model(parameters: [P("y", 1, false)], rules: [new RateRule("y", E("-delay(y, 1)"))]);
        var r = Simulate(model, With(solver, 3, 60));
        for (int i = 0; i < r.Times.Length; i++)
            Assert.True(Math.Abs(Exact(r.Times[i]) - r.Column("y")[i]) < 1e-8, $"{solver}: t = {r.Times[i]}: {r.Column("y")[i]:R} vs {Exact(r.Times[i]):R}");
        Assert.Equal(-1.0 / 6, r.Column("y")[^1], 1e-8);
    }

    [Fact]
    public void ShortDelayLimitsTheStepAndStaysAccurate()
    {
        // y' = -y(t - tau), tau = 0.05, on [0, 3 tau]: with s the time since the interval's start, y = 1 - s on the first,
        // y1 - s + s^2 / 2 on the second, y2 - y1 s + s^2 / 2 - s^3 / 6 on the third.
        const double tau = 0.05;
        var model = Model(parameters: [P("y", 1, false)], rules: [new RateRule("y", E($"-delay(y, {tau})"))]);
        var r = Simulate(model, With("tsit5", 3 * tau, 3));
        double y1 = 1 - tau;
        double y2 = y1 - tau + tau * tau / 2;
        double y3 = y2 - y1 * tau + tau * tau / 2 - tau * tau * tau / 6;
        Assert.Equal(y1, r.Column("y")[1], 1e-10);
        Assert.Equal(y2, r.Column("y")[2], 1e-10);
        Assert.Equal(y3, r.Column("y")[3], 1e-10);
    }

    [Fact]
    public void ValuesBeforeTheStartComeFromTimeDependentInitialValues()
    {
        // x was sin(10 t) up to the start and is constant after: y = 2 + delay(x, 0.5) sees the oscillation until t = 0.5.
        var model = Model(parameters: [P("x", null), P("y", null, false)],
            initial: [new InitialAssignment("x", E("sin(10 * time)"))],
            rules: [new AssignmentRule("y", E("2 + delay(x, 0.5)"))]);
        var r = Simulate(model, With("tsit5", 1, 10));
        for (int i = 0; i < r.Times.Length; i++)
        {
            double t = r.Times[i];
            Assert.Equal(2 + (t < 0.5 ? Math.Sin(10 * (t - 0.5)) : 0), r.Column("y")[i], 1e-12);
        }
    }

    [Theory]
    [InlineData("tsit5")]
    [InlineData("rodas5p")]
    public void JumpsFromEventsReachTheRatesOneDelayLater(string solver)
    {
        // A state x and a parameter k both jump from 1 to 2 at t = 1; z' = delay(x, 0.5) * delay(k, 0.5) jumps from 1 to 4
        // at t = 1.5, so z = t, then 1.5 + 4 (t - 1.5).
        var model = Model(parameters: [P("x", 1, false), P("k", 1, false), P("z", 0, false)],
            rules: [new RateRule("x", E("0")), new RateRule("z", E("delay(x, 0.5) * delay(k, 0.5)"))],
            events: [At("time >= 1", ("x", "2"), ("k", "2"))]);
        var r = Simulate(model, With(solver, 3, 6));
        double[] expected = [0, 0.5, 1, 1.5, 3.5, 5.5, 7.5];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], r.Column("z")[i], 1e-9);
    }

    [Fact]
    public void DelayedValueInATriggerAndAnEventAssignment()
    {
        // x = time; the event fires when x one time unit ago reaches 2 (t = 3) and stores x half a unit ago (2.5).
        var model = Model(parameters: [P("x", 0, false), P("tfire", -1, false), P("seen", -1, false)],
            rules: [new RateRule("x", E("1"))],
            events: [At("delay(x, 1) >= 2", ("tfire", "time"), ("seen", "delay(x, 0.5)"))]);
        var r = Simulate(model, With("tsit5", 4, 4));
        Assert.Equal(3, r.Column("tfire")[^1], 1e-9);
        Assert.Equal(2.5, r.Column("seen")[^1], 1e-9);
        Assert.Equal(-1, r.Column("tfire")[2]);
    }

    [Fact]
    public void ZeroDelayIsTheCurrentValue()
    {
        var model = Model(parameters: [P("x", 1, false), P("y", null, false)],
            rules: [new RateRule("x", E("1")), new AssignmentRule("y", E("delay(x, 0)"))]);
        var r = Simulate(model, With("tsit5", 2, 4));
        for (int i = 0; i < r.Times.Length; i++) Assert.Equal(1 + r.Times[i], r.Column("y")[i], 1e-10);
    }

    [Fact]
    public void RunsAgainWithTheSameResults()
    {
        var sim = ModelCompiler.Compile(Model(parameters: [P("y", 1, false)], rules: [new RateRule("y", E("-delay(y, 1)"))]))
            .CreateSimulator();
        var a = sim.Run(With("tsit5", 3, 6)).Column("y").ToArray();
        var b = sim.Run(With("tsit5", 3, 6)).Column("y").ToArray();
        Assert.Equal(a, b);
        Assert.Equal(-1.0 / 6, b[^1], 1e-8);
    }

    [Fact]
    public void HistoryDoesNotAllocatePerStepOnceWarm()
    {
        // Same outputs, twice the simulated time (and steps): a run must not allocate more.
        var sim = ModelCompiler.Compile(Model(parameters: [P("y", 1, false), P("w", 0, false)],
                rules: [new RateRule("y", E("-delay(y, 1) + sin(w)")), new RateRule("w", E("1 - delay(w, 0.3)"))]))
            .CreateSimulator();
        SimulationSettings Run(double end) => new() { End = end, Steps = 4, Solver = "tsit5", RelTol = 1e-10, AbsTol = 1e-12 };
        sim.Run(Run(80));
        long Measure(double end)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var r = sim.Run(Run(end));
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(r.Statistics.AcceptedSteps > 5 * end, $"{r.Statistics.AcceptedSteps} steps");
            return bytes;
        }
        long shorter = Measure(20), longer = Measure(40);
        Assert.True(longer <= shorter + 256, $"{shorter} bytes for t = 20, {longer} bytes for t = 40");
    }

    [Fact]
    public void NestedDelayIsUnsupported() =>
        Assert.StartsWith("unsupported: delay() inside the arguments of another delay()",
            Assert.Throws<UnsupportedFeatureException>(() => ModelCompiler.Compile(Model(parameters: [P("a", null, false), P("x", 1)],
                rules: [new AssignmentRule("a", E("delay(delay(x, 1), 1)"))]))).Message);

    [Fact]
    public void NegativeDelayIsAnError()
    {
        var sim = ModelCompiler.Compile(Model(parameters: [P("a", null, false), P("x", 1, false)],
            rules: [new RateRule("x", E("1")), new AssignmentRule("a", E("delay(x, 1 - time)"))])).CreateSimulator();
        var e = Assert.Throws<ModelException>(() => sim.Run(With("tsit5", 2, 2)));
        Assert.Contains("delays must be >= 0", e.Message);
    }
}
