using TrkbSim.Modeling.Math;
using TrkbSim.Modeling.Transforms;

namespace TrkbSim.Modeling.Tests.Transforms;

/// <summary>Linear algebraic rules become assignment rules for the one variable they determine.</summary>
public class AlgebraicRuleEliminationTests
{
    private static Expr S(string n) => Expr.Sym(n);
    private static Expr N(double v) => Expr.Num(v);

    /// <summary>Evaluates arithmetic over named values (enough to check solved rules).</summary>
    private static double Eval(Expr e, IReadOnlyDictionary<string, double> v) => e switch
    {
        NumberExpr n => n.Value,
        SymbolExpr s => v[s.Name],
        CallExpr { Op: Ops.Plus } c => c.Args.Sum(a => Eval(a, v)),
        CallExpr { Op: Ops.Times } c => c.Args.Aggregate(1.0, (p, a) => p * Eval(a, v)),
        CallExpr { Op: Ops.Minus, Args.Length: 1 } c => -Eval(c.Args[0], v),
        CallExpr { Op: Ops.Minus } c => Eval(c.Args[0], v) - Eval(c.Args[1], v),
        CallExpr { Op: Ops.Divide } c => Eval(c.Args[0], v) / Eval(c.Args[1], v),
        _ => throw new InvalidOperationException(e.ToString()),
    };

    private static Model Base(params Rule[] rules) => new()
    {
        Compartments = [new Compartment("C", 1) { Constant = false }],
        Species = [new Species("S1", "C") { InitialAmount = 1 }, new Species("S2", "C") { InitialAmount = 2 }, new Species("T", "C") { InitialAmount = 0 }],
        Parameters = [new Parameter("k1", 0) { Constant = false }, new Parameter("k3", 0.5)],
        Reactions = [new Reaction("R") { Reactants = [new SpeciesReference("S1")], Products = [new SpeciesReference("S2")], KineticLaw = S("S1") }],
        Rules = [.. rules],
    };

    [Fact]
    public void SolvesForTheOnlyFreeVariable()
    {
        // 0 = -k1 + S1 + S2: S1 and S2 are set by the reaction, so the rule determines k1 = S1 + S2.
        var m = AlgebraicRuleElimination.Apply(Base(new AlgebraicRule(Expr.Call(Ops.Plus, Expr.Call(Ops.Times, N(-1), S("k1")), S("S1"), S("S2")))));
        var rule = Assert.IsType<AssignmentRule>(Assert.Single(m.Rules));
        Assert.Equal("k1", rule.Variable);
        Assert.Equal(7.0, Eval(rule.Math, new Dictionary<string, double> { ["S1"] = 3, ["S2"] = 4 }), 12);
    }

    [Fact]
    public void SolvesProductsAndQuotients()
    {
        // 0 = (k3 + 1) * T / 2 - S1  =>  T = 2 S1 / (k3 + 1)
        var f = Expr.Call(Ops.Minus, Expr.Call(Ops.Divide, Expr.Call(Ops.Times, Expr.Call(Ops.Plus, S("k3"), N(1)), S("T")), N(2)), S("S1"));
        var rule = Assert.IsType<AssignmentRule>(Assert.Single(AlgebraicRuleElimination.Apply(Base(new AlgebraicRule(f))).Rules));
        Assert.Equal("T", rule.Variable);
        Assert.Equal(2 * 3 / 1.5, Eval(rule.Math, new Dictionary<string, double> { ["S1"] = 3, ["k3"] = 0.5 }), 12);
    }

    [Fact]
    public void SeveralRulesShareOutTheirVariables()
    {
        // 0 = C - 1 fixes C; then 0 = C + k1 - 3 must fix k1.
        var m = AlgebraicRuleElimination.Apply(Base(
            new AlgebraicRule(Expr.Call(Ops.Minus, S("C"), N(1))),
            new AlgebraicRule(Expr.Call(Ops.Minus, Expr.Call(Ops.Plus, S("C"), S("k1")), N(3)))));
        var rules = m.Rules.Cast<AssignmentRule>().ToList();
        Assert.Equal(new[] { "C", "k1" }, rules.Select(r => r.Variable).ToArray());
        Assert.Equal(1.0, Eval(rules[0].Math, new Dictionary<string, double>()));
        Assert.Equal(2.0, Eval(rules[1].Math, new Dictionary<string, double> { ["C"] = 1 }));
    }

    [Fact]
    public void NonlinearOrUndeterminedRulesStay()
    {
        var square = new AlgebraicRule(Expr.Call(Ops.Minus, Expr.Call(Ops.Times, S("k1"), S("k1")), N(4)));
        Assert.IsType<AlgebraicRule>(Assert.Single(AlgebraicRuleElimination.Apply(Base(square)).Rules));
        // Only reacting species and constants: nothing free to solve for.
        var fixedOnly = new AlgebraicRule(Expr.Call(Ops.Minus, S("S1"), S("k3")));
        Assert.IsType<AlgebraicRule>(Assert.Single(AlgebraicRuleElimination.Apply(Base(fixedOnly)).Rules));
        var noRules = Base();
        Assert.Same(noRules, AlgebraicRuleElimination.Apply(noRules));
    }

    [Fact]
    public void FunctionCallsAreExpandedFirst()
    {
        // 0 = times2(k3 + 1, T) - S1 with times2(a, b) = a * b  =>  T = S1 / (k3 + 1)
        var m = Base(new AlgebraicRule(Expr.Call(Ops.Minus, Expr.Call("times2", Expr.Call(Ops.Plus, S("k3"), N(1)), S("T")), S("S1")))) with
        {
            Functions = [new FunctionDefinition("times2", ["a", "b"], Expr.Call(Ops.Times, S("a"), S("b")))],
        };
        var rule = Assert.IsType<AssignmentRule>(Assert.Single(AlgebraicRuleElimination.Apply(m).Rules));
        Assert.Equal("T", rule.Variable);
        Assert.Equal(3 / 1.5, Eval(rule.Math, new Dictionary<string, double> { ["S1"] = 3, ["k3"] = 0.5 }), 12);
    }

    [Fact]
    public void EventTargetsAreNotDetermined()
    {
        // 0 = k1 + C - 2: C and k1 are both free, but an event assigns k1, so the rule determines C = 2 - k1.
        var m = Base(new AlgebraicRule(Expr.Call(Ops.Minus, Expr.Call(Ops.Plus, S("k1"), S("C")), N(2)))) with
        {
            Events = [new Event(Expr.Call(Ops.Gt, TimeExpr.Instance, N(1))) { Assignments = [new EventAssignment("k1", N(1))] }],
        };
        var rule = Assert.IsType<AssignmentRule>(Assert.Single(AlgebraicRuleElimination.Apply(m).Rules));
        Assert.Equal("C", rule.Variable);
        Assert.Equal(1.5, Eval(rule.Math, new Dictionary<string, double> { ["k1"] = 0.5 }), 12);
    }
}
