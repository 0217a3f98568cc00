namespace TrkbSim.Bench.Peers;

/// <summary>
/// Compares two tools at equal accuracy: a peer's time at a given error is read off its work-precision
/// line (log-log interpolation between its runs that count), never extrapolated.
/// </summary>
public static class AccuracyMatch
{
    /// <summary>The peer's time to reach <paramref name="error"/>, or null when the error is outside its measured range.</summary>
    public static double? TimeAt(IReadOnlyList<EvaluatedRun> peerRuns, double error)
    {
        var pts = peerRuns.Where(r => r.Counts && r.MaxRelError > 0).OrderBy(r => r.MaxRelError).ToArray();
        if (pts.Length == 0 || error <= 0) return null;
        if (pts.Length == 1) return Math.Abs(Math.Log10(error / pts[0].MaxRelError)) < 1e-9 ? pts[0].Seconds : null;
        if (error < pts[0].MaxRelError || error > pts[^1].MaxRelError) return null;
        for (int i = 0; i < pts.Length - 1; i++)
        {
            double e0 = pts[i].MaxRelError, e1 = pts[i + 1].MaxRelError;
            if (error < e0 || error > e1) continue;
            double le0 = Math.Log(e0), le1 = Math.Log(e1), lt0 = Math.Log(pts[i].Seconds), lt1 = Math.Log(pts[i + 1].Seconds);
            double w = le1 == le0 ? 0 : (Math.Log(error) - le0) / (le1 - le0);
            return Math.Exp(lt0 + w * (lt1 - lt0));
        }
        return null;
    }

    /// <summary>The fastest of several peer tools (e.g. SciPy's methods) at the given error, or null.</summary>
    public static double? BestTimeAt(IEnumerable<IReadOnlyList<EvaluatedRun>> peers, double error) =>
        peers.Select(p => TimeAt(p, error)).Where(t => t is not null).Min();
}
