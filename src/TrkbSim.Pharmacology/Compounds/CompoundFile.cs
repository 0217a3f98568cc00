using System.Collections.Immutable;

namespace TrkbSim.Pharmacology.Compounds;

/// <summary>The content of one compound file; species and defaults are optional in a user's file.</summary>
public sealed record CompoundFile(string SourceName, ImmutableArray<Compound> Compounds)
{
    public ImmutableDictionary<Organism, SpeciesData> Species { get; init; } = ImmutableDictionary<Organism, SpeciesData>.Empty;
    /// <summary>Unbound brain : unbound plasma ratio used where a compound gives none.</summary>
    public SourcedValue? DefaultKpUu { get; init; }
}
