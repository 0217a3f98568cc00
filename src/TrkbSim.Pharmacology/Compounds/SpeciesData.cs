namespace TrkbSim.Pharmacology.Compounds;

/// <summary>
/// Species-level data: reference body weight, daily water intake (mouse), the membrane-lipid share of brain tissue, and
/// the enzyme activity of each CYP metaboliser phenotype relative to normal metabolisers.
/// </summary>
public sealed record SpeciesData(SourcedValue BodyWeight)
{
    /// <summary>Water drunk per day, mL/day; needed for drinking-water dosing.</summary>
    public SourcedValue? WaterIntake { get; init; }
    /// <summary>Volume fraction of brain tissue that is membrane lipid (the phase of the membrane exposure hypothesis).</summary>
    public SourcedValue? BrainLipidFraction { get; init; }
    /// <summary>Enzyme activity by phenotype relative to normal metabolisers (normal = 1), per enzyme.</summary>
    public IReadOnlyDictionary<CypEnzyme, IReadOnlyDictionary<MetaboliserPhenotype, SourcedValue>> CypActivity { get; init; } =
        new Dictionary<CypEnzyme, IReadOnlyDictionary<MetaboliserPhenotype, SourcedValue>>();
}
