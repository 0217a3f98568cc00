using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using TrkbSim.Simulation;

namespace TrkbSim.Analysis.SteadyState;

/// <summary>How a periodic steady state is sought (<see cref="PeriodicSteadyState"/>).</summary>
public sealed record PeriodicSteadyStateOptions
{
    /// <summary>The period T of the forcing (e.g. the dosing interval), in model time units; must be &gt; 0.</summary>
    public required double Period { get; init; }
    /// <summary>The state is sought at this phase: the start of a period (e.g. the time of a dose, before it acts).</summary>
    public double Start { get; init; }
    /// <summary>
    /// Added to the state at the start of every period: a jump the model's initial values carry but events do not
    /// (e.g. a dose at the start time written into the initial amounts). Null: none. The result's state is taken
    /// before the jump.
    /// </summary>
    public IReadOnlyList<double>? StartJump { get; init; }
    /// <summary>
    /// Converged when, for every state, |P(x) - x| &lt;= Tolerance × |x| + the state's absolute tolerance
    /// (<see cref="AbsTol"/>, or <see cref="AbsTolFor"/> for that state) scaled by Tolerance / RelTol.
    /// </summary>
    public double Tolerance { get; init; } = 1e-6;
    /// <summary>Newton iterations at most (each costs one period per state plus one).</summary>
    public int MaxIterations { get; init; } = 20;
    /// <summary>Periods simulated one after another before Newton when it fails from the start (and at most between attempts).</summary>
    public int MaxPlainPeriods { get; init; } = 400;
    public string Solver { get; init; } = "auto";
    /// <summary>Tolerances of the integration over each period (tighter than <see cref="Tolerance"/>).</summary>
    public double RelTol { get; init; } = 1e-10;
    public double AbsTol { get; init; } = 1e-13;
    public IReadOnlyDictionary<string, double>? AbsTolFor { get; init; }
    public CancellationToken Cancellation { get; init; }
}

/// <summary>A state that a period of the forcing brings back to itself, and how it was found.</summary>
public sealed record PeriodicSteadyStateResult
{
    public required ImmutableArray<string> StateIds { get; init; }
    /// <summary>The state at the start of a period (before what happens at that instant, e.g. a dose, acts).</summary>
    public required ImmutableArray<double> State { get; init; }
    /// <summary>max_i |P(x)_i - x_i| / (Tolerance |x_i| + scaled absolute tolerance): at most 1 when converged.</summary>
    public required double Residual { get; init; }
    public required int NewtonIterations { get; init; }
    /// <summary>Periods simulated in all (plain periods, Newton's difference quotients and line search).</summary>
    public required int PeriodsSimulated { get; init; }
    /// <summary>
    /// Largest modulus of the period map's Jacobian eigenvalues (Floquet multipliers) at the solution, after setting
    /// aside one multiplier at 1 per conservation law: below 1 the periodic state attracts nearby ones.
    /// </summary>
    public double? MaxFloquetMultiplier { get; init; }
}

/// <summary>
/// Finds the periodic steady state of a model under periodic forcing: x with P(x) = x, where P integrates one period
/// from x (events included). Newton on P(x) - x with a difference-quotient Jacobian (one period per state) and a
/// minimum-norm least-squares step (conservation laws make P - I singular), with backtracking; when Newton makes no
/// progress, periods are simulated one after another and Newton tries again. Starts from the state one period after
/// the model's initial values.
/// </summary>
public static class PeriodicSteadyState
{
    public static PeriodicSteadyStateResult Solve(Simulator simulator, PeriodicSteadyStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Period > 0) || !double.IsFinite(options.Period))
            throw new ArgumentException($"period {options.Period} is not allowed; it must be a finite number > 0", nameof(options));
        var map = new PeriodMap(simulator, options);
        int n = map.Size;
        if (options.StartJump is { } jump && jump.Count != n)
            throw new ArgumentException($"the start jump has {jump.Count} values; the model has {n} states", nameof(options));

        double[] x = map.Apply(null);
        double[] r = map.Residual(x, out double[] px);
        double norm = map.Norm(r, x);
        var laws = KeptLaws(simulator, x, r, options.Start);
        int iterations = 0, plainPeriods = 0;
        bool stalled = false;
        while (norm > 1)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            if (iterations >= options.MaxIterations || stalled)
            {
                if (plainPeriods >= options.MaxPlainPeriods) break;
                // Plain periods bring the state nearer (every multiplier below 1 shrinks the distance), then Newton again.
                int chunk = Math.Min(Math.Max(10, options.MaxPlainPeriods / 4), options.MaxPlainPeriods - plainPeriods);
                for (int k = 0; k < chunk && norm > 1; k++)
                {
                    x = px;
                    r = map.Residual(x, out px);
                    norm = map.Norm(r, x);
                }
                plainPeriods += chunk;
                stalled = false;
                iterations = Math.Min(iterations, options.MaxIterations - 1);
                continue;
            }
            iterations++;
            var jac = map.Jacobian(x, px);
            // (J - I) d = -r, with each kept law's total held (L d = 0): least squares, as P - I is singular along the laws.
            var a = Matrix<double>.Build.Dense(n + laws.Count, n, (i, j) => i < n ? jac[i, j] - (i == j ? 1 : 0) : laws[i - n][j]);
            var rhs = Vector<double>.Build.Dense(n + laws.Count, i => i < n ? -r[i] : 0);
            var step = PseudoInverseSolve(a, rhs);
            double lambda = 1;
            stalled = true;
            while (lambda >= 1.0 / 64)
            {
                double[] trial = [.. x.Select((v, i) => v + lambda * step[i])];
                double[] rt = map.Residual(trial, out double[] pt);
                double nt = map.Norm(rt, trial);
                if (double.IsFinite(nt) && nt < norm)
                {
                    (x, r, px, norm) = (trial, rt, pt, nt);
                    stalled = false;
                    break;
                }
                lambda /= 2;
            }
        }
        if (norm > 1)
            throw new NoSteadyStateException(
                $"no periodic steady state for period {options.Period:G6}: the state still changes over a period by {norm:G3} times the tolerance " +
                $"after {iterations} Newton iterations and {plainPeriods} plain periods ({map.Periods} periods simulated)");

        return new PeriodicSteadyStateResult
        {
            StateIds = [.. simulator.Model.StateIds],
            State = [.. x],
            Residual = norm,
            NewtonIterations = iterations,
            PeriodsSimulated = map.Periods,
            MaxFloquetMultiplier = MaxMultiplier(map, x, px, laws.Count),
        };
    }

    /// <summary>
    /// Least-squares minimum-norm solution with singular values below <see cref="NeutralMultiplier"/> treated as zero:
    /// directions a period leaves unchanged (multipliers within that of 1) get no step, rather than an unbounded one.
    /// </summary>
    static Vector<double> PseudoInverseSolve(Matrix<double> a, Vector<double> b)
    {
        var svd = a.Svd(computeVectors: true);
        var s = svd.S;
        var utb = svd.U.TransposeThisAndMultiply(b);
        var z = Vector<double>.Build.Dense(a.ColumnCount);
        for (int i = 0; i < s.Count; i++)
            if (s[i] > NeutralMultiplier) z[i] = utb[i] / s[i];
        return svd.VT.TransposeThisAndMultiply(z);
    }

    /// <summary>A direction whose Floquet multiplier lies within this of 1 is treated as neutral (not decaying over a period).</summary>
    const double NeutralMultiplier = 1e-7;

    /// <summary>
    /// The model's conservation laws that a period keeps (events such as doses may change a law's total: those are
    /// left out), from the first period's change <paramref name="r"/> at <paramref name="x"/>.
    /// </summary>
    static List<double[]> KeptLaws(Simulator simulator, double[] x, double[] r, double t)
    {
        var laws = ConservationLaws.Find(simulator.OdeSystem, x, t);
        var kept = new List<double[]>();
        for (int k = 0; k < laws.Count; k++)
        {
            var row = laws.Rows[k];
            double change = 0, size = 0;
            for (int i = 0; i < x.Length; i++)
            {
                change += row[i] * r[i];
                size += Math.Abs(row[i]) * (Math.Abs(x[i]) + Math.Abs(r[i]));
            }
            if (Math.Abs(change) <= 1e-8 * size || size == 0) kept.Add(row);
        }
        return kept;
    }

    static double? MaxMultiplier(PeriodMap map, double[] x, double[] px, int conserved)
    {
        int n = map.Size;
        if (n - conserved <= 0) return null;
        var eigen = map.Jacobian(x, px).Evd().EigenValues.ToArray();
        // A conservation law keeps its total over a period: one multiplier at 1 each, set aside.
        return eigen.OrderBy(e => (e - 1).Magnitude).Skip(conserved).Max(e => e.Magnitude);
    }

    /// <summary>P: one period of the simulator from a given state; counts the periods it runs.</summary>
    sealed class PeriodMap(Simulator simulator, PeriodicSteadyStateOptions options)
    {
        readonly double[] _atol = [.. simulator.Model.StateIds.Select(id =>
            options.AbsTolFor is not null && options.AbsTolFor.TryGetValue(id, out double a) ? a : options.AbsTol)];

        public int Size => simulator.Model.StateIds.Count;
        public int Periods { get; private set; }

        /// <summary>The state one period after <paramref name="x"/> (null: after the model's initial values).</summary>
        public double[] Apply(double[]? x)
        {
            Periods++;
            if (x is not null && options.StartJump is { } jump) x = [.. x.Select((v, i) => v + jump[i])];
            simulator.Run(new SimulationSettings
            {
                Start = options.Start,
                End = options.Start + options.Period,
                Times = [options.Start + options.Period],
                Variables = simulator.Model.StateIds.Count > 0 ? [simulator.Model.StateIds[0]] : [],
                InitialState = x,
                Solver = options.Solver,
                RelTol = options.RelTol,
                AbsTol = options.AbsTol,
                AbsTolFor = options.AbsTolFor,
                MaxSteps = 10_000_000,
                Cancellation = options.Cancellation,
            });
            return simulator.GetState();
        }

        public double[] Residual(double[] x, out double[] px)
        {
            px = Apply(x);
            return [.. px.Select((v, i) => v - x[i])];
        }

        /// <summary>Largest |r_i| / (Tolerance |x_i| + atol_i Tolerance / RelTol).</summary>
        public double Norm(double[] r, double[] x)
        {
            double scale = options.Tolerance / options.RelTol, worst = 0;
            for (int i = 0; i < r.Length; i++)
            {
                double v = Math.Abs(r[i]) / (options.Tolerance * Math.Abs(x[i]) + _atol[i] * scale);
                if (!double.IsFinite(v)) return double.PositiveInfinity;
                worst = Math.Max(worst, v);
            }
            return worst;
        }

        /// <summary>dP/dx by forward differences, one period per state.</summary>
        public Matrix<double> Jacobian(double[] x, double[] px)
        {
            int n = x.Length;
            var jac = Matrix<double>.Build.Dense(n, n);
            double scale = options.Tolerance / options.RelTol;
            for (int j = 0; j < n; j++)
            {
                options.Cancellation.ThrowIfCancellationRequested();
                double h = 1e-6 * Math.Max(Math.Abs(x[j]), _atol[j] * scale / options.Tolerance);
                double[] xj = (double[])x.Clone();
                xj[j] += h;
                double[] pj = Apply(xj);
                for (int i = 0; i < n; i++) jac[i, j] = (pj[i] - px[i]) / h;
            }
            return jac;
        }
    }
}
