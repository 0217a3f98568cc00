namespace TrkbSim.Pharmacology.Compounds;

/// <summary>Species-level defaults: reference body weight and, for mice, daily water intake.</summary>
public sealed record SpeciesData(SourcedValue BodyWeight)
{
    /// <summary>Water drunk per day, mL/day; needed for drinking-water dosing.</summary>
    public SourcedValue? WaterIntake { get; init; }
}
