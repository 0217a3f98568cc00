using System.Collections.Immutable;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Transforms;

/// <summary>
/// Turns algebraic rules 0 = f into assignment rules x := g where f is linear in a variable x that nothing
/// else determines (not constant, no rule, not changed by reactions or events), after the function definitions it
/// calls are expanded. Rules it cannot solve are left as they are.
/// </summary>
public static class AlgebraicRuleElimination
{
    public static Model Apply(Model model)
    {
        if (!model.Rules.OfType<AlgebraicRule>().Any()) return model;
        var functions = model.Functions.ToDictionary(f => f.Id, StringComparer.Ordinal);
        // Rules are read with their function calls expanded (e.g. multiply(a, x) is linear in x).
        var algebraic = model.Rules.OfType<AlgebraicRule>().Select(r => new AlgebraicRule(Expand(r.Math, functions, 0))).ToList();

        var free = FreeVariables(model);
        // Candidates per rule: free variables the rule is linear in.
        var candidates = algebraic.Select(r => r.Math.Symbols().Distinct().Where(free.Contains)
            .Where(x => Linear(r.Math, x) is not null).ToList()).ToList();

        // Match rules to variables: a rule with a single remaining candidate takes it, which may settle others.
        var chosen = new string?[algebraic.Count];
        bool progress = true;
        while (progress)
        {
            progress = false;
            for (int i = 0; i < algebraic.Count; i++)
            {
                if (chosen[i] is not null) continue;
                var remaining = candidates[i].Where(x => !chosen.Contains(x)).ToList();
                if (remaining.Count != 1) continue;
                chosen[i] = remaining[0];
                progress = true;
            }
        }

        var rules = ImmutableArray.CreateBuilder<Rule>(model.Rules.Length);
        int k = 0;
        foreach (var rule in model.Rules)
        {
            if (rule is not AlgebraicRule)
            {
                rules.Add(rule);
                continue;
            }
            var a = algebraic[k];
            var x = chosen[k++];
            if (x is null || Linear(a.Math, x) is not var (coef, rest) || coef is null)
            {
                rules.Add(rule);
                continue;
            }
            // 0 = coef * x + rest  =>  x = -rest / coef
            Expr minusRest = rest is null ? Expr.Zero : Neg(rest);
            Expr value = IsOne(coef) ? minusRest : Expr.Call(Ops.Divide, minusRest, coef);
            rules.Add(new AssignmentRule(x, value));
        }
        return model with { Rules = rules.MoveToImmutable() };
    }

    /// <summary>Ids whose value no declaration, rule or reaction fixes: what an algebraic rule may determine.</summary>
    private static HashSet<string> FreeVariables(Model m)
    {
        var ruled = m.Rules.OfType<AssignmentRule>().Select(r => r.Variable)
            .Concat(m.Rules.OfType<RateRule>().Select(r => r.Variable)).ToHashSet();
        var reacting = m.Reactions.SelectMany(r => r.Reactants.Concat(r.Products)).Select(s => s.Species).ToHashSet();
        var free = new HashSet<string>();
        foreach (var p in m.Parameters) if (!p.Constant) free.Add(p.Id);
        foreach (var c in m.Compartments) if (!c.Constant) free.Add(c.Id);
        foreach (var s in m.Species)
            if (!s.Constant && (s.BoundaryCondition || !reacting.Contains(s.Id))) free.Add(s.Id);
        foreach (var sr in m.Reactions.SelectMany(r => r.Reactants.Concat(r.Products)))
            if (sr.Id is not null && !sr.Constant && sr.StoichiometryMath is null) free.Add(sr.Id);
        free.ExceptWith(ruled);
        // An event may not assign what an algebraic rule determines.
        free.ExceptWith(m.Events.SelectMany(e => e.Assignments).Select(a => a.Variable));
        return free;
    }

    /// <summary>The expression with calls of the model's function definitions replaced by their bodies.</summary>
    private static Expr Expand(Expr e, Dictionary<string, FunctionDefinition> functions, int depth)
    {
        if (e is not CallExpr c) return e;
        var args = c.Args.Select(a => Expand(a, functions, depth)).ToImmutableArray();
        if (!functions.TryGetValue(c.Op, out var f) || f.Arguments.Length != args.Length || depth > 32)
            return c with { Args = args };
        var map = new Dictionary<string, Expr>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++) map[f.Arguments[i]] = args[i];
        return Expand(f.Body.Substitute(map), functions, depth + 1);
    }

    /// <summary>
    /// Writes <paramref name="e"/> as coef * x + rest with coef and rest free of x (null parts are zero);
    /// null when <paramref name="e"/> is not linear in x or x does not occur.
    /// </summary>
    internal static (Expr? Coef, Expr? Offset)? Linear(Expr e, string x)
    {
        var r = Split(e, x);
        return r is { Coef: not null } ? r : null;
    }

    private static (Expr? Coef, Expr? Offset)? Split(Expr e, string x)
    {
        if (e is SymbolExpr s && s.Name == x) return (Expr.One, null);
        if (!e.Symbols().Contains(x)) return (null, e);
        if (e is not CallExpr c) return null;
        switch (c.Op)
        {
            case Ops.Plus:
                {
                    Expr? coef = null, rest = null;
                    foreach (var a in c.Args)
                    {
                        if (Split(a, x) is not var (ac, ar)) return null;
                        coef = Add(coef, ac);
                        rest = Add(rest, ar);
                    }
                    return (coef, rest);
                }
            case Ops.Minus when c.Args.Length == 1:
                {
                    if (Split(c.Args[0], x) is not var (ac, ar)) return null;
                    return (ac is null ? null : Neg(ac), ar is null ? null : Neg(ar));
                }
            case Ops.Minus:
                {
                    if (Split(c.Args[0], x) is not var (ac, ar) || Split(c.Args[1], x) is not var (bc, br)) return null;
                    return (Sub(ac, bc), Sub(ar, br));
                }
            case Ops.Times:
                {
                    int with = -1;
                    for (int i = 0; i < c.Args.Length; i++)
                    {
                        if (!c.Args[i].Symbols().Contains(x)) continue;
                        if (with >= 0) return null; // x times x
                        with = i;
                    }
                    if (Split(c.Args[with], x) is not var (ac, ar)) return null;
                    var others = c.Args.Where((_, i) => i != with).ToArray();
                    return (Scale(ac, others), Scale(ar, others));
                }
            case Ops.Divide when !c.Args[1].Symbols().Contains(x):
                {
                    if (Split(c.Args[0], x) is not var (ac, ar)) return null;
                    return (ac is null ? null : Expr.Call(Ops.Divide, ac, c.Args[1]), ar is null ? null : Expr.Call(Ops.Divide, ar, c.Args[1]));
                }
            default:
                return null;
        }
    }

    private static Expr? Add(Expr? a, Expr? b) => a is null ? b : b is null ? a : Expr.Call(Ops.Plus, a, b);
    private static Expr? Sub(Expr? a, Expr? b) => b is null ? a : a is null ? Neg(b) : Expr.Call(Ops.Minus, a, b);
    private static Expr Neg(Expr a) => a is NumberExpr n ? Expr.Num(-n.Value) : Expr.Call(Ops.Minus, a);
    private static Expr? Scale(Expr? a, Expr[] factors) => a is null ? null : factors.Length == 0 ? a : IsOne(a) ? Product(factors) : Expr.Call(Ops.Times, [a, .. factors]);
    private static Expr Product(Expr[] f) => f.Length == 1 ? f[0] : Expr.Call(Ops.Times, f);
    private static bool IsOne(Expr e) => e is NumberExpr { Value: 1 };
}
