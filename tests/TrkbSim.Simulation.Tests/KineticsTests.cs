using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests;

public class KineticsTests
{
    [Fact]
    public void ExponentialDecayMatchesAnalyticSolution()
    {
        var model = Model(species: [Amount("S", 10)], parameters: [P("k", 0.3)],
            reactions: [R("decay", "k*S", ["S"], [])]);
        var r = Simulate(model, Settings(10, 20));
        var s = r.Column("S");
        for (int i = 0; i < r.Times.Length; i++)
            Assert.Equal(10 * Math.Exp(-0.3 * r.Times[i]), s[i], 1e-8);
        Assert.Equal(0, r.Times[0]);
        Assert.Equal(10, r.Times[^1]);
        Assert.Equal(21, r.Times.Length);
    }

    [Fact]
    public void SequentialReactionsMatchAnalyticSolution()
    {
        // A -> B -> C with mass action; B(t) = k1 A0 / (k2 - k1) (e^-k1 t - e^-k2 t).
        double k1 = 0.7, k2 = 0.2, a0 = 5;
        var model = Model(species: [Amount("A", a0), Amount("B", 0), Amount("C", 0)],
            parameters: [P("k1", k1), P("k2", k2)],
            reactions: [R("r1", "k1*A", ["A"], ["B"]), R("r2", "k2*B", ["B"], ["C"])]);
        var r = Simulate(model, Settings(20, 40));
        for (int i = 0; i < r.Times.Length; i++)
        {
            double t = r.Times[i];
            double a = a0 * Math.Exp(-k1 * t);
            double b = k1 * a0 / (k2 - k1) * (Math.Exp(-k1 * t) - Math.Exp(-k2 * t));
            Assert.Equal(a, r.Column("A")[i], 1e-8);
            Assert.Equal(b, r.Column("B")[i], 1e-8);
            Assert.Equal(a0 - a - b, r.Column("C")[i], 1e-8);
        }
    }

    [Fact]
    public void ReactionIdAsOutputIsItsRate()
    {
        var model = Model(species: [Amount("A", 2)], parameters: [P("k", 0.5)], reactions: [R("r1", "k*A", ["A"], [])]);
        var r = Simulate(model, Settings(4, 4) with { Variables = ["A", "r1"] });
        for (int i = 0; i < r.Times.Length; i++) Assert.Equal(0.5 * r.Column("A")[i], r.Column("r1")[i], 1e-14);
    }

    [Fact]
    public void SpeciesInGrowingCompartmentKeepsAmountAndDilutes()
    {
        // V' = 0.5, V0 = 1. S has no reactions: amount 2 stays, concentration 2 / V(t).
        // D decays by a rate in amount per time: dA/dt = -k*D*V = -k*A, so A = 3 e^-kt and [D] = A / V.
        var model = Model(
            compartments: [new Compartment("V", 1.0) { Constant = false }],
            species: [Conc("S", 2), Conc("D", 3)],
            parameters: [P("k", 0.4)],
            reactions: [R("deg", "k*D*V", ["D"], [])],
            rules: [new RateRule("V", E("0.5"))]);
        var r = Simulate(model, Settings(10, 10) with { Variables = ["S", "amount(S)", "D", "amount(D)", "V"] });
        for (int i = 0; i < r.Times.Length; i++)
        {
            double t = r.Times[i], v = 1 + 0.5 * t;
            Assert.Equal(v, r.Column("V")[i], 1e-10);
            Assert.Equal(2.0, r.Column("amount(S)")[i], 1e-12);
            Assert.Equal(2.0 / v, r.Column("S")[i], 1e-12);
            Assert.Equal(3 * Math.Exp(-0.4 * t), r.Column("amount(D)")[i], 1e-8);
            Assert.Equal(3 * Math.Exp(-0.4 * t) / v, r.Column("D")[i], 1e-8);
        }
    }

    [Fact]
    public void RateRuleOnConcentrationInGrowingCompartment()
    {
        // d[C]/dt = -k [C] while V grows: [C] = C0 e^-kt, amount = [C] V(t).
        var model = Model(
            compartments: [new Compartment("V", 2.0) { Constant = false }],
            species: [Conc("C", 1.5)],
            parameters: [P("k", 0.3)],
            rules: [new RateRule("V", E("0.2*V")), new RateRule("C", E("-k*C"))]);
        var r = Simulate(model, Settings(5, 10) with { Variables = ["C", "amount(C)", "V"] });
        for (int i = 0; i < r.Times.Length; i++)
        {
            double t = r.Times[i], v = 2 * Math.Exp(0.2 * t), c = 1.5 * Math.Exp(-0.3 * t);
            Assert.Equal(v, r.Column("V")[i], 1e-8);
            Assert.Equal(c, r.Column("C")[i], 1e-8);
            Assert.Equal(c * v, r.Column("amount(C)")[i], 1e-8);
        }
    }

    [Fact]
    public void AssignmentRuleChainIsEvaluatedInDependencyOrder()
    {
        // Rules listed against their dependency order: y3 := y2^2, y2 := y1 + 1, y1 := 2x, x' = 1.
        var model = Model(
            parameters: [P("x", 0, false), P("y1", null, false), P("y2", null, false), P("y3", null, false)],
            rules:
            [
                new AssignmentRule("y3", E("y2^2")), new AssignmentRule("y2", E("y1 + 1")),
                new AssignmentRule("y1", E("2*x")), new RateRule("x", E("1")),
            ]);
        var r = Simulate(model, Settings(3, 6));
        Assert.Equal(["x", "y1", "y2", "y3"], r.Columns);
        for (int i = 0; i < r.Times.Length; i++)
        {
            double t = r.Times[i];
            Assert.Equal(t, r.Column("x")[i], 1e-10);
            Assert.Equal(Math.Pow(2 * t + 1, 2), r.Column("y3")[i], 1e-9);
        }
    }

    [Fact]
    public void AssignmentRuleFeedsAReaction()
    {
        // kEff := 2*k; A decays with kEff.
        var model = Model(species: [Amount("A", 1)], parameters: [P("k", 0.25), P("kEff", null, false)],
            reactions: [R("r", "kEff*A", ["A"], [])], rules: [new AssignmentRule("kEff", E("2*k"))]);
        var r = Simulate(model, Settings(4, 4));
        Assert.Equal(Math.Exp(-2), r.Column("A")[^1], 1e-9);
    }

    [Fact]
    public void InitialAssignmentsFollowDependenciesNotListOrder()
    {
        // c = 2a, a = b + 1, b = 3; compartment size from an assignment; species concentration -> amount uses it.
        var model = Model(
            compartments: [new Compartment("V", null)],
            species: [Conc("S", 4)],
            parameters: [P("a", null), P("b", 3), P("c", null), P("vol", 0.5)],
            initial:
            [
                new InitialAssignment("c", E("2*a")), new InitialAssignment("a", E("b + 1")),
                new InitialAssignment("V", E("vol*c")),
            ]);
        var sim = ModelCompiler.Compile(model).CreateSimulator();
        Assert.Equal(4, sim.Get("a"));
        Assert.Equal(8, sim.Get("c"));
        Assert.Equal(4, sim.Get("V"));
        Assert.Equal(4, sim.Get("S"));
        Assert.Equal(16, sim.Get("amount(S)"));
        sim.Set("b", 5); // a = 6, c = 12, V = 6
        Assert.Equal(6, sim.Get("V"));
        Assert.Equal(24, sim.Get("amount(S)"));
    }

    [Fact]
    public void InitialAssignmentOnSpeciesIsAConcentration()
    {
        var model = Model(compartments: [new Compartment("V", 2)], species: [new Species("S", "V"), new Species("H", "V") { HasOnlySubstanceUnits = true }],
            parameters: [P("x", 3)],
            initial: [new InitialAssignment("S", E("x")), new InitialAssignment("H", E("x"))]);
        var sim = ModelCompiler.Compile(model).CreateSimulator();
        Assert.Equal(3, sim.Get("S"));
        Assert.Equal(6, sim.Get("amount(S)"));
        Assert.Equal(3, sim.Get("H"));
        Assert.Equal(1.5, sim.Get("concentration(H)"));
    }

    [Fact]
    public void LocalParametersShadowGlobalsAndFunctionsAreInlined()
    {
        var law = E("mm(Vmax, S, k)");
        var model = Model(species: [Amount("S", 10)], parameters: [P("k", 1000), P("Vmax", 1)],
            reactions: [new Reaction("r") { Reactants = [new SpeciesReference("S")], KineticLaw = law, LocalParameters = [new Parameter("k", 2)] }],
            functions: [new FunctionDefinition("mm", ["v", "s", "km"], E("v*s/(km + s)"))]);
        var sim = ModelCompiler.Compile(model).CreateSimulator();
        Assert.Equal(10.0 / 12.0, sim.Get("r"), 1e-15);
    }

    [Fact]
    public void ConversionFactorScalesSpeciesChange()
    {
        var model = Model(species: [Amount("A", 0), new Species("B", "V") { InitialAmount = 0, ConversionFactor = "cf" }],
            parameters: [P("cf", 3)], reactions: [R("src", "1", [], ["A", "B"])]);
        var r = Simulate(model, Settings(2, 2));
        Assert.Equal(2, r.Column("A")[^1], 1e-10);
        Assert.Equal(6, r.Column("B")[^1], 1e-10);
    }

    [Fact]
    public void StoichiometryAndBoundarySpecies()
    {
        // 2 A -> B; boundary species X feeds A at constant rate; constant species are untouched.
        var model = Model(
            species: [Amount("A", 0), Amount("B", 0), new Species("X", "V") { InitialAmount = 5, BoundaryCondition = true }],
            reactions:
            [
                new Reaction("feed") { Reactants = [new SpeciesReference("X")], Products = [new SpeciesReference("A")], KineticLaw = E("1") },
                new Reaction("dimer") { Reactants = [new SpeciesReference("A", 2)], Products = [new SpeciesReference("B")], KineticLaw = E("0") },
            ]);
        var r = Simulate(model, Settings(3, 3));
        Assert.Equal(3, r.Column("A")[^1], 1e-10);
        Assert.Equal(5, r.Column("X")[^1]);
        Assert.Equal(1, ModelCompiler.Compile(model).StateIds.Count(id => id == "A"));
        Assert.DoesNotContain("X", ModelCompiler.Compile(model).StateIds);
    }

    [Fact]
    public void RateOfGivesTheCurrentDerivative()
    {
        // dS/dt = -k S; rateOf(S) = -k S; rateOf of an assignment-rule variable by the chain rule: q := S^2 -> 2 S S'.
        var model = Model(species: [Amount("S", 4)], parameters: [P("k", 0.5), P("rs", null, false), P("q", null, false), P("rq", null, false)],
            reactions: [R("r", "k*S", ["S"], [])],
            rules: [new AssignmentRule("rs", E("rateOf(S)")), new AssignmentRule("q", E("S^2")), new AssignmentRule("rq", E("rateOf(q)"))]);
        var r = Simulate(model, Settings(2, 4) with { Variables = ["S", "rs", "rq"] });
        for (int i = 0; i < r.Times.Length; i++)
        {
            double s = r.Column("S")[i];
            Assert.Equal(-0.5 * s, r.Column("rs")[i], 1e-12);
            Assert.Equal(2 * s * -0.5 * s, r.Column("rq")[i], 1e-12);
        }
    }

    [Fact]
    public void VariableStoichiometryFromSpeciesReferenceId()
    {
        // A -> n B with n changed by a rule: n := 2 + time.
        var model = Model(species: [Amount("A", 0), Amount("B", 0)],
            reactions: [new Reaction("r") { Products = [new SpeciesReference("B") { Id = "n", Constant = false }], KineticLaw = E("1") }],
            rules: [new AssignmentRule("n", E("2 + time"))]);
        var r = Simulate(model, Settings(2, 2) with { Variables = ["B", "n"] });
        // B = integral of (2 + t) dt = 2t + t^2 / 2
        Assert.Equal(6, r.Column("B")[^1], 1e-9);
        Assert.Equal(4, r.Column("n")[^1], 1e-12);
    }

    [Fact]
    public void ModelWithoutStatesStillEvaluatesRulesOverTime()
    {
        var model = Model(parameters: [P("y", null, false)], rules: [new AssignmentRule("y", E("2*time"))]);
        var r = Simulate(model, Settings(5, 5));
        Assert.Equal([0, 2, 4, 6, 8, 10], r.Column("y").ToArray());
    }
}
