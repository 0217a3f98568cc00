using TrkbSim.Analysis.SteadyState;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Simulation;

namespace TrkbSim.Analysis.Tests.SteadyState;

/// <summary>Steady states, conservation laws and stability against analytic answers.</summary>
public class SteadyStateSolverTests
{
    static Simulator Sim(string body) => ModelCompiler.Compile(AntimonyReader.Parse($"model m()\n{body}\nend\n", "m.ant")).CreateSimulator();

    static double State(SteadyStateResult r, string id) => r.State[r.StateIds.IndexOf(id)];

    [Theory]
    [InlineData(SteadyStateMethod.Newton)]
    [InlineData(SteadyStateMethod.Simulate)]
    [InlineData(SteadyStateMethod.Auto)]
    public void ProductionAndDegradation(SteadyStateMethod method)
    {
        // x' = k0 - k1 x: x* = k0/k1, eigenvalue -k1.
        var r = SteadyStateSolver.Solve(Sim("x' = k0 - k1*x; x = 0; k0 = 2; k1 = 0.5;"), new SteadyStateOptions { Method = method });
        Assert.Equal(4, State(r, "x"), 9);
        Assert.Equal(-0.5, r.MaxRealEigenvalue!.Value, 9);
        Assert.True(r.Stable);
        Assert.Equal(0, r.Laws.Count);
    }

    [Fact]
    public void TwoLongReversibleChainsSolvedSparseKeepTheirTotalsAndGeometricProfiles()
    {
        // X0 <-> X1 <-> ... <-> X59 and Y0 <-> ... <-> Y39 (forward 1, back 1/r): 100 states, two laws (each chain's
        // total). At steady state each step holds the ratio r: X_i = Tx r^i (1 - r) / (1 - r^60), likewise Y.
        const double r = 0.95, tx = 10, ty = 5;
        var text = new System.Text.StringBuilder("compartment C = 1;\n");
        foreach (var (name, length, total) in new[] { ("X", 60, tx), ("Y", 40, ty) })
        {
            for (int i = 0; i < length; i++) text.Append($"species {name}{i} in C = {(i == 0 ? total : 0)};\n");
            for (int i = 0; i + 1 < length; i++) text.Append($"{name}f{i}: {name}{i} -> {name}{i + 1}; {name}{i};\n{name}b{i}: {name}{i + 1} -> {name}{i}; {name}{i + 1} / {r};\n");
        }
        var sim = Sim(text.ToString());
        var laws = ConservationLaws.Find(sim.OdeSystem, sim.GetState(), 0);
        Assert.Equal(2, laws.Count);
        Assert.True(new NewtonMatrix(sim.OdeSystem, laws).IsSparse, "a 100-state network with a sparse Jacobian should be solved sparse");

        var result = SteadyStateSolver.Solve(sim, new SteadyStateOptions { Method = SteadyStateMethod.Newton });
        // The rates are linear: an exact Newton matrix lands on the steady state in one step.
        Assert.InRange(result.NewtonIterations, 1, 2);
        foreach (var (name, length, total) in new[] { ("X", 60, tx), ("Y", 40, ty) })
            for (int i = 0; i < length; i++)
            {
                double expected = total * Math.Pow(r, i) * (1 - r) / (1 - Math.Pow(r, length));
                Assert.True(Math.Abs(State(result, $"{name}{i}") / expected - 1) < 1e-9, $"{name}{i} = {State(result, $"{name}{i}")}, expected {expected}");
            }
        Assert.True(result.Stable);
    }

    [Fact]
    public void AReversibleReactionKeepsItsTotal()
    {
        // A <-> B: A* = T k2/(k1+k2); one law A + B = T; the other eigenvalue is -(k1+k2).
        var r = SteadyStateSolver.Solve(Sim("""
            compartment C = 2;
            species A in C = 10, B in C = 0;
            r1: A -> B; k1*A*C;
            r2: B -> A; k2*B*C;
            k1 = 0.3; k2 = 0.1;
            """), new SteadyStateOptions());
        Assert.Equal(1, r.Laws.Count);
        Assert.Equal([1.0, 1.0], r.Laws.Rows[0]);
        // States are amounts: 10 mM in 2 L.
        Assert.Equal(20, r.Totals[0], 9);
        Assert.Equal(20 * 0.1 / 0.4, State(r, "A"), 9);
        Assert.Equal(20 * 0.3 / 0.4, State(r, "B"), 9);
        Assert.Equal(-0.4, r.MaxRealEigenvalue!.Value, 9);
    }

    [Fact]
    public void AnEnzymeWithInputAndOutputHasItsTotalEnzymeConserved()
    {
        // S in at v; E + S <-> ES -> E + P; P out. At steady state the flux is v: ES* = v/kcat, E* = Et - ES*,
        // S* = (km1 + kcat) ES* / (k1 E*), P* = v/kd.
        const double v = 0.5, k1 = 2, km1 = 1, kcat = 3, kd = 0.25, et = 1;
        var r = SteadyStateSolver.Solve(Sim($"""
            compartment C = 1;
            species S in C = 0, E in C = {et}, ES in C = 0, P in C = 0;
            feed: -> S; {v};
            bind: E + S -> ES; {k1}*E*S;
            unbind: ES -> E + S; {km1}*ES;
            cat: ES -> E + P; {kcat}*ES;
            drain: P -> ; {kd}*P;
            """), new SteadyStateOptions());
        double es = v / kcat, e = et - es;
        Assert.Equal(1, r.Laws.Count);
        Assert.Equal(et, r.Totals[0], 9);
        Assert.Equal(es, State(r, "ES"), 8);
        Assert.Equal(e, State(r, "E"), 8);
        Assert.Equal((km1 + kcat) * es / (k1 * e), State(r, "S"), 8);
        Assert.Equal(v / kd, State(r, "P"), 8);
        Assert.True(r.Stable);
    }

    [Fact]
    public void AnUnstableSteadyStateIsFoundAndCalledUnstable()
    {
        // x' = x - x^3 from 0.1: Newton lands on x = 0, where the eigenvalue is +1.
        var r = SteadyStateSolver.Solve(Sim("x' = x - x^3; x = 0.1;"), new SteadyStateOptions { Method = SteadyStateMethod.Newton });
        Assert.Equal(0, State(r, "x"), 9);
        Assert.Equal(1, r.MaxRealEigenvalue!.Value, 9);
        Assert.False(r.Stable);
        // Integration goes to the stable state x = 1 (eigenvalue -2).
        var s = SteadyStateSolver.Solve(Sim("x' = x - x^3; x = 0.1;"), new SteadyStateOptions { Method = SteadyStateMethod.Simulate });
        Assert.Equal(1, State(s, "x"), 9);
        Assert.Equal(-2, s.MaxRealEigenvalue!.Value, 9);
    }

    [Fact]
    public void AModelWithoutASteadyStateIsReportedAsSuch()
    {
        var e = Assert.Throws<NoSteadyStateException>(() =>
            SteadyStateSolver.Solve(Sim("x' = 1; x = 0;"), new SteadyStateOptions { MaxSimulatedTime = 1e4 }));
        Assert.Contains("no steady state found", e.Message);
    }
}
