using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Validation;

/// <summary>
/// Reads a number from a simulated regimen table. Kinds: value_at, max, mean, time_of_max, half_life, ratio_at,
/// auc, auc_ratio, peak_ratio, time_to_fraction, time_to_level_below, time_to_reduction, percent_reduction_at, and the
/// effect readouts (effect = fall of the columns below their value at time 0): effect_fraction_at (effect at at_h over
/// the effect at ref_h), time_to_effect_fraction (first time the effect reaches fraction x the effect at ref_h) and
/// effect_ratio_at (effect at at_h over the reference run's effect at the same time); and value_ratio_at (value at at_h
/// over the value at ref_h), reference_ratio_at (value over the reference run's value at at_h), reference_mean_ratio
/// (mean from from_h to to_h over the reference run's mean) and reference_difference_at (reference value minus value).
/// Times come back in hours; null means the run never shows the quantity (e.g. a level never reached).
/// </summary>
public static class ReadoutEvaluator
{
    public static readonly IReadOnlyList<string> Kinds =
    [
        "value_at", "max", "mean", "time_of_max", "half_life", "ratio_at", "auc", "auc_ratio", "peak_ratio",
        "time_to_fraction", "time_to_level_below", "time_to_reduction", "percent_reduction_at",
        "effect_fraction_at", "time_to_effect_fraction", "effect_ratio_at",
        "value_ratio_at", "reference_ratio_at", "reference_mean_ratio", "reference_difference_at",
    ];

    /// <summary>Kinds that compare with a reference run.</summary>
    public static bool NeedsReference(string kind) => kind is "effect_ratio_at" or "reference_ratio_at" or "reference_mean_ratio" or "reference_difference_at";

    /// <summary>True when the kind yields a time (hours), which is then converted to the observed time unit.</summary>
    public static bool IsTime(string kind) =>
        kind is "time_of_max" or "half_life" or "time_to_fraction" or "time_to_level_below" or "time_to_reduction" or "time_to_effect_fraction";

    public static double? Evaluate(Readout r, RegimenResult result, RegimenResult? reference = null)
    {
        double[] t = result.Times;
        double[] y = Sum(result, r.Columns);
        double end = t[^1];
        double from = r.FromHours ?? 0, to = r.ToHours ?? end;
        switch (r.Kind)
        {
            case "value_at": return TimeSeries.Interpolate(t, y, Need(r.AtHours, r, "at_h"));
            case "max": return TimeSeries.Extremes(t, y, from, to).Peak;
            case "mean": return Auc(t, y, from, to) / (to - from);
            case "time_of_max": return TimeSeries.Extremes(t, y, from, to).PeakTime - (r.OriginHours ?? 0);
            case "half_life": return TimeSeries.HalfLife(t, y, Need(r.FromHours, r, "from_h"), Need(r.ToHours, r, "to_h"));
            case "ratio_at":
                {
                    double at = Need(r.AtHours, r, "at_h");
                    return TimeSeries.Interpolate(t, y, at) / TimeSeries.Interpolate(t, Sum(result, NeedDenominator(r)), at);
                }
            case "auc": return Auc(t, y, from, to);
            case "auc_ratio": return Auc(t, y, from, to) / Auc(t, Sum(result, NeedDenominator(r)), from, to);
            case "peak_ratio":
                return TimeSeries.Extremes(t, y, Need(r.From2Hours, r, "from2_h"), Need(r.To2Hours, r, "to2_h")).Peak /
                       TimeSeries.Extremes(t, y, from, to).Peak;
            case "time_to_fraction":
                {
                    double refTime = Need(r.RefHours, r, "ref_h");
                    double level = Need(r.Fraction, r, "fraction") * TimeSeries.Interpolate(t, y, refTime);
                    if (r.SampleEveryHours is not { } every) return TimeSeries.FirstTimeAtOrAbove(t, y, level);
                    // Troughs: sample just at the dosing times so that daily peaks do not count as arrival.
                    double? prev = null;
                    for (double s = 0; s <= refTime + 1e-9; s += every)
                    {
                        double v = TimeSeries.Interpolate(t, y, s);
                        if (v >= level)
                        {
                            if (prev is not { } p) return s;
                            return s - every + every * (level - p) / (v - p);
                        }
                        prev = v;
                    }
                    return null;
                }
            case "time_to_level_below": return TimeSeries.FirstTimeAtOrBelow(t, y, Need(r.Level, r, "level"));
            case "time_to_reduction":
                return TimeSeries.FirstTimeAtOrBelow(t, y, (1 - Need(r.Fraction, r, "fraction")) * y[0]);
            case "percent_reduction_at":
                return 100 * (1 - TimeSeries.Interpolate(t, y, Need(r.AtHours, r, "at_h")) / y[0]);
            case "effect_fraction_at":
                return Effect(t, y, Need(r.AtHours, r, "at_h")) / Effect(t, y, Need(r.RefHours, r, "ref_h"));
            case "time_to_effect_fraction":
                {
                    double target = Need(r.Fraction, r, "fraction") * Effect(t, y, Need(r.RefHours, r, "ref_h"));
                    var effect = y.Select(v => y[0] - v).ToArray();
                    return TimeSeries.FirstTimeAtOrAbove(t, effect, target);
                }
            case "effect_ratio_at":
                {
                    double at = Need(r.AtHours, r, "at_h");
                    return Effect(t, y, at) / Effect(Ref(reference, r).Times, Sum(Ref(reference, r), r.Columns), at);
                }
            case "value_ratio_at":
                return TimeSeries.Interpolate(t, y, Need(r.AtHours, r, "at_h")) / TimeSeries.Interpolate(t, y, Need(r.RefHours, r, "ref_h"));
            case "reference_ratio_at":
                {
                    double at = Need(r.AtHours, r, "at_h");
                    return TimeSeries.Interpolate(t, y, at) / TimeSeries.Interpolate(Ref(reference, r).Times, Sum(Ref(reference, r), r.Columns), at);
                }
            case "reference_mean_ratio":
                return Auc(t, y, from, to) / Auc(Ref(reference, r).Times, Sum(Ref(reference, r), r.Columns), from, to);
            case "reference_difference_at":
                {
                    double at = Need(r.AtHours, r, "at_h");
                    return TimeSeries.Interpolate(Ref(reference, r).Times, Sum(Ref(reference, r), r.Columns), at) - TimeSeries.Interpolate(t, y, at);
                }
            default:
                throw new PharmacologyInputException($"readout kind '{r.Kind}' is not known; known: {string.Join(", ", Kinds)}");
        }
    }

    static RegimenResult Ref(RegimenResult? reference, Readout r) =>
        reference ?? throw new PharmacologyInputException($"readout '{r.Kind}' needs a 'reference' run");

    /// <summary>The fall of a curve below its value at time 0, at time <paramref name="at"/>.</summary>
    static double Effect(double[] t, double[] y, double at) => y[0] - TimeSeries.Interpolate(t, y, at);

    /// <summary>Hours per observed time unit (h, min, d, w, months).</summary>
    public static double HoursPer(string unit) => unit switch
    {
        "h" => 1,
        "min" => 1.0 / 60,
        "d" => 24,
        "w" => 168,
        "months" => 30.44 * 24,
        _ => throw new PharmacologyInputException($"time unit '{unit}' is not known; known: h, min, d, w, months"),
    };

    static double[] Sum(RegimenResult result, IReadOnlyList<string> columns)
    {
        var sum = new double[result.Times.Length];
        foreach (string c in columns)
        {
            var y = result.Column(c);
            for (int i = 0; i < sum.Length; i++) sum[i] += y[i];
        }
        return sum;
    }

    /// <summary>Trapezoidal area under the samples between from and to (interpolated at both ends).</summary>
    static double Auc(double[] t, double[] y, double from, double to)
    {
        double area = 0, tPrev = from, yPrev = TimeSeries.Interpolate(t, y, from);
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] <= from) continue;
            if (t[i] >= to) break;
            area += 0.5 * (y[i] + yPrev) * (t[i] - tPrev);
            (tPrev, yPrev) = (t[i], y[i]);
        }
        area += 0.5 * (TimeSeries.Interpolate(t, y, to) + yPrev) * (to - tPrev);
        return area;
    }

    static double Need(double? v, Readout r, string field) =>
        v ?? throw new PharmacologyInputException($"readout '{r.Kind}' needs '{field}'");

    static IReadOnlyList<string> NeedDenominator(Readout r) =>
        r.Denominator.Length > 0 ? r.Denominator : throw new PharmacologyInputException($"readout '{r.Kind}' needs 'denominator'");
}
