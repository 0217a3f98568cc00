using System.Collections.Immutable;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Regimens;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>Computes a <see cref="RegimenSummary"/> from a regimen table.</summary>
public static class RegimenSummarizer
{
    /// <summary>Onset: the outcome 20 % below its baseline; response: 50 % below.</summary>
    public const double OnsetFraction = 0.2, ResponseFraction = 0.5;

    public static RegimenSummary Summarize(RegimenResult r)
    {
        double[] t = r.Times;
        double end = t[^1];
        var (winStart, winEnd) = LastDosingInterval(r.Settings.Regimens, end);

        double[] outcome = r.Column(r.OutcomeColumn);
        double baseline = outcome[0];
        double[] occ = r.Column("occupancy_TRKB");
        double finalOcc = occ[^1];

        var series = ImmutableSortedDictionary.CreateBuilder<string, SeriesSummary>(StringComparer.Ordinal);
        foreach (string col in r.Compounds.SelectMany(RegimenColumns.ExposureOf).Concat(RegimenColumns.Occupancies))
        {
            if (!r.Has(col)) continue;
            if (r.WindowExtremes is { } fine && fine.TryGetValue(col, out var exact)) { series[col] = exact; continue; }
            var y = r.Column(col);
            var (tp, peak, tt, trough) = TimeSeries.Extremes(t, y, winStart, winEnd);
            series[col] = new SeriesSummary(peak, tp, trough, tt, y[^1]);
        }
        var steady = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (string col in r.Columns.Skip(1)) steady[col] = r.Column(col)[^1];

        return new RegimenSummary
        {
            Species = r.Species.Name(),
            Regimens = [.. r.Settings.Regimens.Select(x => x.ToString())],
            Compounds = r.Compounds,
            DurationHours = end,
            LastIntervalStartHours = winStart,
            LastIntervalEndHours = winEnd,
            OutcomeColumn = r.OutcomeColumn,
            OutcomeBaseline = baseline,
            OutcomeFinal = outcome[^1],
            OnsetHours = baseline > 0 ? TimeSeries.FirstTimeAtOrBelow(t, outcome, (1 - OnsetFraction) * baseline) : null,
            ResponseHours = baseline > 0 ? TimeSeries.FirstTimeAtOrBelow(t, outcome, (1 - ResponseFraction) * baseline) : null,
            FinalMadrs = r.Has("madrs") ? r.Column("madrs")[^1] : null,
            FinalTrkbOccupancy = finalOcc,
            MaxTrkbOccupancy = Math.Max(occ.Max(), series.TryGetValue("occupancy_TRKB", out var fineOcc) ? fineOcc.Peak : 0),
            TimeToHalfFinalTrkbOccupancyHours = finalOcc > 0 ? TimeSeries.FirstTimeAtOrAbove(t, occ, 0.5 * finalOcc) : null,
            TimeTo50PercentTrkbEngagementHours = TimeSeries.FirstTimeAtOrAbove(t, occ, 0.5),
            Series = series.ToImmutable(),
            SteadyState = steady.ToImmutable(),
            Uncertainty = r.Uncertainty,
            SteadyStateStart = r.SteadyStateStart,
        };
    }

    /// <summary>
    /// The last dosing interval within [0, end]: from the last dose to the next scheduled one (or the end of the run
    /// after a single dose); drinking water: the last day of intake. Without regimens, the whole run.
    /// </summary>
    public static (double Start, double End) LastDosingInterval(IReadOnlyList<DoseRegimen> regimens, double end)
    {
        double bestStart = double.NegativeInfinity, bestEnd = end;
        foreach (var reg in regimens)
        {
            if (reg.Route == DoseRoute.DrinkingWater)
            {
                double stop = Math.Min(reg.DrinkingEndHours ?? end, end);
                if (stop <= reg.StartHours) continue;
                double s = Math.Max(reg.StartHours, stop - 24);
                if (s > bestStart) (bestStart, bestEnd) = (s, stop);
                continue;
            }
            foreach (double dt in reg.DoseTimes())
                if (dt <= end && dt > bestStart)
                    (bestStart, bestEnd) = (dt, reg.IntervalHours is { } tau ? Math.Min(dt + tau, end) : end);
        }
        return double.IsNegativeInfinity(bestStart) ? (0, end) : (bestStart, bestEnd);
    }
}
