using System.Collections.Immutable;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Sbml;

/// <summary>
/// Applies a submodel's conversion factors (comp package) to its flattened model, before it is merged into the parent:
/// the submodel's time is the parent's time / timeConversionFactor (so rates, rate rules and rateOf divide by it and
/// delays multiply by it), its reactions' extents are the parent's / extentConversionFactor (kinetic laws multiply by
/// it), and an element replaced with a conversionFactor holds the parent's value / conversionFactor: the submodel's
/// math reads value / factor and whatever the submodel assigns to it (rules, initial and event assignments) is
/// multiplied by the factor. Reaction effects on a replaced species are not rescaled (as the SBML Test Suite defines).
/// </summary>
internal static class CompConversions
{
    /// <param name="m">The submodel's flattened model, ids already prefixed.</param>
    /// <param name="time">Id of the parent's time conversion factor, or null.</param>
    /// <param name="extent">Id of the parent's extent conversion factor, or null.</param>
    /// <param name="factors">Replaced element id (in <paramref name="m"/>) -> id of its conversion factor.</param>
    public static Model Apply(Model m, string? time, string? extent, IReadOnlyDictionary<string, string> factors)
    {
        if (time is null && extent is null && factors.Count == 0) return m;
        Expr? t = time is null ? null : Expr.Sym(time);
        Expr? x = extent is null ? null : Expr.Sym(extent);
        var reactions = m.Reactions.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        Expr E(Expr e, IReadOnlySet<string>? shadow = null)
        {
            switch (e)
            {
                case TimeExpr when t is not null:
                    return Expr.Call(Ops.Divide, e, t);
                case SymbolExpr s when shadow is null || !shadow.Contains(s.Name):
                    if (factors.TryGetValue(s.Name, out var f)) return Expr.Call(Ops.Divide, s, Expr.Sym(f));
                    // A reaction's id means its rate in the submodel's units: the flattened rate * time / extent.
                    if (reactions.Contains(s.Name)) return Scale(s, t, x);
                    return s;
                case CallExpr { Op: Ops.RateOf } c when c.Args[0] is SymbolExpr target:
                    {
                        Expr r = c;
                        if (factors.TryGetValue(target.Name, out var rf)) r = Expr.Call(Ops.Divide, r, Expr.Sym(rf));
                        return t is null ? r : Expr.Call(Ops.Times, r, t);
                    }
                case CallExpr { Op: Ops.Delay, Args.Length: 2 } c when t is not null:
                    return Expr.Call(Ops.Delay, E(c.Args[0], shadow), Expr.Call(Ops.Times, E(c.Args[1], shadow), t));
                case CallExpr c:
                    return c with { Args = [.. c.Args.Select(a => E(a, shadow))] };
                default:
                    return e;
            }
        }
        Expr? Eo(Expr? e) => e is null ? null : E(e);
        // What the submodel assigns to a replaced element is its own value: the parent's is factor times that.
        Expr Assigned(string variable, Expr math) =>
            factors.TryGetValue(variable, out var f) ? Expr.Call(Ops.Times, math, Expr.Sym(f)) : math;
        SpeciesReference Sr(SpeciesReference s) => s with { StoichiometryMath = Eo(s.StoichiometryMath) };

        return m with
        {
            Reactions = [.. m.Reactions.Select(r => r with
            {
                Reactants = [.. r.Reactants.Select(Sr)],
                Products = [.. r.Products.Select(Sr)],
                KineticLaw = r.KineticLaw is null ? null
                    : Scale(E(r.KineticLaw, r.LocalParameters.Select(p => p.Id).ToHashSet(StringComparer.Ordinal)), x, t),
            })],
            InitialAssignments = [.. m.InitialAssignments.Select(a => new InitialAssignment(a.Symbol, Assigned(a.Symbol, E(a.Math))))],
            Rules = [.. m.Rules.Select(r => r switch
            {
                AssignmentRule a => (Rule)new AssignmentRule(a.Variable, Assigned(a.Variable, E(a.Math))),
                RateRule a => new RateRule(a.Variable, Scale(Assigned(a.Variable, E(a.Math)), null, t)),
                AlgebraicRule a => new AlgebraicRule(E(a.Math)),
                _ => r,
            })],
            Events = [.. m.Events.Select(e => e with
            {
                Trigger = E(e.Trigger),
                Delay = e.Delay is null ? null : Scale(E(e.Delay), t, null),
                Priority = Eo(e.Priority),
                Assignments = [.. e.Assignments.Select(a => new EventAssignment(a.Variable, Assigned(a.Variable, E(a.Math))))],
            })],
        };
    }

    /// <summary>e * up / down, leaving out the factors that are not given.</summary>
    private static Expr Scale(Expr e, Expr? up, Expr? down)
    {
        if (up is not null) e = Expr.Call(Ops.Times, e, up);
        if (down is not null) e = Expr.Call(Ops.Divide, e, down);
        return e;
    }
}
