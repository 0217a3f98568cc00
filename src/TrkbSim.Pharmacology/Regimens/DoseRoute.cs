namespace TrkbSim.Pharmacology.Regimens;

/// <summary>How a dose is given.</summary>
public enum DoseRoute
{
    Oral,
    /// <summary>Intravenous bolus.</summary>
    Iv,
    /// <summary>Intravenous infusion at a constant rate over <see cref="DoseRegimen.InfusionHours"/>.</summary>
    Infusion,
    Intranasal,
    Ip,
    /// <summary>Continuous oral intake from drinking water (mg/mL × daily water intake).</summary>
    DrinkingWater,
}
