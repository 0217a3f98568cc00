using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using TrkbSim.Modeling.Text;
using TrkbSim.Numerics.LinearAlgebra;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation;

namespace TrkbSim.Analysis.SteadyState;

/// <summary>How a steady state is sought.</summary>
public enum SteadyStateMethod
{
    /// <summary>Newton from the initial state; if it fails, integrate towards the steady state and finish with Newton.</summary>
    Auto,
    /// <summary>Damped Newton on f(y) = 0 with the conservation laws in place of their pivot equations.</summary>
    Newton,
    /// <summary>Integrate over growing spans until the rates vanish, then polish with Newton.</summary>
    Simulate,
}

public static class SteadyStateMethodNames
{
    public static readonly NameTable<SteadyStateMethod> Table = new("method",
        ("auto", SteadyStateMethod.Auto), ("newton", SteadyStateMethod.Newton), ("simulate", SteadyStateMethod.Simulate));
}

/// <summary>The search ended without a state where the rates vanish (there may be none).</summary>
public sealed class NoSteadyStateException(string message) : Exception(message);

public sealed record SteadyStateOptions
{
    public SteadyStateMethod Method { get; init; } = SteadyStateMethod.Auto;
    /// <summary>Converged when every |f_i| is at most Tolerance × max(1, |y_i|).</summary>
    public double Tolerance { get; init; } = 1e-10;
    public int MaxIterations { get; init; } = 100;
    /// <summary>Longest span integrated by the simulate method (model time units).</summary>
    public double MaxSimulatedTime { get; init; } = 1e7;
    public CancellationToken Cancellation { get; init; }
}

/// <summary>A steady state: the state, how well it solves f(y) = 0, its conservation laws and its stability.</summary>
public sealed record SteadyStateResult
{
    public required ImmutableArray<string> StateIds { get; init; }
    public required ImmutableArray<double> State { get; init; }
    /// <summary>Largest scaled rate |f_i| / max(1, |y_i|) at the state.</summary>
    public required double Residual { get; init; }
    /// <summary>"newton" or "simulate then newton".</summary>
    public required string Method { get; init; }
    public required int NewtonIterations { get; init; }
    /// <summary>Time integrated before Newton (simulate path), else 0.</summary>
    public required double SimulatedTime { get; init; }
    public required ConservationLaws Laws { get; init; }
    /// <summary>The conserved totals, as set by the initial state.</summary>
    public required ImmutableArray<double> Totals { get; init; }
    /// <summary>Largest real part of the Jacobian's eigenvalues, the conservation laws' zero eigenvalues set aside; null without free states.</summary>
    public double? MaxRealEigenvalue { get; init; }
    /// <summary>
    /// How the eigenvalues were found: "dense" (all of them) or "shift-invert Arnoldi" (those nearest zero, for large
    /// sparse models: <see cref="EigenvaluesExamined"/> of them).
    /// </summary>
    public string EigenvalueMethod { get; init; } = "dense";
    /// <summary>How many eigenvalues (conservation laws' zeros aside) the largest real part is taken over.</summary>
    public int EigenvaluesExamined { get; init; }
    /// <summary>True when every eigenvalue examined (conservation laws aside) has a negative real part.</summary>
    public bool? Stable => MaxRealEigenvalue is { } m ? m < 0 : null;
}

/// <summary>
/// Finds a steady state of a compiled model: f(y) = 0 with the model's conservation laws holding at the initial
/// state's totals, by damped Newton (dense or sparse LU: <see cref="NewtonMatrix"/>; backtracking on the residual) and, when Newton alone fails, by
/// integration towards it. Events are not part of a steady state and are ignored; rates are taken at the start time.
/// </summary>
public static class SteadyStateSolver
{
    public static SteadyStateResult Solve(Simulator simulator, SteadyStateOptions options)
    {
        var system = simulator.OdeSystem;
        double t0 = simulator.Time;
        double[] y0 = simulator.GetState();
        int n = y0.Length;
        var laws = ConservationLaws.Find(system, y0, t0);
        var totals = Enumerable.Range(0, laws.Count).Select(k => laws.Total(k, y0)).ToImmutableArray();
        var ids = simulator.Model.StateIds.ToImmutableArray();

        double[] y = (double[])y0.Clone();
        double simulated = 0;
        string method = "newton";
        int iterations = 0;
        bool converged = false;
        if (options.Method is SteadyStateMethod.Newton or SteadyStateMethod.Auto)
            converged = Newton(system, t0, y, laws, totals, options, out iterations);
        if (!converged && options.Method is SteadyStateMethod.Simulate or SteadyStateMethod.Auto)
        {
            method = "simulate then newton";
            y = (double[])y0.Clone();
            simulated = Integrate(simulator, y, options);
            converged = Newton(system, t0, y, laws, totals, options, out iterations);
        }
        double residual = Residual(system, t0, y);
        if (!converged)
            throw new NoSteadyStateException(
                $"no steady state found ({method}: largest scaled rate {residual:G3} after {iterations} Newton iterations" +
                (simulated > 0 ? $" and {simulated:G3} time units of integration" : "") +
                "); the model may have none (a constant input, growth, a limit cycle), or try --method simulate");
        var (maxReal, eigenMethod, examined) = Stability(system, t0, y, laws);
        return new SteadyStateResult
        {
            StateIds = ids,
            State = [.. y],
            Residual = residual,
            Method = method,
            NewtonIterations = iterations,
            SimulatedTime = simulated,
            Laws = laws,
            Totals = totals,
            MaxRealEigenvalue = maxReal,
            EigenvalueMethod = eigenMethod,
            EigenvaluesExamined = examined,
        };
    }

    static double Residual(IOdeSystem system, double t, double[] y)
    {
        var f = new double[y.Length];
        system.Derivatives(t, y, f);
        return ScaledRate(f, y);
    }

    /// <summary>The largest |f_i| / max(1, |y_i|); infinity when any is not finite.</summary>
    static double ScaledRate(double[] f, double[] y)
    {
        double r = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double v = Math.Abs(f[i]) / Math.Max(1, Math.Abs(y[i]));
            if (!double.IsFinite(v)) return double.PositiveInfinity;
            r = Math.Max(r, v);
        }
        return r;
    }

    /// <summary>The Newton residual from the rates f at y: each law's pivot row replaced by L·y - total (in the matrix by L: <see cref="NewtonMatrix"/>).</summary>
    static void ReplaceLawRows(double[] y, double[] f, ConservationLaws laws, IReadOnlyList<double> totals, double[] r)
    {
        Array.Copy(f, r, y.Length);
        for (int k = 0; k < laws.Count; k++) r[laws.Pivots[k]] = laws.Total(k, y) - totals[k];
    }

    static double Norm(double[] r)
    {
        double sum = 0;
        foreach (double v in r) sum += v * v;
        return Math.Sqrt(sum);
    }

    /// <summary>Damped Newton; the rates are evaluated once per point tried (the accepted trial's are reused).</summary>
    static bool Newton(IOdeSystem system, double t, double[] y, ConservationLaws laws, IReadOnlyList<double> totals,
        SteadyStateOptions options, out int iterations)
    {
        int n = y.Length;
        var f = new double[n];
        var r = new double[n];
        var matrix = new NewtonMatrix(system, laws);
        var step = new double[n];
        var trial = new double[n];
        var fTrial = new double[n];
        var rTrial = new double[n];
        system.Derivatives(t, y, f);
        for (iterations = 0; iterations < options.MaxIterations; iterations++)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            if (ScaledRate(f, y) <= options.Tolerance) return true;
            ReplaceLawRows(y, f, laws, totals, r);
            double norm = Norm(r);
            if (!double.IsFinite(norm) || !matrix.Factor(t, y)) return false;
            for (int i = 0; i < n; i++) step[i] = -r[i];
            if (!matrix.Solve(step)) return false;
            // Backtracking: the full step unless it fails to lower the residual enough.
            double lambda = 1;
            while (true)
            {
                for (int i = 0; i < n; i++) trial[i] = y[i] + lambda * step[i];
                system.Derivatives(t, trial, fTrial);
                ReplaceLawRows(trial, fTrial, laws, totals, rTrial);
                double trialNorm = Norm(rTrial);
                if (double.IsFinite(trialNorm) && trialNorm <= (1 - 1e-4 * lambda) * norm) break;
                lambda /= 2;
                if (lambda < 1e-8) return false;
            }
            Array.Copy(trial, y, n);
            (f, fTrial) = (fTrial, f);
        }
        return ScaledRate(f, y) <= options.Tolerance;
    }

    /// <summary>Integrates from the initial state over spans growing tenfold until the rates vanish or the longest span is reached; returns the time integrated.</summary>
    static double Integrate(Simulator simulator, double[] y, SteadyStateOptions options)
    {
        var system = simulator.OdeSystem;
        double t0 = simulator.Time;
        double span = 1;
        while (true)
        {
            simulator.Run(new SimulationSettings
            {
                Start = t0, End = t0 + span, Times = [t0, t0 + span], Variables = [.. simulator.Model.StateIds.Take(1)],
                Cancellation = options.Cancellation, RelTol = 1e-8, AbsTol = 1e-12, MaxSteps = 10_000_000,
            });
            Array.Copy(simulator.GetState(), y, y.Length);
            // Newton finishes from close by; the rates need only be small here.
            if (Residual(system, t0, y) <= 1e-6 || span >= options.MaxSimulatedTime) return span;
            span = Math.Min(span * 10, options.MaxSimulatedTime);
        }
    }

    /// <summary>Largest size for which every eigenvalue is computed (dense, n³); larger sparse models take those nearest zero.</summary>
    internal const int DenseEigenvalueLimit = 500;

    static (double? MaxReal, string Method, int Examined) Stability(IOdeSystem system, double t, double[] y, ConservationLaws laws)
    {
        if (y.Length <= DenseEigenvalueLimit || !NewtonMatrix.UsesSparse(system))
            return (MaxRealEigenvalue(system, t, y, laws.Count), "dense", Math.Max(0, y.Length - laws.Count));
        var outcome = SparseStability.NearestToZero((ISparseJacobianSystem)system, laws, t, y);
        return (outcome.MaxReal, "shift-invert Arnoldi", outcome.Converged);
    }

    internal static double? MaxRealEigenvalue(IOdeSystem system, double t, double[] y, int conserved)
    {
        int n = y.Length;
        if (n - conserved <= 0) return null;
        var jac = new double[n * n];
        system.Jacobian(t, y, jac);
        var m = Matrix<double>.Build.Dense(n, n, (i, j) => jac[i * n + j]);
        var eigen = m.Evd().EigenValues.ToArray();
        // The conservation laws contribute one zero eigenvalue each: set aside those closest to zero.
        return eigen.OrderBy(e => e.Magnitude).Skip(conserved).Max(e => e.Real);
    }
}
