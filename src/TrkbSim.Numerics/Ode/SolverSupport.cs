using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrkbSim.Numerics.Ode;

/// <summary>Shared pieces of the adaptive solvers: tolerances, error norms, initial step choice and failure reports.</summary>
internal static class SolverSupport
{
    /// <summary>The checks every stepper makes on Initialize; returns the system's dimension.</summary>
    public static int CheckStart(IOdeSystem system, ReadOnlySpan<double> y0, OdeOptions options)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        int n = system.Dimension;
        if (y0.Length != n)
            throw new ArgumentException($"Initial state has {y0.Length} entries but the system has {n} states.", nameof(y0));
        return n;
    }

    /// <summary>Throws unless the stepper has been initialised (<paramref name="system"/> is the one it was given).</summary>
    public static void CheckInitialized([System.Diagnostics.CodeAnalysis.NotNull] IOdeSystem? system)
    {
        if (system is null)
            throw new InvalidOperationException("Call Initialize before stepping.");
    }

    /// <summary>The checks of a restart: initialised, and a state of the system's <paramref name="n"/> entries.</summary>
    public static void CheckRestart([System.Diagnostics.CodeAnalysis.NotNull] IOdeSystem? system, int n, ReadOnlySpan<double> y)
    {
        CheckInitialized(system);
        if (y.Length != n)
            throw new ArgumentException($"State has {y.Length} entries but the system has {n} states.", nameof(y));
    }

    /// <summary>Relative distance below which a step is too small to advance time meaningfully.</summary>
    public const double MinRelativeStep = 1e-14;

    /// <summary>Unit roundoff of double precision (2^-52).</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    public static double[] EnsureLength(double[]? buffer, int n) =>
        buffer is not null && buffer.Length >= n ? buffer : new double[n];

    public static void FillAbsTol(OdeOptions options, double[] atol, int n)
    {
        if (options.RelTol < 0 || !double.IsFinite(options.RelTol))
        {
            throw new ArgumentException($"RelTol must be a finite non-negative number, got {options.RelTol}.", nameof(options));
        }

        if (options.AbsTolVector is { } v)
        {
            if (v.Length != n)
            {
                throw new ArgumentException($"AbsTolVector has {v.Length} entries but the system has {n} states.", nameof(options));
            }

            v.AsSpan().CopyTo(atol);
        }
        else
        {
            atol.AsSpan(0, n).Fill(options.AbsTol);
        }

        for (int i = 0; i < n; i++)
        {
            if (!(atol[i] >= 0) || !double.IsFinite(atol[i]))
            {
                throw new ArgumentException($"Absolute tolerance of component {i} must be finite and non-negative, got {atol[i]}.", nameof(options));
            }

            if (atol[i] == 0 && options.RelTol == 0)
            {
                throw new ArgumentException($"Component {i} has zero absolute and relative tolerance.", nameof(options));
            }
        }
    }

    /// <summary>RMS of err_i / (atol_i + rtol * max(|y_i|, |ynew_i|)).</summary>
    /// <remarks>
    /// Sums in four interleaved partial sums (component i into sum i mod 4), combined as (s0 + s1) + (s2 + s3), with
    /// Vector256 or the same order in scalar code, so the result does not depend on the hardware.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // every step of every solver; see LaneVectors.Get
    public static double ErrorNorm(ReadOnlySpan<double> err, ReadOnlySpan<double> y, ReadOnlySpan<double> ynew, ReadOnlySpan<double> atol, double rtol)
    {
        int n = err.Length;
        if (y.Length < n || ynew.Length < n || atol.Length < n)
        {
            throw new ArgumentException("Error norm sizes do not match.");
        }

        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double e0 = ref MemoryMarshal.GetReference(err);
            ref double y0 = ref MemoryMarshal.GetReference(y);
            ref double n0 = ref MemoryMarshal.GetReference(ynew);
            ref double a0 = ref MemoryMarshal.GetReference(atol);
            var rt = Vector256.Create(rtol);
            var acc = Vector256<double>.Zero;
            for (; i <= n - 4; i += 4)
            {
                var sc = Vector256.LoadUnsafe(ref a0, (nuint)i) + rt * Vector256.Max(
                    Vector256.Abs(Vector256.LoadUnsafe(ref y0, (nuint)i)), Vector256.Abs(Vector256.LoadUnsafe(ref n0, (nuint)i)));
                var r = Vector256.LoadUnsafe(ref e0, (nuint)i) / sc;
                acc += r * r;
            }

            s0 = acc.GetElement(0);
            s1 = acc.GetElement(1);
            s2 = acc.GetElement(2);
            s3 = acc.GetElement(3);
        }
        else
        {
            for (; i <= n - 4; i += 4)
            {
                s0 += Sq(err[i] / (atol[i] + rtol * Math.Max(Math.Abs(y[i]), Math.Abs(ynew[i]))));
                s1 += Sq(err[i + 1] / (atol[i + 1] + rtol * Math.Max(Math.Abs(y[i + 1]), Math.Abs(ynew[i + 1]))));
                s2 += Sq(err[i + 2] / (atol[i + 2] + rtol * Math.Max(Math.Abs(y[i + 2]), Math.Abs(ynew[i + 2]))));
                s3 += Sq(err[i + 3] / (atol[i + 3] + rtol * Math.Max(Math.Abs(y[i + 3]), Math.Abs(ynew[i + 3]))));
            }
        }

        // The tail goes into the partial sums by lane, as a full vector would.
        for (int lane = 0; i < n; i++, lane++)
        {
            double r = Sq(err[i] / (atol[i] + rtol * Math.Max(Math.Abs(y[i]), Math.Abs(ynew[i]))));
            switch (lane)
            {
                case 0: s0 += r; break;
                case 1: s1 += r; break;
                default: s2 += r; break;
            }
        }

        return n == 0 ? 0 : Math.Sqrt(((s0 + s1) + (s2 + s3)) / n);
    }

    /// <summary>
    /// ||f1 - f0|| / ||y1 - y0|| with both differences weighted by 1 / (atol_i + rtol * |y1_i|): an estimate of the
    /// dominant eigenvalue magnitude. Four interleaved partial sums as in <see cref="ErrorNorm"/>, so the result does
    /// not depend on the hardware; 0 when y1 equals y0.
    /// </summary>
    public static double EigenvalueRatio(ReadOnlySpan<double> f1, ReadOnlySpan<double> f0, ReadOnlySpan<double> y1, ReadOnlySpan<double> y0,
        ReadOnlySpan<double> atol, double rtol)
    {
        int n = f1.Length;
        if (f0.Length < n || y1.Length < n || y0.Length < n || atol.Length < n)
        {
            throw new ArgumentException("Eigenvalue estimate sizes do not match.");
        }

        Span<double> num = stackalloc double[4];
        Span<double> den = stackalloc double[4];
        num.Clear();
        den.Clear();
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double f1r = ref MemoryMarshal.GetReference(f1);
            ref double f0r = ref MemoryMarshal.GetReference(f0);
            ref double y1r = ref MemoryMarshal.GetReference(y1);
            ref double y0r = ref MemoryMarshal.GetReference(y0);
            ref double ar = ref MemoryMarshal.GetReference(atol);
            var rt = Vector256.Create(rtol);
            Vector256<double> vn = Vector256<double>.Zero, vd = Vector256<double>.Zero;
            for (; i <= n - 4; i += 4)
            {
                var yn = Vector256.LoadUnsafe(ref y1r, (nuint)i);
                var w = Vector256<double>.One / (Vector256.LoadUnsafe(ref ar, (nuint)i) + rt * Vector256.Abs(yn));
                var df = (Vector256.LoadUnsafe(ref f1r, (nuint)i) - Vector256.LoadUnsafe(ref f0r, (nuint)i)) * w;
                var dy = (yn - Vector256.LoadUnsafe(ref y0r, (nuint)i)) * w;
                vn += df * df;
                vd += dy * dy;
            }

            vn.CopyTo(num);
            vd.CopyTo(den);
        }

        for (; i < n; i++)
        {
            double w = 1.0 / (atol[i] + rtol * Math.Abs(y1[i]));
            double df = (f1[i] - f0[i]) * w, dy = (y1[i] - y0[i]) * w;
            num[i & 3] += df * df;
            den[i & 3] += dy * dy;
        }

        double nsum = (num[0] + num[1]) + (num[2] + num[3]);
        double dsum = (den[0] + den[1]) + (den[2] + den[3]);
        return dsum > 0 ? Math.Sqrt(nsum / dsum) : 0;
    }

    private static double Sq(double x) => x * x;

    /// <summary>Index of the component with the largest scaled error (non-finite counts as largest); -1 for an empty system.</summary>
    public static int WorstComponent(ReadOnlySpan<double> err, ReadOnlySpan<double> y, ReadOnlySpan<double> ynew, ReadOnlySpan<double> atol, double rtol)
    {
        int worst = -1;
        double max = -1;
        for (int i = 0; i < err.Length; i++)
        {
            double sc = atol[i] + rtol * Math.Max(Math.Abs(y[i]), Math.Abs(ynew[i]));
            double r = Math.Abs(err[i] / sc);
            if (!double.IsFinite(r))
            {
                return i;
            }

            if (r > max)
            {
                max = r;
                worst = i;
            }
        }

        return worst;
    }

    public static int FirstNonFinite(ReadOnlySpan<double> v)
    {
        for (int i = 0; i < v.Length; i++)
        {
            if (!double.IsFinite(v[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public static double ScaledRms(ReadOnlySpan<double> v, ReadOnlySpan<double> y, ReadOnlySpan<double> atol, double rtol)
    {
        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            double r = v[i] / (atol[i] + rtol * Math.Abs(y[i]));
            sum += r * r;
        }

        return v.Length == 0 ? 0 : Math.Sqrt(sum / v.Length);
    }

    /// <summary>
    /// Initial step size after Hairer, Norsett and Wanner (Solving ODEs I, II.4): balances ||y0||/||f0|| with a second-derivative
    /// estimate from one explicit Euler trial step. Uses one function evaluation; <paramref name="y1"/> and <paramref name="f1"/> are scratch.
    /// </summary>
    public static double InitialStep(IOdeSystem system, double t0, double[] y0, double[] f0, double direction, int order,
        ReadOnlySpan<double> atol, double rtol, double maxStep, double[] y1, double[] f1)
    {
        int n = system.Dimension;
        double d0 = ScaledRms(y0.AsSpan(0, n), y0, atol, rtol);
        double d1 = ScaledRms(f0.AsSpan(0, n), y0, atol, rtol);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        // A state that sits at about zero (below its absolute tolerance) while changing makes d0 / d1 tiny: the trial step
        // would be one the step-size check rejects as too small relative to t (e.g. right after an event at t = 5.3 that
        // fires when y crosses 0). Keep the steps above that floor; the controller grows them from there.
        double floor = 100 * MinRelativeStep * Math.Abs(t0);
        h0 = Math.Min(Math.Max(h0, floor), maxStep);
        for (int i = 0; i < n; i++)
        {
            y1[i] = y0[i] + direction * h0 * f0[i];
        }

        system.Derivatives(t0 + direction * h0, y1, f1);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double r = (f1[i] - f0[i]) / (atol[i] + rtol * Math.Abs(y0[i]));
            sum += r * r;
        }

        double d2 = n == 0 ? 0 : Math.Sqrt(sum / n) / h0;
        double dm = Math.Max(d1, d2);
        double h1 = !double.IsFinite(dm) ? h0 * 1e-3
            : dm <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3)
            : Math.Pow(0.01 / dm, 1.0 / (order + 1));
        double h = Math.Max(Math.Min(100 * h0, h1), floor);
        return Math.Min(h, maxStep);
    }

    public static OdeSolverException TooManySteps(string solver, double t, long maxSteps) =>
        new(OdeFailure.TooManySteps, t, -1,
            string.Create(CultureInfo.InvariantCulture, $"{solver}: reached the limit of {maxSteps} steps at t = {t:R}."));

    public static OdeSolverException StepTooSmall(string solver, double t, double h, int component) =>
        new(OdeFailure.StepSizeTooSmall, t, component,
            string.Create(CultureInfo.InvariantCulture,
                $"{solver}: step size {Math.Abs(h):G3} too small at t = {t:R}; worst component is state {component}."));

    public static OdeSolverException NonFinite(string solver, double t, int component) =>
        new(OdeFailure.NonFiniteValue, t, component,
            string.Create(CultureInfo.InvariantCulture,
                $"{solver}: non-finite value in state {component} at t = {t:R}."));

    public static OdeSolverException Singular(string solver, double t) =>
        new(OdeFailure.SingularMatrix, t, -1,
            string.Create(CultureInfo.InvariantCulture,
                $"{solver}: the iteration matrix I/(h*gamma) - J is singular at t = {t:R} even after reducing the step."));

    public static OdeSolverException LinearSolveFailed(string solver, double t) =>
        new(OdeFailure.LinearSolverFailed, t, -1,
            string.Create(CultureInfo.InvariantCulture,
                $"{solver}: the iterative linear solver (GMRES with ILU(0)) did not reach its tolerance at t = {t:R} even after reducing the step; try --linear-solver sparse."));

    public static void CheckStepArgument(string solver, double time, double tStop)
    {
        if (double.IsNaN(tStop))
        {
            throw new ArgumentException($"{solver}: tStop is NaN.", nameof(tStop));
        }

        if (tStop == time)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{solver}: tStop equals the current time {time:R}; nothing to step."), nameof(tStop));
        }
    }
}
