using TrkbSim.Analysis.SteadyState;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Simulation;

namespace TrkbSim.Analysis.Tests.SteadyState;

/// <summary>Periodic steady states under periodic doses and forcing, against analytic solutions.</summary>
public class PeriodicSteadyStateTests
{
    static Simulator Sim(string body) => ModelCompiler.Compile(AntimonyReader.Parse($"model m()\n{body}\nend\n", "m.ant")).CreateSimulator();

    static double State(PeriodicSteadyStateResult r, string id) => r.State[r.StateIds.IndexOf(id)];

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.005)]
    public void ARepeatedBolusGivesTheGeometricSeriesTrough(double k)
    {
        // A dose D at t = 1 of every 4-unit period, first-order loss k: the state at the start of a period is
        // X = D e^{-3k} / (1 - e^{-4k}); the one Floquet multiplier is e^{-4k}. With k = 0.005 plain periods would
        // need ~1,000 periods to come within 1e-6: Newton needs a handful.
        var sim = Sim($"A' = -k*A; A = 0; k = {k}; D = 100; E1: at (time >= 1): A = A + D;");
        var r = PeriodicSteadyState.Solve(sim, new PeriodicSteadyStateOptions { Period = 4 });
        double expected = 100 * Math.Exp(-3 * k) / (1 - Math.Exp(-4 * k));
        Assert.Equal(1, State(r, "A") / expected, 6);
        Assert.Equal(Math.Exp(-4 * k), r.MaxFloquetMultiplier!.Value, 4);
        Assert.True(r.Residual <= 1);
        Assert.True(r.PeriodsSimulated < 40, $"{r.PeriodsSimulated} periods simulated");
    }

    [Fact]
    public void ASinusoidallyForcedDecayStartsOnItsPeriodicSolution()
    {
        // x' = -k x + sin(w t) has the periodic solution (k sin wt - w cos wt) / (k^2 + w^2): at t = 0, -w / (k^2 + w^2).
        double k = 0.05, w = 2 * Math.PI;
        var sim = Sim($"x' = -k*x + sin(w*time); x = 3; k = {k}; w = {w};");
        var r = PeriodicSteadyState.Solve(sim, new PeriodicSteadyStateOptions { Period = 1 });
        Assert.True(Math.Abs(State(r, "x") + w / (k * k + w * w)) < 1e-7, $"x = {State(r, "x")}, expected {-w / (k * k + w * w)}, {r.NewtonIterations} iterations, {r.PeriodsSimulated} periods");
    }

    [Fact]
    public void AConservedTotalIsKeptUnderForcing()
    {
        // A <-> B with a forward rate that rises and falls over each period: A + B stays at its initial 10, and one
        // period from the periodic state returns to it.
        var sim = Sim("""
            species A = 10, B = 0;
            r1: A -> B; k1*A*(1 + 0.9*sin(2*pi*time/24));
            r2: B -> A; k2*B;
            k1 = 0.2; k2 = 0.05;
            """);
        var r = PeriodicSteadyState.Solve(sim, new PeriodicSteadyStateOptions { Period = 24 });
        Assert.Equal(10, State(r, "A") + State(r, "B"), 8);
        var after = sim.Run(new SimulationSettings { Start = 0, End = 24, Times = [24], Variables = ["A", "B"], InitialState = r.State, RelTol = 1e-10, AbsTol = 1e-13 });
        Assert.Equal(State(r, "A"), after.Values[0][0], 5);
        Assert.Equal(State(r, "B"), after.Values[1][0], 5);
        Assert.InRange(r.MaxFloquetMultiplier!.Value, 0, 1);
    }

    [Fact]
    public void GrowthHasNoPeriodicState()
    {
        var sim = Sim("x' = 1 + sin(time); x = 0;");
        var e = Assert.Throws<NoSteadyStateException>(() =>
            PeriodicSteadyState.Solve(sim, new PeriodicSteadyStateOptions { Period = 2 * Math.PI, MaxIterations = 3, MaxPlainPeriods = 20 }));
        Assert.Contains("no periodic steady state", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStartStateOfTheWrongSizeIsRefused()
    {
        var sim = Sim("x' = -x; x = 1;");
        var e = Assert.Throws<ArgumentException>(() => sim.Run(new SimulationSettings { End = 1, InitialState = [1.0, 2.0] }));
        Assert.Contains("1 states", e.Message, StringComparison.Ordinal);
    }
}
