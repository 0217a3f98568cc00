namespace TrkbSim.Analysis.Statistics;

/// <summary>Quantiles by linear interpolation between order statistics (the usual definition, type 7).</summary>
public static class Quantiles
{
    /// <summary>
    /// The <paramref name="p"/> quantile of already sorted values. Infinite values take part (a quantile that falls
    /// among +infinity is +infinity), so "never reached" can be ranked as later than any time.
    /// </summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        double h = (sorted.Count - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        if (h == lo || sorted[lo] == sorted[hi]) return sorted[lo];
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>The <paramref name="p"/> quantile of the finite values (NaN and infinities left out); NaN when there are none.</summary>
    public static double OfFinite(IEnumerable<double> values, double p) => OfSorted([.. values.Where(double.IsFinite).Order()], p);
}
