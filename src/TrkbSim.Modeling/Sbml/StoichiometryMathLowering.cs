using System.Collections.Immutable;

namespace TrkbSim.Modeling.Sbml;

/// <summary>
/// Rewrites Level 2 stoichiometryMath into its Level 3 form: the species reference gets an id (kept or
/// generated) and an assignment rule sets that id to the math. The result simulates identically.
/// </summary>
public static class StoichiometryMathLowering
{
    public static Model Apply(Model model)
    {
        if (!model.Reactions.Any(r => r.Reactants.Concat(r.Products).Any(s => s.StoichiometryMath is not null)))
            return model;

        var used = new HashSet<string>(AllIds(model));
        var rules = model.Rules.ToBuilder();
        var reactions = model.Reactions.Select(r => r with
        {
            Reactants = Lower(r, r.Reactants, used, rules),
            Products = Lower(r, r.Products, used, rules),
        }).ToImmutableArray();
        return model with { Reactions = reactions, Rules = rules.ToImmutable() };
    }

    private static ImmutableArray<SpeciesReference> Lower(Reaction r, ImmutableArray<SpeciesReference> refs,
        HashSet<string> used, ImmutableArray<Rule>.Builder rules)
    {
        var result = ImmutableArray.CreateBuilder<SpeciesReference>(refs.Length);
        foreach (var sr in refs)
        {
            if (sr.StoichiometryMath is not { } math)
            {
                result.Add(sr);
                continue;
            }
            var id = sr.Id;
            if (id is null)
            {
                var stem = $"{r.Id}_{sr.Species}_stoichiometry";
                id = stem;
                for (int i = 2; used.Contains(id); i++) id = $"{stem}{i}";
                used.Add(id);
            }
            rules.Add(new AssignmentRule(id, math));
            result.Add(sr with { Id = id, StoichiometryMath = null, Stoichiometry = null, Constant = false });
        }
        return result.MoveToImmutable();
    }

    private static IEnumerable<string> AllIds(Model m) =>
        m.Functions.Select(f => f.Id)
            .Concat(m.Compartments.Select(c => c.Id))
            .Concat(m.Species.Select(s => s.Id))
            .Concat(m.Parameters.Select(p => p.Id))
            .Concat(m.Reactions.Select(r => r.Id))
            .Concat(m.Reactions.SelectMany(r => r.Reactants.Concat(r.Products)).Select(s => s.Id).OfType<string>())
            .Concat(m.Events.Select(e => e.Id).OfType<string>())
            .Concat(m.Units.Select(u => u.Id));
}
