using System.Collections.Immutable;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Sbml;

/// <summary>Renames and removes component ids throughout a model (used to flatten hierarchical models).</summary>
internal static class ModelIds
{
    /// <summary>
    /// Applies <paramref name="map"/> (null = keep) to every component id and every reference to one: math symbols,
    /// user function calls, rule and assignment targets, species' compartments and conversion factors.
    /// Local parameters and function arguments shadow and are kept.
    /// </summary>
    public static Model Rename(Model m, Func<string, string?> map)
    {
        string R(string id) => map(id) ?? id;
        string? Ro(string? id) => id is null ? null : R(id);
        Expr E(Expr e, IReadOnlySet<string>? shadow = null) => RenameExpr(e, map, shadow);
        Expr? Eo(Expr? e) => e is null ? null : E(e);
        SpeciesReference Sr(SpeciesReference s) => s with { Species = R(s.Species), Id = Ro(s.Id), StoichiometryMath = Eo(s.StoichiometryMath) };

        return m with
        {
            Functions = [.. m.Functions.Select(f => f with { Id = R(f.Id), Body = E(f.Body, f.Arguments.ToHashSet()) })],
            Compartments = [.. m.Compartments.Select(c => c with { Id = R(c.Id) })],
            Species = [.. m.Species.Select(s => s with { Id = R(s.Id), Compartment = R(s.Compartment), ConversionFactor = Ro(s.ConversionFactor) })],
            Parameters = [.. m.Parameters.Select(p => p with { Id = R(p.Id) })],
            Reactions = [.. m.Reactions.Select(r => r with
            {
                Id = R(r.Id),
                Compartment = Ro(r.Compartment),
                Reactants = [.. r.Reactants.Select(Sr)],
                Products = [.. r.Products.Select(Sr)],
                Modifiers = [.. r.Modifiers.Select(R)],
                KineticLaw = r.KineticLaw is null ? null : E(r.KineticLaw, r.LocalParameters.Select(p => p.Id).ToHashSet()),
            })],
            InitialAssignments = [.. m.InitialAssignments.Select(a => new InitialAssignment(R(a.Symbol), E(a.Math)))],
            Rules = [.. m.Rules.Select(r => r switch
            {
                AssignmentRule a => (Rule)new AssignmentRule(R(a.Variable), E(a.Math)),
                RateRule a => new RateRule(R(a.Variable), E(a.Math)),
                AlgebraicRule a => new AlgebraicRule(E(a.Math)),
                _ => r,
            })],
            Events = [.. m.Events.Select(e => e with
            {
                Id = Ro(e.Id),
                Trigger = E(e.Trigger),
                Delay = Eo(e.Delay),
                Priority = Eo(e.Priority),
                Assignments = [.. e.Assignments.Select(a => new EventAssignment(R(a.Variable), E(a.Math)))],
            })],
            ConversionFactor = Ro(m.ConversionFactor),
        };
    }

    public static Expr RenameExpr(Expr e, Func<string, string?> map, IReadOnlySet<string>? shadow) => e.Rewrite(x => x switch
    {
        SymbolExpr s when shadow is null || !shadow.Contains(s.Name) => map(s.Name) is { } n ? new SymbolExpr(n) : s,
        CallExpr c when !Ops.IsBuiltIn(c.Op) => map(c.Op) is { } n ? c with { Op = n } : c,
        _ => x,
    });

    /// <summary>Removes the definitions with the given ids (components, species references); references are left alone.</summary>
    public static Model RemoveDefinitions(Model m, IReadOnlySet<string> ids)
    {
        if (ids.Count == 0) return m;
        ImmutableArray<SpeciesReference> Refs(ImmutableArray<SpeciesReference> refs) => [.. refs.Where(s => s.Id is null || !ids.Contains(s.Id))];
        return m with
        {
            Functions = [.. m.Functions.Where(f => !ids.Contains(f.Id))],
            Compartments = [.. m.Compartments.Where(c => !ids.Contains(c.Id))],
            Species = [.. m.Species.Where(s => !ids.Contains(s.Id))],
            Parameters = [.. m.Parameters.Where(p => !ids.Contains(p.Id))],
            Reactions = [.. m.Reactions.Where(r => !ids.Contains(r.Id)).Select(r => r with { Reactants = Refs(r.Reactants), Products = Refs(r.Products) })],
            Events = [.. m.Events.Where(e => e.Id is null || !ids.Contains(e.Id))],
        };
    }
}
