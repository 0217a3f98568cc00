namespace TrkbSim.Pharmacology.Runs;

/// <summary>Small helpers on sampled time courses (linear interpolation between samples).</summary>
public static class TimeSeries
{
    public static double Interpolate(double[] t, double[] y, double at)
    {
        if (t.Length == 0) return double.NaN;
        if (at <= t[0]) return y[0];
        int hi = Array.BinarySearch(t, at);
        if (hi >= 0) return y[hi];
        hi = ~hi;
        if (hi >= t.Length) return y[^1];
        int lo = hi - 1;
        return y[lo] + (y[hi] - y[lo]) * (at - t[lo]) / (t[hi] - t[lo]);
    }

    /// <summary>First time at or after <paramref name="from"/> at which y reaches <paramref name="level"/> from below; null if never.</summary>
    public static double? FirstTimeAtOrAbove(double[] t, double[] y, double level, double from = double.NegativeInfinity)
    {
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] < from || !(y[i] >= level)) continue;
            if (i == 0 || t[i - 1] < from || y[i - 1] >= level) return t[i];
            return t[i - 1] + (t[i] - t[i - 1]) * (level - y[i - 1]) / (y[i] - y[i - 1]);
        }
        return null;
    }

    /// <summary>First time at or after <paramref name="from"/> at which y falls to <paramref name="level"/> from above; null if never.</summary>
    public static double? FirstTimeAtOrBelow(double[] t, double[] y, double level, double from = double.NegativeInfinity)
    {
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] < from || !(y[i] <= level)) continue;
            if (i == 0 || t[i - 1] < from || y[i - 1] <= level) return t[i];
            return t[i - 1] + (t[i] - t[i - 1]) * (y[i - 1] - level) / (y[i - 1] - y[i]);
        }
        return null;
    }

    /// <summary>Maximum and minimum (value and time) of the samples with from &lt;= t &lt;= to.</summary>
    public static (double PeakTime, double Peak, double TroughTime, double Trough) Extremes(double[] t, double[] y, double from, double to)
    {
        double peak = double.NegativeInfinity, trough = double.PositiveInfinity, tp = double.NaN, tt = double.NaN;
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] < from || t[i] > to) continue;
            if (y[i] > peak) { peak = y[i]; tp = t[i]; }
            if (y[i] < trough) { trough = y[i]; tt = t[i]; }
        }
        return (tp, peak, tt, trough);
    }

    /// <summary>Half-life from the log-linear slope of a declining curve between two times; null when not declining.</summary>
    public static double? HalfLife(double[] t, double[] y, double t1, double t2)
    {
        double y1 = Interpolate(t, y, t1), y2 = Interpolate(t, y, t2);
        if (!(y1 > 0 && y2 > 0 && y2 < y1)) return null;
        return Math.Log(2) * (t2 - t1) / Math.Log(y1 / y2);
    }
}
