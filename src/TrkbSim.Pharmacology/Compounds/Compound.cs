using System.Collections.Immutable;

namespace TrkbSim.Pharmacology.Compounds;

/// <summary>A drug or active metabolite: identity, molecular weight, target affinities and PK per species.</summary>
public sealed record Compound(string Id, string Name, string Class, SourcedValue MolecularWeight)
{
    /// <summary>Id of the compound this one is formed from, for metabolites.</summary>
    public string? Parent { get; init; }
    /// <summary>Ki or Kd in nM by target; a missing target means the compound does not bind it.</summary>
    public IReadOnlyDictionary<Target, SourcedValue> Affinities { get; init; } = new Dictionary<Target, SourcedValue>();
    /// <summary>Inhibition constant (Ki, nM of total plasma concentration) by CYP enzyme the compound inhibits.</summary>
    public IReadOnlyDictionary<CypEnzyme, SourcedValue> CypInhibition { get; init; } = new Dictionary<CypEnzyme, SourcedValue>();
    public IReadOnlyDictionary<Organism, SpeciesPk> Pk { get; init; } = new Dictionary<Organism, SpeciesPk>();
    /// <summary>Adult human dose range for depression (label or defining studies); null for metabolites and research compounds.</summary>
    public ClinicalDose? ClinicalDose { get; init; }
    /// <summary>Free-text remarks (e.g. why a target is absent).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    public SpeciesPk? PkFor(Organism organism) => Pk.TryGetValue(organism, out var pk) ? pk : null;

    /// <summary>Every value with a dotted field path (e.g. <c>pk.human.clearance</c>), in display order.</summary>
    public IEnumerable<(string Field, SourcedValue Value)> AllValues()
    {
        yield return ("molecular_weight", MolecularWeight);
        foreach (var (t, v) in Affinities.OrderBy(p => p.Key)) yield return ($"affinities.{t}", v);
        foreach (var (e, v) in CypInhibition.OrderBy(p => p.Key)) yield return ($"cyp_inhibition.{e.Name()}", v);
        foreach (var (org, pk) in Pk.OrderBy(p => p.Key))
            foreach (var (f, v) in pk.AllValues()) yield return ($"pk.{org.Name()}.{f}", v);
        if (ClinicalDose is { } d)
        {
            yield return ("clinical_dose.low", d.Low);
            yield return ("clinical_dose.high", d.High);
        }
    }
}
