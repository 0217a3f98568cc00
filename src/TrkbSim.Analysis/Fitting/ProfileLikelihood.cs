using MathNet.Numerics.Distributions;

namespace TrkbSim.Analysis.Fitting;

/// <summary>
/// Profile-likelihood intervals: each parameter is stepped away from its estimate (in its search coordinate)
/// while the others are re-optimised, until -2 log L rises by the chi-square(1) quantile; the crossing is
/// interpolated linearly between the last two profile points.
/// </summary>
internal static class ProfileLikelihood
{
    public static ParameterEstimate[] Apply(FitProblem p, SolveOutcome best, ParameterEstimate[] estimates, ParallelOptions parallel)
    {
        var threshold = best.MinusTwoLogLikelihood + ChiSquared.InvCDF(1, p.Options.ConfidenceLevel);
        var result = (ParameterEstimate[])estimates.Clone();
        Parallel.For(0, p.ParameterCount, parallel, j =>
        {
            var worker = p.CreateWorker();
            var (lo, openLo) = Side(p, worker, best, j, -1, threshold, estimates[j].StandardErrorSearch);
            var (hi, openHi) = Side(p, worker, best, j, +1, threshold, estimates[j].StandardErrorSearch);
            var fp = p.Parameters[j];
            result[j] = estimates[j] with
            {
                ProfileCiLow = FitProblem.FromSearch(fp, lo),
                ProfileCiHigh = FitProblem.FromSearch(fp, hi),
                ProfileOpenLow = openLo,
                ProfileOpenHigh = openHi,
            };
        });
        return result;
    }

    private static (double Bound, bool Open) Side(FitProblem p, FitWorker worker, SolveOutcome best, int j, int direction,
        double threshold, double se)
    {
        var free = Enumerable.Range(0, p.ParameterCount).Where(i => i != j).ToArray();
        var limit = direction < 0 ? p.Lower[j] : p.Upper[j];
        var step = double.IsFinite(se) && se > 0 ? Math.Clamp(0.5 * se, 1e-3, 0.5) : 0.1;
        var theta = (double[])best.Theta.Clone();
        var previousValue = best.Theta[j];
        var previousObjective = best.MinusTwoLogLikelihood;
        for (var s = 1; s <= p.Options.ProfileMaxSteps; s++)
        {
            var value = best.Theta[j] + direction * step * s;
            var atLimit = direction < 0 ? value <= limit : value >= limit;
            if (atLimit) value = limit;
            theta[j] = value;
            var o = FitSolver.Solve(p, worker, theta, free);
            if (!double.IsFinite(o.MinusTwoLogLikelihood)) return (previousValue, true);
            if (o.MinusTwoLogLikelihood >= threshold)
            {
                var fraction = (threshold - previousObjective) / (o.MinusTwoLogLikelihood - previousObjective);
                return (previousValue + Math.Clamp(fraction, 0, 1) * (value - previousValue), false);
            }
            if (atLimit) return (limit, true);
            // Warm start the next point from this one's optimum.
            theta = o.Theta;
            previousValue = value;
            previousObjective = o.MinusTwoLogLikelihood;
        }
        return (previousValue, true);
    }
}
