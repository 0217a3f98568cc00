using System.Collections.Immutable;

namespace TrkbSim.Pharmacology.Compounds;

/// <summary>The content of one compound file; species and defaults are optional in a user's file.</summary>
public sealed record CompoundFile(string SourceName, ImmutableArray<Compound> Compounds)
{
    public IReadOnlyDictionary<Organism, SpeciesData> Species { get; init; } = new Dictionary<Organism, SpeciesData>();
    /// <summary>Unbound brain : unbound plasma ratio used where a compound gives none.</summary>
    public SourcedValue? DefaultKpUu { get; init; }
    /// <summary>
    /// Ratio of the membrane-phase to the nominal drug concentration in the in-vitro TRKB binding assays: converts an
    /// aqueous TRKB affinity into the membrane-lipid phase for the membrane exposure hypothesis.
    /// </summary>
    public SourcedValue? TrkbAssayMembraneRatio { get; init; }
}
