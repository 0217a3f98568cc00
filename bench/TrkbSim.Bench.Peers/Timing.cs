using System.Diagnostics;

namespace TrkbSim.Bench.Peers;

/// <summary>The repetition rule every peer follows: fill a time budget, at least 3 repetitions, at most a maximum; one when a solve alone exceeds the budget.</summary>
public static class Timing
{
    public static int Repetitions(double warmSeconds, double budget, int maxReps)
    {
        int want = warmSeconds >= budget ? 1 : Math.Max(3, (int)Math.Ceiling(budget / Math.Max(warmSeconds, 1e-9)));
        return Math.Min(want, maxReps);
    }

    public static double Seconds(Action action)
    {
        long t0 = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(t0).TotalSeconds;
    }

    public static double Median(List<double> samples)
    {
        if (samples.Count == 0) return double.NaN;
        var s = samples.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
