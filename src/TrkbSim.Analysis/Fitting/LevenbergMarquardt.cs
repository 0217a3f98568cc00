namespace TrkbSim.Analysis.Fitting;

/// <summary>Why an optimisation stopped.</summary>
public enum StopReason
{
    FunctionTolerance,
    StepTolerance,
    GradientTolerance,
    ZeroResidual,
    MaxIterations,
    NoProgress,
    EvaluationFailed,
}

/// <summary>Outcome of one Levenberg-Marquardt run.</summary>
public sealed record LevenbergMarquardtResult(double[] X, double Cost, int Iterations, int Evaluations, StopReason Reason)
{
    /// <summary>True when a tolerance was met (not an iteration limit or a failure).</summary>
    public bool Converged => Reason is StopReason.FunctionTolerance or StopReason.StepTolerance
        or StopReason.GradientTolerance or StopReason.ZeroResidual;
}

/// <summary>
/// Levenberg-Marquardt minimisation of 0.5*|r(x)|^2 within box bounds, with Marquardt's diagonal
/// scaling and Nielsen's damping update. Bounds are kept by projection: coordinates on a bound whose
/// gradient points outward are held fixed for the step, and trial points are clipped to the box.
/// Residual and Jacobian come from callbacks that return false when the model cannot be evaluated at x;
/// such trial steps are rejected as if they increased the cost.
/// </summary>
public static class LevenbergMarquardt
{
    /// <summary>Fills r for x; false when x cannot be evaluated.</summary>
    public delegate bool ResidualFunction(double[] x, double[] r);

    /// <summary>Fills J (rows: residuals, columns: x) at x with residuals r; false on failure.</summary>
    public delegate bool JacobianFunction(double[] x, double[] r, double[,] j);

    public static LevenbergMarquardtResult Minimize(
        ResidualFunction residuals, JacobianFunction jacobian, double[] x0, int residualCount, FitOptions options,
        double[]? lower = null, double[]? upper = null)
    {
        lower ??= Enumerable.Repeat(double.NegativeInfinity, x0.Length).ToArray();
        upper ??= Enumerable.Repeat(double.PositiveInfinity, x0.Length).ToArray();
        var n = x0.Length;
        var m = residualCount;
        var x = x0.Select((v, i) => Math.Clamp(v, lower[i], upper[i])).ToArray();
        var active = new bool[n];
        var pg = new double[n];
        var r = new double[m];
        var rTrial = new double[m];
        var xTrial = new double[n];
        var jac = new double[m, n];
        var a = new double[n, n];
        var g = new double[n];
        var d = new double[n];
        var step = new double[n];
        var work = new double[n, n];
        var evaluations = 1;
        if (!residuals(x, r)) return new(x, double.NaN, 0, evaluations, StopReason.EvaluationFailed);
        var cost = 0.5 * Dot(r, r);
        if (n == 0) return new(x, cost, 0, evaluations, StopReason.GradientTolerance);
        if (!jacobian(x, r, jac)) return new(x, cost, 0, evaluations, StopReason.EvaluationFailed);
        Normal(jac, r, a, g, m, n);
        var lambda = 1e-3 * MaxDiag(a, n);
        if (lambda <= 0) lambda = 1e-3;
        var nu = 2.0;
        for (var iter = 1; iter <= options.MaxIterations; iter++)
        {
            if (cost <= 1e-300) return new(x, cost, iter - 1, evaluations, StopReason.ZeroResidual);
            for (var i = 0; i < n; i++)
            {
                active[i] = (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0);
                pg[i] = active[i] ? 0 : g[i];
            }
            if (InfNorm(pg) <= options.GradientTolerance * Math.Max(1.0, cost))
                return new(x, cost, iter - 1, evaluations, StopReason.GradientTolerance);
            var accepted = false;
            while (!accepted)
            {
                for (var i = 0; i < n; i++) d[i] = Math.Max(a[i, i], 1e-12 * MaxDiag(a, n) + 1e-300);
                for (var i = 0; i < n; i++)
                {
                    // Held coordinates get an identity row so that their step solves to zero.
                    for (var k = 0; k < n; k++) work[i, k] = active[i] || active[k] ? (i == k ? 1 : 0) : a[i, k];
                    if (!active[i]) work[i, i] += lambda * d[i];
                    step[i] = -pg[i];
                }
                if (!CholeskySolve(work, step, n))
                {
                    lambda *= nu; nu *= 2;
                    if (lambda > 1e20) return new(x, cost, iter, evaluations, StopReason.NoProgress);
                    continue;
                }
                if (Norm(step) <= options.StepTolerance * (Norm(x) + options.StepTolerance))
                    return new(x, cost, iter, evaluations, StopReason.StepTolerance);
                for (var i = 0; i < n; i++)
                {
                    xTrial[i] = Math.Clamp(x[i] + step[i], lower[i], upper[i]);
                    step[i] = xTrial[i] - x[i];
                }
                evaluations++;
                var ok = residuals(xTrial, rTrial);
                var costTrial = ok ? 0.5 * Dot(rTrial, rTrial) : double.PositiveInfinity;
                // Reduction predicted by the Gauss-Newton model for the (projected) step: -g's - 0.5 s'As.
                var predicted = 0.0;
                for (var i = 0; i < n; i++)
                {
                    var As = 0.0;
                    for (var k = 0; k < n; k++) As += a[i, k] * step[k];
                    predicted -= step[i] * (g[i] + 0.5 * As);
                }
                var rho = double.IsFinite(costTrial) && predicted > 0 ? (cost - costTrial) / predicted : -1;
                if (rho > 0)
                {
                    var reduction = cost - costTrial;
                    Array.Copy(xTrial, x, n);
                    Array.Copy(rTrial, r, m);
                    cost = costTrial;
                    lambda *= Math.Max(1.0 / 3.0, 1 - Math.Pow(2 * rho - 1, 3));
                    nu = 2;
                    accepted = true;
                    if (reduction <= options.FunctionTolerance * cost)
                        return new(x, cost, iter, evaluations, StopReason.FunctionTolerance);
                    if (!jacobian(x, r, jac)) return new(x, cost, iter, evaluations, StopReason.EvaluationFailed);
                    Normal(jac, r, a, g, m, n);
                }
                else
                {
                    lambda *= nu; nu *= 2;
                    if (lambda > 1e20) return new(x, cost, iter, evaluations, StopReason.NoProgress);
                }
            }
        }
        return new(x, cost, options.MaxIterations, evaluations, StopReason.MaxIterations);
    }

    private static void Normal(double[,] j, double[] r, double[,] a, double[] g, int m, int n)
    {
        for (var p = 0; p < n; p++)
        {
            var gp = 0.0;
            for (var i = 0; i < m; i++) gp += j[i, p] * r[i];
            g[p] = gp;
            for (var q = 0; q <= p; q++)
            {
                var s = 0.0;
                for (var i = 0; i < m; i++) s += j[i, p] * j[i, q];
                a[p, q] = s; a[q, p] = s;
            }
        }
    }

    /// <summary>Solves A x = b in place (b becomes x) for symmetric positive definite A; false if not SPD.</summary>
    internal static bool CholeskySolve(double[,] a, double[] b, int n)
    {
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k <= i; k++)
            {
                var s = a[i, k];
                for (var p = 0; p < k; p++) s -= a[i, p] * a[k, p];
                if (i == k)
                {
                    if (!(s > 0)) return false;
                    a[i, i] = Math.Sqrt(s);
                }
                else a[i, k] = s / a[k, k];
            }
        }
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var p = 0; p < i; p++) s -= a[i, p] * b[p];
            b[i] = s / a[i, i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var p = i + 1; p < n; p++) s -= a[p, i] * b[p];
            b[i] = s / a[i, i];
        }
        return true;
    }

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    private static double InfNorm(double[] a) => a.Length == 0 ? 0 : a.Max(Math.Abs);

    private static double MaxDiag(double[,] a, int n)
    {
        var mx = 0.0;
        for (var i = 0; i < n; i++) mx = Math.Max(mx, a[i, i]);
        return mx;
    }
}
