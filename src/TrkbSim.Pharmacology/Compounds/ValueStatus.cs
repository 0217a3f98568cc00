namespace TrkbSim.Pharmacology.Compounds;

/// <summary>How a parameter value was obtained.</summary>
public enum ValueStatus
{
    /// <summary>Taken directly from a cited measurement, label or review.</summary>
    Measured,
    /// <summary>Arithmetic on cited numbers (unit conversion, k = ln2/t½, CL = k·V, ka from Tmax).</summary>
    Derived,
    /// <summary>Chosen openly where the literature is silent; the note gives the reasoning.</summary>
    Assumed,
    /// <summary>Fitted so that the model reproduces a cited observation.</summary>
    Calibrated,
}
