using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests;

/// <summary>Fast reactions held at equilibrium and algebraic rules, against analytic solutions.</summary>
public class EquilibriumConstraintTests
{
    /// <summary>A &lt;-&gt; B fast (kf A - kr B), B -> C slow (k B): B = kf/(kf+kr) T with T = A + B = e^(-k kf/(kf+kr) t).</summary>
    private static Model FastPair() => Model(
        species: [Amount("A", 1), Amount("B", 0), Amount("C", 0)],
        parameters: [P("kf", 1), P("kr", 2), P("k", 0.3)],
        reactions: [R("fast", "kf*A - kr*B", ["A"], ["B"]) with { Fast = true }, R("slow", "k*B", ["B"], ["C"])]);

    [Theory]
    [InlineData(Solver)]
    [InlineData("rodas5p")]
    public void FastReactionStaysAtEquilibrium(string solver)
    {
        var r = Simulate(FastPair(), Settings(10, 20) with { Solver = solver });
        for (int i = 0; i < r.Times.Length; i++)
        {
            double total = Math.Exp(-0.3 / 3 * r.Times[i]);
            Assert.Equal(2.0 / 3 * total, r.Column("A")[i], 1e-7);
            Assert.Equal(1.0 / 3 * total, r.Column("B")[i], 1e-7);
            Assert.Equal(1 - total, r.Column("C")[i], 1e-7);
        }
    }

    [Fact]
    public void EventsMoveTheFastEquilibriumAtOnce()
    {
        // A -> B fast and irreversible: every A becomes B at once, at the start and after the event adds A.
        var model = Model(species: [Amount("A", 1), Amount("B", 0)], parameters: [P("k", 2)],
            reactions: [R("fast", "k*A", ["A"], ["B"]) with { Fast = true }],
            events: [At("time >= 1", ("A", "A + 3"))]);
        var r = Simulate(model, Settings(2, 4));
        Assert.Equal(0, r.Column("A")[0], 1e-12);
        Assert.Equal(1, r.Column("B")[0], 1e-12);
        Assert.Equal(0, r.Column("A")[^1], 1e-12);
        Assert.Equal(4, r.Column("B")[^1], 1e-10);
    }

    [Fact]
    public void FastLawThatNoFastFluxChangesIsRejected()
    {
        // The fast law reads only a parameter that time changes: no flux can hold it at zero.
        var model = Model(species: [Amount("A", 1), Amount("B", 0)], parameters: [P("k", 0, constant: false)],
            reactions: [R("fast", "k", ["A"], ["B"]) with { Fast = true }],
            rules: [new RateRule("k", Expr.One)]);
        var ex = Assert.ThrowsAny<ModelException>(() => Simulate(model, Settings(1, 2)));
        Assert.Contains("fast", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AlgebraicRuleThroughAFunctionIsSolved()
    {
        // 0 = twice(x) - S with S = e^(-0.5 t): x = S / 2.
        var model = Model(species: [Amount("S", 1)], parameters: [P("k", 0.5), P("x", null, constant: false)],
            reactions: [R("decay", "k*S", ["S"], [])],
            rules: [new AlgebraicRule(E("twice(x) - S"))], functions: [new FunctionDefinition("twice", ["a"], E("2*a"))]);
        var r = Simulate(model, Settings(4, 8));
        for (int i = 0; i < r.Times.Length; i++)
            Assert.Equal(Math.Exp(-0.5 * r.Times[i]) / 2, r.Column("x")[i], 1e-9);
    }
}
