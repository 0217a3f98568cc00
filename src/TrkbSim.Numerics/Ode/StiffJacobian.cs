using TrkbSim.Numerics.LinearAlgebra;

namespace TrkbSim.Numerics.Ode;

/// <summary>
/// The Jacobian of an implicit or linearly implicit solver and its iteration matrix W = diag * I - J with W's LU
/// factors: dense (<see cref="DenseLu"/>) or sparse (<see cref="SparseIterationMatrix"/>), as
/// <see cref="LinearSolverChoice"/> decides at <see cref="Configure"/>. The Jacobian is analytic where the system has
/// one, else forward differences. Allocation-free after the first evaluation for the same system and dimension.
/// </summary>
internal sealed class StiffJacobian
{
    private IOdeSystem? _system;
    private int _n;
    private bool _useSparse, _iterative;
    private SparseIterationMatrix? _sparse; // created on the first evaluation, kept while the system stays the same
    private double[] _jac = [], _w = [], _fval = [];
    private int[] _pivots = [];

    /// <summary>True when W is factorised as a sparse matrix.</summary>
    public bool UsesSparse => _useSparse;

    /// <summary>True when W is solved iteratively (GMRES with an incomplete LU).</summary>
    public bool UsesIterative => _useSparse && _iterative;

    /// <summary>The sparse factorisation in use, once the first Jacobian has been evaluated (null for dense and iterative).</summary>
    public SparseLu? SparseFactors => _useSparse ? _sparse?.Factors : null;

    /// <summary>Infinity norm of the last Jacobian: an upper bound of the spectral radius, for stiffness detection.</summary>
    public double Norm { get; private set; }

    /// <summary>Chooses dense or sparse storage for <paramref name="system"/> and sizes the work arrays.</summary>
    public void Configure(IOdeSystem system, LinearSolverKind kind)
    {
        var resolved = LinearSolverChoice.Resolve(kind, system);
        _useSparse = resolved != LinearSolverKind.Dense;
        bool iterative = resolved == LinearSolverKind.Iterative;
        if (!ReferenceEquals(system, _system) || !_useSparse || iterative != _iterative)
        {
            _sparse = null;
        }

        _system = system;
        _iterative = iterative;
        int n = system.Dimension;
        _n = n;
        _fval = SolverSupport.EnsureLength(_fval, n);
        if (!_useSparse)
        {
            _jac = SolverSupport.EnsureLength(_jac, n * n);
            _w = SolverSupport.EnsureLength(_w, n * n);
            if (_pivots.Length < n)
            {
                _pivots = new int[n];
            }
        }
    }

    /// <summary>
    /// Evaluates J at (t, y), where f0 = f(t, y); <paramref name="step"/> (the step size about to be used) scales the
    /// finite-difference increments. Throws <see cref="OdeSolverException"/> when J holds a value that is not finite.
    /// </summary>
    public void Evaluate(string solver, double t, double[] y, double[] f0, double step, ReadOnlySpan<double> atol, double rtol, SolverStatistics statistics)
    {
        IOdeSystem sys = _system ?? throw new InvalidOperationException("Configure before evaluating the Jacobian.");
        int n = _n;
        if (_useSparse)
        {
            _sparse ??= new SparseIterationMatrix((ISparseJacobianSystem)sys, _iterative);
            _sparse.Evaluate(t, y);
            statistics.JacobianEvaluations++;
            int badRow = _sparse.FirstNonFiniteRow();
            if (badRow >= 0)
            {
                throw SolverSupport.NonFinite(solver, t, badRow);
            }

            Norm = _sparse.Norm();
            return;
        }

        if (sys.HasJacobian)
        {
            sys.Jacobian(t, y, _jac);
        }
        else
        {
            // Forward differences, column by column. Increments follow CVODE's dense difference quotient: relative to |y_j|,
            // but at least r0 * (error scale of y_j), where r0 grows with the step and ||f||, so that components far below
            // 1 (Robertson's y2 ~ 1e-13) get increments of their own size and zero components get a usable one.
            double srur = Math.Sqrt(SolverSupport.MachineEpsilon);
            double fnorm = SolverSupport.ScaledRms(f0.AsSpan(0, n), y.AsSpan(0, n), atol, rtol);
            double r0 = 1000 * Math.Abs(step) * SolverSupport.MachineEpsilon * n * fnorm;
            if (!(r0 > 0) || !double.IsFinite(r0))
            {
                r0 = 1;
            }

            for (int j = 0; j < n; j++)
            {
                double yj = y[j];
                double scale = atol[j] + rtol * Math.Abs(yj);
                double delta = Math.Max(srur * Math.Abs(yj), r0 * scale);
                if (!(delta > 0))
                {
                    delta = srur * 1e-5;
                }

                y[j] = yj + delta;
                delta = y[j] - yj;
                sys.Derivatives(t, y, _fval);
                y[j] = yj;
                double inv = 1.0 / delta;
                for (int i = 0; i < n; i++)
                {
                    _jac[i * n + j] = (_fval[i] - f0[i]) * inv;
                }
            }

            statistics.FunctionEvaluations += n;
        }

        statistics.JacobianEvaluations++;
        int bad = SolverSupport.FirstNonFinite(_jac.AsSpan(0, n * n));
        if (bad >= 0)
        {
            throw SolverSupport.NonFinite(solver, t, bad / n);
        }

        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            double rowSum = 0;
            for (int j = 0; j < n; j++)
            {
                rowSum += Math.Abs(_jac[i * n + j]);
            }

            norm = Math.Max(norm, rowSum);
        }

        Norm = norm;
    }

    /// <summary>Forms W = diag * I - J from the last Jacobian and factorises it; false when W is singular.</summary>
    public bool Factor(double diag, SolverStatistics statistics)
    {
        statistics.LuDecompositions++;
        if (_useSparse)
        {
            return _sparse!.Factor(diag);
        }

        int n = _n;
        Span<double> w = _w.AsSpan(0, n * n);
        ReadOnlySpan<double> jac = _jac.AsSpan(0, n * n);
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = -jac[i];
        }

        for (int i = 0; i < n; i++)
        {
            w[i * n + i] += diag;
        }

        return DenseLu.Factor(w, n, _pivots);
    }

    /// <summary>
    /// Solves W x = b in place with the factors of the last successful <see cref="Factor"/>; false when the iterative
    /// solver did not converge (a direct solve always succeeds). The solvers then reject the step and try a shorter one,
    /// whose W = I/(h*gamma) - J is nearer the identity.
    /// </summary>
    public bool Solve(Span<double> b)
    {
        if (InjectedSolveFailures > 0)
        {
            InjectedSolveFailures--;
            return false;
        }

        if (_useSparse)
        {
            return _sparse!.Solve(b);
        }

        DenseLu.Solve(_w.AsSpan(0, _n * _n), _n, _pivots.AsSpan(0, _n), b);
        return true;
    }

    /// <summary>For tests: the next this many solves report that they did not converge.</summary>
    internal int InjectedSolveFailures { get; set; }
}
