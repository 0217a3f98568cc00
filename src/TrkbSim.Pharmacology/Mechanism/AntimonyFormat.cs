using System.Globalization;

namespace TrkbSim.Pharmacology.Mechanism;

/// <summary>Number formatting for generated Antimony text (invariant, round-trip, lower-case exponent).</summary>
static class AntimonyFormat
{
    public static string Num(double x)
    {
        if (!double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "Antimony numbers must be finite");
        return x.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
    }
}
