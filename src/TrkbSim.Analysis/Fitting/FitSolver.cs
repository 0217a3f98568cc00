namespace TrkbSim.Analysis.Fitting;

/// <summary>Result of optimising some parameters with the others held fixed.</summary>
internal sealed record SolveOutcome(double[] Theta, double MinusTwoLogLikelihood, double[] Sigma, double[] Weights,
    int Iterations, int Evaluations, StopReason Reason);

/// <summary>
/// Maximum likelihood for one start: bounded Levenberg-Marquardt on weighted residuals in the search
/// coordinates (ln p or p), alternated with closed-form noise estimates. With additive noise on one variable this is plain
/// least squares; otherwise the weights (1/sigma_k, and 1/|f| for proportional noise) are refreshed from the
/// current fit until the estimates settle (iteratively reweighted, generalised least squares).
/// </summary>
internal static class FitSolver
{
    private const int MaxReweightings = 30;

    public static SolveOutcome Solve(FitProblem p, FitWorker worker, double[] theta0, int[] free)
    {
        var m = p.ObservationCount;
        var theta = (double[])theta0.Clone();
        var f = new double[m];
        var evaluations0 = worker.Evaluations;
        if (!worker.Predict(theta, f))
            return new(theta, double.NaN, [], [], 0, worker.Evaluations - evaluations0, StopReason.EvaluationFailed);
        var sigma = Enumerable.Repeat(1.0, p.VariableCount).ToArray();
        var weights = Weights(p, f, sigma);
        var iterations = 0;
        var reason = StopReason.GradientTolerance;
        var thetaTrial = new double[theta.Length];
        var lower = free.Select(j => p.Lower[j]).ToArray();
        var upper = free.Select(j => p.Upper[j]).ToArray();
        for (var outer = 0; outer < MaxReweightings; outer++)
        {
            var previous = (double[])theta.Clone();
            var x0 = free.Select(j => theta[j]).ToArray();
            var lm = LevenbergMarquardt.Minimize(
                (x, r) =>
                {
                    Map(x, theta, free, thetaTrial);
                    return worker.Residuals(thetaTrial, weights, r);
                },
                (x, _, jac) =>
                {
                    Map(x, theta, free, thetaTrial);
                    return worker.Jacobian(thetaTrial, weights, free, null, jac);
                },
                x0, m, p.Options, lower, upper);
            Map(lm.X, theta, free, thetaTrial);
            Array.Copy(thetaTrial, theta, theta.Length);
            iterations += lm.Iterations;
            reason = lm.Reason;
            if (lm.Reason == StopReason.EvaluationFailed || !worker.Predict(theta, f))
            {
                reason = StopReason.EvaluationFailed;
                break;
            }
            sigma = EstimateSigma(p, f);
            weights = Weights(p, f, sigma);
            if (p.Options.ErrorModel == ErrorModel.Additive && p.VariableCount == 1) break;
            var change = 0.0;
            for (var j = 0; j < theta.Length; j++) change = Math.Max(change, Math.Abs(theta[j] - previous[j]));
            if (outer > 0 && change <= 1e-9 * (1 + theta.Max(Math.Abs))) break;
        }
        var m2ll = reason == StopReason.EvaluationFailed ? double.NaN : MinusTwoLogLikelihood(p, f, sigma);
        return new(theta, m2ll, sigma, weights, iterations, worker.Evaluations - evaluations0, reason);
    }

    /// <summary>Standard deviation scale of observation i: 1 (additive) or |f_i| with a floor (proportional).</summary>
    public static double Scale(FitProblem p, double[] f, int i) =>
        p.Options.ErrorModel == ErrorModel.Additive ? 1.0 : Math.Max(Math.Abs(f[i]), p.ScaleFloor[p.ObsVariable[i]]);

    /// <summary>Maximum likelihood sigma per variable given predictions.</summary>
    public static double[] EstimateSigma(FitProblem p, double[] f)
    {
        var ss = new double[p.VariableCount];
        for (var i = 0; i < f.Length; i++)
        {
            var e = (p.ObsValue[i] - f[i]) / Scale(p, f, i);
            ss[p.ObsVariable[i]] += e * e;
        }
        var sigma = new double[p.VariableCount];
        for (var k = 0; k < sigma.Length; k++)
        {
            var s = Math.Sqrt(ss[k] / Math.Max(1, p.CountPerVariable[k]));
            // An exact fit would make the likelihood unbounded; keep sigma positive.
            sigma[k] = Math.Max(s, 1e-150);
        }
        return sigma;
    }

    public static double[] Weights(FitProblem p, double[] f, double[] sigma)
    {
        var w = new double[f.Length];
        for (var i = 0; i < f.Length; i++) w[i] = 1.0 / (sigma[p.ObsVariable[i]] * Scale(p, f, i));
        return w;
    }

    public static double MinusTwoLogLikelihood(FitProblem p, double[] f, double[] sigma)
    {
        var s = 0.0;
        for (var i = 0; i < f.Length; i++)
        {
            var sd = sigma[p.ObsVariable[i]] * Scale(p, f, i);
            var e = (p.ObsValue[i] - f[i]) / sd;
            s += Math.Log(2 * Math.PI * sd * sd) + e * e;
        }
        return s;
    }

    private static void Map(double[] x, double[] baseTheta, int[] free, double[] theta)
    {
        Array.Copy(baseTheta, theta, theta.Length);
        for (var c = 0; c < free.Length; c++) theta[free[c]] = x[c];
    }
}
