namespace TrkbSim.Bench.Peers;

/// <summary>
/// Accuracy of a solution against the reference: the largest |y - y_ref| / max(|y_ref|, floor) over every
/// output time and state component. The floor (the problem's atol scale) keeps components that pass
/// through or decay towards zero from dominating: below it the error counts as absolute, scaled by the floor.
/// </summary>
public static class ErrorMetric
{
    /// <summary>Factor on rtol under which an answer counts as correct: global errors of well-behaved
    /// solvers run some multiple of the local tolerance (CVODE, LSODA and BDF reach a few hundred x rtol on the
    /// oscillatory OREGO and VDPOL), so three orders of magnitude are allowed; beyond that the answer is wrong.</summary>
    public const double WithinToleranceFactor = 1000;

    public static double MaxRelativeError(double[][] solution, double[][] reference, double floor)
    {
        if (solution.Length != reference.Length) return double.PositiveInfinity;
        double worst = 0;
        for (int k = 0; k < reference.Length; k++)
        {
            var s = solution[k];
            var r = reference[k];
            if (s.Length != r.Length || Math.Abs(s[0] - r[0]) > 1e-9 * Math.Max(1, Math.Abs(r[0]))) return double.PositiveInfinity;
            for (int i = 1; i < r.Length; i++)
            {
                double e = Math.Abs(s[i] - r[i]) / Math.Max(Math.Abs(r[i]), floor);
                if (!(e <= worst)) worst = double.IsNaN(e) ? double.PositiveInfinity : e;
            }
        }
        return worst;
    }

    public static bool WithinTolerance(double maxRelError, double rtol) => maxRelError <= WithinToleranceFactor * rtol;
}
