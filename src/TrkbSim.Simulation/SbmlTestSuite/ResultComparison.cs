namespace TrkbSim.Simulation.SbmlTestSuite;

/// <summary>The point of a comparison that came closest to (or furthest beyond) the suite's tolerance.</summary>
/// <param name="Ratio">|expected - actual| / (absolute + relative * |expected|); above 1 fails.</param>
public sealed record WorstPoint(string Variable, double Time, double Expected, double Actual, double Ratio);

/// <summary>Compares simulated values with a case's expected results using the suite's rule.</summary>
public static class ResultComparison
{
    /// <summary>
    /// True when |expected - actual| &lt;= absolute + relative * |expected|; NaN matches NaN and an infinity matches
    /// the same infinity.
    /// </summary>
    public static bool Within(double expected, double actual, double absolute, double relative) =>
        Ratio(expected, actual, absolute, relative) <= 1;

    /// <summary>How far a point uses up its tolerance: 0 exact, 1 at the limit, +inf for a mismatch of NaN or infinity.</summary>
    public static double Ratio(double expected, double actual, double absolute, double relative)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual)) return double.IsNaN(expected) && double.IsNaN(actual) ? 0 : double.PositiveInfinity;
        if (double.IsInfinity(expected) || double.IsInfinity(actual)) return expected == actual ? 0 : double.PositiveInfinity;
        double diff = System.Math.Abs(expected - actual);
        double tol = absolute + relative * System.Math.Abs(expected);
        if (diff == 0) return 0;
        return tol > 0 ? diff / tol : double.PositiveInfinity;
    }

    /// <summary>
    /// Compares every value of <paramref name="expected"/> with the simulated columns (same order as its columns).
    /// Returns the worst point, or null when there are no values.
    /// </summary>
    public static WorstPoint? Worst(ResultTable expected, double[] times, double[][] actual, double absolute, double relative)
    {
        if (actual.Length != expected.Columns.Length)
            throw new ArgumentException($"expected {expected.Columns.Length} simulated columns, got {actual.Length}");
        if (times.Length != expected.Times.Length)
            throw new ArgumentException($"expected {expected.Times.Length} output times, got {times.Length}");
        WorstPoint? worst = null;
        for (int c = 0; c < expected.Columns.Length; c++)
        {
            var e = expected.Values[c];
            var a = actual[c];
            for (int i = 0; i < e.Length; i++)
            {
                double r = Ratio(e[i], a[i], absolute, relative);
                if (worst is null || r > worst.Ratio)
                    worst = new WorstPoint(expected.Columns[c], expected.Times[i], e[i], a[i], r);
            }
        }
        return worst;
    }
}
