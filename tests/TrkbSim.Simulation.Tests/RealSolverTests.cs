using TrkbSim.Modeling;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests;

/// <summary>Known-answer models run with the numerics library's solvers (by name through the registry's default factory).</summary>
public class RealSolverTests
{
    private static SimulationSettings With(string solver, double end, int steps) =>
        new() { End = end, Steps = steps, Solver = solver, RelTol = 1e-9, AbsTol = 1e-12 };

    [Theory]
    [InlineData("auto")]
    [InlineData("tsit5")]
    [InlineData("rodas5p")]
    public void SequentialReactions(string solver)
    {
        double k1 = 0.7, k2 = 0.2, a0 = 5;
        var model = Model(species: [Amount("A", a0), Amount("B", 0), Amount("C", 0)], parameters: [P("k1", k1), P("k2", k2)],
            reactions: [R("r1", "k1*A", ["A"], ["B"]), R("r2", "k2*B", ["B"], ["C"])]);
        var r = Simulate(model, With(solver, 20, 40));
        for (int i = 0; i < r.Times.Length; i++)
        {
            double t = r.Times[i];
            Assert.Equal(k1 * a0 / (k2 - k1) * (Math.Exp(-k1 * t) - Math.Exp(-k2 * t)), r.Column("B")[i], 1e-6);
        }
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("tsit5")]
    [InlineData("rodas5p")]
    public void RepeatedDosesAndStateEvent(string solver)
    {
        // Ten boluses every 12 h; state events record when the amount first exceeds 115 (at the second dose, by the
        // jump itself) and first falls below 50 (continuously, at ln 2 / ke after the first dose).
        double ke = 0.15, dose = 100, tau = 12;
        var doses = Enumerable.Range(0, 10).Select(i => At($"time >= {i * tau}", ("A", $"A + {dose}")) with { InitialValue = false });
        var model = Model(species: [Amount("A", 0, hosu: true)], parameters: [P("ke", ke), P("tcross", -1, false), P("tlow", -1, false)],
            reactions: [R("elim", "ke*A", ["A"], [])],
            events: doses.Append(At("A > 115", ("tcross", "piecewise(time, tcross < 0, tcross)")))
                .Append(At("A < 50", ("tlow", "piecewise(time, tlow < 0, tlow)"))));
        var r = Simulate(model, With(solver, 150, 150) with { Variables = ["A", "tcross", "tlow"] });
        for (int i = 0; i < r.Times.Length; i++)
        {
            double t = r.Times[i], expected = 0;
            for (int d = 0; d < 10; d++) if (d * tau <= t) expected += dose * Math.Exp(-ke * (t - d * tau));
            Assert.Equal(expected, r.Column("A")[i], 1e-5 * expected + 1e-9);
        }
        Assert.Equal(12, r.Column("tcross")[^1]);
        Assert.Equal(Math.Log(2) / ke, r.Column("tlow")[^1], 1e-7);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("rodas5p")]
    public void StiffRobertsonConservesMass(string solver)
    {
        var model = Model(species: [Amount("y1", 1), Amount("y2", 0), Amount("y3", 0)],
            reactions:
            [
                R("r1", "0.04*y1", ["y1"], ["y2"]), R("r2", "3e7*y2*y2", ["y2", "y2"], ["y2", "y3"]),
                R("r3", "1e4*y2*y3", ["y2", "y3"], ["y1", "y3"]),
            ]);
        var r = Simulate(model, new SimulationSettings { End = 1e5, Steps = 10, Solver = solver, RelTol = 1e-8, AbsTol = 1e-12 });
        for (int i = 0; i < r.Times.Length; i++)
            Assert.Equal(1.0, r.Column("y1")[i] + r.Column("y2")[i] + r.Column("y3")[i], 1e-7);
        // Reference at t = 1e5 (Hairer & Wanner): y1 = 0.01786592, y3 = 0.98213406.
        Assert.Equal(0.01786592, r.Column("y1")[^1], 1e-6);
        Assert.Equal(0.98213406, r.Column("y3")[^1], 1e-6);
    }
}
