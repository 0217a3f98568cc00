using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests;

public class ValidationTests
{
    private static string Error(Model m) => Assert.ThrowsAny<ModelException>(() => ModelCompiler.Compile(m)).Message;

    [Fact]
    public void UnknownIdIsNamedWithItsContext()
    {
        var msg = Error(Model(species: [Amount("S", 1)], reactions: [R("r1", "kk*S", ["S"], [])]));
        Assert.Contains("'kk'", msg);
        Assert.Contains("r1", msg);
    }

    [Fact]
    public void RuleCycleNamesTheIds()
    {
        var msg = Error(Model(parameters: [P("a", null, false), P("b", null, false), P("c", null, false)],
            rules: [new AssignmentRule("a", E("b + 1")), new AssignmentRule("b", E("c*2")), new AssignmentRule("c", E("a"))]));
        Assert.Contains("cycle", msg);
        Assert.Contains("a", msg);
        Assert.Contains("b", msg);
        Assert.Contains("c", msg);
    }

    [Fact]
    public void InitialAssignmentCycleIsReported()
    {
        var msg = Error(Model(parameters: [P("a", null), P("b", null)],
            initial: [new InitialAssignment("a", E("b")), new InitialAssignment("b", E("a"))]));
        Assert.Contains("circular", msg);
    }

    [Fact]
    public void TwoRulesForOneVariable() =>
        Assert.Contains("more than one rule", Error(Model(parameters: [P("a", null, false)],
            rules: [new AssignmentRule("a", E("1")), new RateRule("a", E("1"))])));

    [Fact]
    public void RuleOnConstant() =>
        Assert.Contains("constant", Error(Model(parameters: [P("a", 1)], rules: [new AssignmentRule("a", E("2"))])));

    [Fact]
    public void EventAssigningConstant() =>
        Assert.Contains("constant 'k'", Error(Model(parameters: [P("k", 1)], events: [At("time > 1", ("k", "2"))])));

    [Fact]
    public void EventAssigningAnAssignmentRuleVariable() =>
        Assert.Contains("assignment rule", Error(Model(parameters: [P("a", null, false)],
            rules: [new AssignmentRule("a", E("2"))], events: [At("time > 1", ("a", "3"))])));

    [Fact]
    public void NonlinearAlgebraicRulesAreUnsupported() =>
        Assert.Equal("unsupported: algebraic rules",
            Error(Model(parameters: [P("a", 1, false)], rules: [new AlgebraicRule(E("a * a - 1"))])));

    [Fact]
    public void LinearAlgebraicRulesAreSolvedForTheirVariable()
    {
        // 0 = 2 a - time - 4  =>  a = (time + 4) / 2
        var result = Simulate(Model(parameters: [P("a", 0, false)], rules: [new AlgebraicRule(E("2 * a - time - 4"))]), Settings(2, 2));
        Assert.Equal(new[] { 2.0, 2.5, 3.0 }, result.Column("a").ToArray());
    }

    [Fact]
    public void FastReactionsThatSwitchAreUnsupported() =>
        Assert.StartsWith("unsupported: fast reaction 'r' whose kinetic law switches (piecewise)",
            Error(Model(species: [Amount("S", 1)], parameters: [P("k", 1)],
                reactions: [R("r", "piecewise(S, k > 0, 2*S)", ["S"], []) with { Fast = true }])));

    [Fact]
    public void UnknownFunctionAndWrongArity()
    {
        Assert.Contains("unknown function 'g'", Error(Model(parameters: [P("a", null, false)], rules: [new AssignmentRule("a", E("g(1)"))])));
        Assert.Contains("takes 1 arguments",
            Error(Model(parameters: [P("a", null, false)], rules: [new AssignmentRule("a", E("f(1, 2)"))],
                functions: [new FunctionDefinition("f", ["x"], E("x"))])));
    }

    [Fact]
    public void DuplicateIds() =>
        Assert.Contains("duplicate id 'k'", Error(Model(parameters: [P("k", 1), P("k", 2)])));

    [Fact]
    public void SpeciesChangedByReactionAndRule() =>
        Assert.Contains("boundary", Error(Model(species: [Amount("S", 1)], reactions: [R("r", "1", ["S"], [])],
            rules: [new AssignmentRule("S", E("2"))])));

    [Fact]
    public void UnknownOutputVariable()
    {
        var sim = ModelCompiler.Compile(Model(species: [Amount("S", 1)])).CreateSimulator();
        Assert.Throws<ModelException>(() => sim.Run(Settings(1) with { Variables = ["T"] }));
        Assert.Throws<ModelException>(() => sim.Run(Settings(1) with { Variables = ["amount(V)"] }));
    }

    [Fact]
    public void BadSettingsAreRejected()
    {
        var sim = ModelCompiler.Compile(Model(species: [Amount("S", 1)])).CreateSimulator();
        Assert.Throws<ArgumentException>(() => sim.Run(Settings(0)));
        Assert.Throws<ArgumentException>(() => sim.Run(Settings(1) with { Times = [0.5, 0.2] }));
    }
}
