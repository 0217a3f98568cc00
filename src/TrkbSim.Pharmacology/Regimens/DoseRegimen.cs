using System.Collections.Immutable;
using System.Globalization;

namespace TrkbSim.Pharmacology.Regimens;

/// <summary>
/// One dosing regimen of one compound: amount, route, and when (start, interval, number of doses or duration,
/// missed doses). Times are in hours. Build it directly or with <see cref="RegimenParser"/>.
/// </summary>
public sealed record DoseRegimen(string Compound, double Dose, DoseUnit Unit, DoseRoute Route)
{
    /// <summary>Infusion duration, h (route <see cref="DoseRoute.Infusion"/> only).</summary>
    public double? InfusionHours { get; init; }
    /// <summary>Time between doses, h; null for a single dose or continuous drinking water.</summary>
    public double? IntervalHours { get; init; }
    /// <summary>Number of doses, when given as <c>doses N</c>.</summary>
    public int? DoseCount { get; init; }
    /// <summary>Length of the dosing period, h, when given as <c>for DURATION</c>.</summary>
    public double? DurationHours { get; init; }
    public double StartHours { get; init; }
    /// <summary>1-based indices of doses that are skipped.</summary>
    public ImmutableArray<int> MissedDoses { get; init; } = [];

    /// <summary>Number of scheduled doses before skipping (drinking water: 0, it is continuous).</summary>
    public int ScheduledDoseCount()
    {
        if (Route == DoseRoute.DrinkingWater) return 0;
        if (DoseCount is { } n) return n;
        if (IntervalHours is { } tau && DurationHours is { } dur)
            return Math.Max(1, (int)Math.Ceiling(dur / tau - 1e-9));
        return 1;
    }

    /// <summary>Times (h) at which doses are given, missed doses removed.</summary>
    public IReadOnlyList<double> DoseTimes()
    {
        int n = ScheduledDoseCount();
        var times = new List<double>(n);
        for (int i = 0; i < n; i++)
            if (!MissedDoses.Contains(i + 1))
                times.Add(StartHours + i * (IntervalHours ?? 0));
        return times;
    }

    /// <summary>End of a drinking-water period (h), or null when it continues to the end of the run.</summary>
    public double? DrinkingEndHours => Route == DoseRoute.DrinkingWater && DurationHours is { } d ? StartHours + d : null;

    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        string unit = Unit switch { DoseUnit.Mg => "mg", DoseUnit.MgPerKg => "mg/kg", _ => "mg/mL" };
        string route = Route switch
        {
            DoseRoute.Infusion => $"infusion:{(InfusionHours ?? 0).ToString("R", ci)}h",
            DoseRoute.DrinkingWater => "drinking-water",
            _ => Route.ToString().ToLowerInvariant(),
        };
        var parts = new List<string> { Compound, Dose.ToString("R", ci) + unit, route };
        if (IntervalHours is { } tau) parts.Add($"every {tau.ToString("R", ci)}h");
        if (DurationHours is { } dur) parts.Add($"for {dur.ToString("R", ci)}h");
        if (DoseCount is { } n) parts.Add($"doses {n}");
        if (StartHours != 0) parts.Add($"from {StartHours.ToString("R", ci)}h");
        if (MissedDoses.Length > 0) parts.Add($"skip {string.Join(",", MissedDoses)}");
        return string.Join(' ', parts);
    }
}
