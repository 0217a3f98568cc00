namespace TrkbSim.Pharmacology.Regimens;

/// <summary>Unit of a dose amount.</summary>
public enum DoseUnit
{
    /// <summary>Absolute mass (µg doses are stored as mg).</summary>
    Mg,
    /// <summary>Mass per kg body weight.</summary>
    MgPerKg,
    /// <summary>Concentration in drinking water.</summary>
    MgPerML,
}
