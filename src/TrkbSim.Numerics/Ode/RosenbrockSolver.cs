using TrkbSim.Numerics.LinearAlgebra;

namespace TrkbSim.Numerics.Ode;

/// <summary>
/// Adaptive stiffly accurate Rosenbrock (Rodas-type) integrator: linearly implicit stages sharing one LU factorisation of
/// W = I/(h*gamma) - J per step attempt, an embedded error estimate, the method's dense output and Gustafsson's predictive
/// step-size controller. The Jacobian (analytic, or forward differences) and df/dt (forward difference) are evaluated once
/// per accepted step and reused after rejections. W is a dense matrix factorised by <see cref="DenseLu"/>, or, where
/// <see cref="LinearSolverChoice"/> says so, a sparse one (<see cref="SparseIterationMatrix"/>).
/// </summary>
public abstract class RosenbrockSolver : OdeSolver, IStiffnessAware
{
    private const double Safety = 0.9, MaxGrowth = 6.0, MaxShrink = 5.0;

    private readonly RosenbrockTableau _tab;
    private readonly double _exponent;
    private IOdeSystem? _system;
    private OdeOptions _options = new();
    private int _n;
    private double[] _y = [], _yPrev = [], _yNew = [], _u = [], _f0 = [], _fval = [], _dT = [], _rhs = [], _atol = [], _scratch = [];
    private readonly StiffJacobian _matrix = new();
    private double[][] _k = [];
    private double[][] _dense = [];
    private double _rtol;
    private double _h, _hDone;
    private double _hAcc, _errAcc;
    private bool _haveAccepted; // for the predictive controller
    private bool _jacobianValid; // _f0, _jac and _dT belong to (Time, State)
    private bool _needInitialStep;

    private protected RosenbrockSolver(RosenbrockTableau tableau)
    {
        _tab = tableau;
        _exponent = 1.0 / (tableau.EmbeddedOrder + 1);
    }

    public override string Name => _tab.Name;

    public override ReadOnlySpan<double> State => _y.AsSpan(0, _n);

    /// <summary>Infinity norm of the last Jacobian: an upper bound of the spectral radius, for stiffness detection.</summary>
    internal double JacobianNorm => _matrix.Norm;

    /// <summary>The Jacobian and iteration matrix (for tests).</summary>
    internal StiffJacobian LinearSystem => _matrix;

    /// <summary>Signed size of the last accepted step (0 before the first).</summary>
    internal double LastStepSize => _hDone;

    /// <summary>The step the controller proposes next (signed).</summary>
    internal double ProposedStep => _h;

    double IStiffnessAware.JacobianNorm => JacobianNorm;

    double IStiffnessAware.LastStepSize => LastStepSize;

    double IStiffnessAware.ProposedStep => ProposedStep;

    void IStiffnessAware.ContinueFrom(double t, ReadOnlySpan<double> y, double stepHint) => ContinueFrom(t, y, stepHint);

    /// <summary>True when W is factorised as a sparse matrix (chosen at <see cref="Initialize"/> from <see cref="OdeOptions.LinearSolver"/>).</summary>
    public bool UsesSparseLinearSolver => _matrix.UsesSparse;

    /// <summary>True when W is solved iteratively (GMRES preconditioned by an incomplete LU).</summary>
    public bool UsesIterativeLinearSolver => _matrix.UsesIterative;

    /// <summary>The sparse factorisation in use, once the first Jacobian has been evaluated (null for dense).</summary>
    public SparseLu? SparseFactors => _matrix.SparseFactors;

    public override void Initialize(IOdeSystem system, double t0, ReadOnlySpan<double> y0, OdeOptions options)
    {
        int n = SolverSupport.CheckStart(system, y0, options);

        _matrix.Configure(system, options.LinearSolver);
        _system = system;
        _options = options;
        _n = n;
        _y = SolverSupport.EnsureLength(_y, n);
        _yPrev = SolverSupport.EnsureLength(_yPrev, n);
        _yNew = SolverSupport.EnsureLength(_yNew, n);
        _u = SolverSupport.EnsureLength(_u, n);
        _f0 = SolverSupport.EnsureLength(_f0, n);
        _fval = SolverSupport.EnsureLength(_fval, n);
        _dT = SolverSupport.EnsureLength(_dT, n);
        _rhs = SolverSupport.EnsureLength(_rhs, n);
        _atol = SolverSupport.EnsureLength(_atol, n);
        _scratch = SolverSupport.EnsureLength(_scratch, n);

        if (_k.Length != _tab.Stages || _k[0].Length < n)
        {
            _k = new double[_tab.Stages][];
            for (int i = 0; i < _k.Length; i++)
            {
                _k[i] = new double[n];
            }

            _dense = new double[3][];
            for (int i = 0; i < 3; i++)
            {
                _dense[i] = new double[n];
            }
        }

        SolverSupport.FillAbsTol(options, _atol, n);
        _rtol = options.RelTol;
        Statistics.Reset();
        _h = 0;
        ResetAt(t0, y0);
    }

    public override void Restart(double t, ReadOnlySpan<double> y)
    {
        SolverSupport.CheckRestart(_system, _n, y);

        Statistics.Restarts++;
        ResetAt(t, y);
    }

    /// <summary>Continues from (t, y) with a step-size hint, as after a switch from another method.</summary>
    internal void ContinueFrom(double t, ReadOnlySpan<double> y, double stepHint)
    {
        ResetAt(t, y);
        _h = stepHint;
        _needInitialStep = stepHint == 0;
    }

    private void ResetAt(double t, ReadOnlySpan<double> y)
    {
        y.CopyTo(_y);
        y.CopyTo(_yPrev);
        Time = t;
        PreviousTime = t;
        _hDone = 0;
        _jacobianValid = false;
        _needInitialStep = true;
        _haveAccepted = false;
    }

    public override void Step(double tStop)
    {
        SolverSupport.CheckInitialized(_system);
        IOdeSystem sys = _system!;
        SolverSupport.CheckStepArgument(Name, Time, tStop);
        int n = _n;
        double t = Time;
        double dir = tStop > t ? 1.0 : -1.0;
        RosenbrockTableau tab = _tab;

        if (!_jacobianValid)
        {
            EvaluateJacobianAndTimeDerivative(sys, t, dir);
        }

        double maxStep = Math.Abs(_options.MaxStep);
        if (_needInitialStep || _h == 0 || Math.Sign(_h) != (int)dir)
        {
            double h0;
            if (_options.InitialStep > 0 && Statistics.AcceptedSteps == 0)
            {
                h0 = _options.InitialStep;
            }
            else
            {
                h0 = SolverSupport.InitialStep(sys, t, _y, _f0, dir, tab.EmbeddedOrder + 1, _atol, _rtol, maxStep, _u, _fval);
                Statistics.FunctionEvaluations++;
                if (_h != 0 && Math.Sign(_h) == (int)dir)
                {
                    h0 = Math.Min(h0, Math.Abs(_h));
                }
            }

            _h = dir * h0;
            _needInitialStep = false;
        }

        double h = dir * Math.Min(Math.Abs(_h), maxStep);
        bool rejected = false;
        int singularInARow = 0, nonFiniteInARow = 0, unsolvedInARow = 0;
        int worst = -1;
        double[] err = _k[tab.Stages - 1];
        while (true)
        {
            if (Statistics.AcceptedSteps + Statistics.RejectedSteps >= _options.MaxSteps)
            {
                throw SolverSupport.TooManySteps(Name, t, _options.MaxSteps);
            }

            bool last = dir * (t + 1.01 * h - tStop) >= 0;
            if (last)
            {
                h = tStop - t;
            }

            if (Math.Abs(h) < SolverSupport.MinRelativeStep * Math.Abs(t) || Math.Abs(h) < 1e-300)
            {
                if (worst < 0 && Statistics.AcceptedSteps > 0)
                {
                    // No rejection in this call: blame the largest scaled error of the last accepted step.
                    worst = SolverSupport.WorstComponent(err.AsSpan(0, n), _yPrev.AsSpan(0, n), _y.AsSpan(0, n), _atol, _rtol);
                }

                throw SolverSupport.StepTooSmall(Name, t, h, worst);
            }

            double tNew = last ? tStop : t + h;
            // W singular, or an iterative solve with it not converged: the step is rejected, and a shorter one brings W
            // nearer the identity; six such rejections in a row end the run.
            bool factored = FormAndFactor(h);
            if (factored)
            {
                singularInARow = 0;
            }

            if (!factored || !ComputeStages(sys, t, h, tNew, n))
            {
                Statistics.RejectedSteps++;
                rejected = true;
                if (factored ? ++unsolvedInARow > 5 : ++singularInARow > 5)
                {
                    throw factored ? SolverSupport.LinearSolveFailed(Name, t) : SolverSupport.Singular(Name, t);
                }

                h *= 0.5;
                continue;
            }

            unsolvedInARow = 0;
            double errNorm = SolverSupport.ErrorNorm(err.AsSpan(0, n), _y.AsSpan(0, n), _yNew.AsSpan(0, n), _atol, _rtol);
            if (!double.IsFinite(errNorm))
            {
                worst = SolverSupport.FirstNonFinite(_yNew.AsSpan(0, n));
                if (worst < 0)
                {
                    worst = SolverSupport.FirstNonFinite(err.AsSpan(0, n));
                }

                Statistics.RejectedSteps++;
                rejected = true;
                if (++nonFiniteInARow >= 30)
                {
                    throw SolverSupport.NonFinite(Name, tNew, worst);
                }

                h *= 0.25;
                continue;
            }

            nonFiniteInARow = 0;
            double fac = Math.Clamp(Math.Pow(errNorm, _exponent) / Safety, 1.0 / MaxGrowth, MaxShrink);
            double hNew = h / fac;
            if (errNorm <= 1.0)
            {
                if (_haveAccepted)
                {
                    // Gustafsson's predictive controller, as in Hairer's RODAS.
                    double facGus = _hAcc / h * Math.Pow(errNorm * errNorm / _errAcc, _exponent) / Safety;
                    facGus = Math.Clamp(facGus, 1.0 / MaxGrowth, MaxShrink);
                    fac = Math.Max(fac, facGus);
                    hNew = h / fac;
                }

                _haveAccepted = true;
                _hAcc = h;
                _errAcc = Math.Max(1e-2, errNorm);
                if (rejected)
                {
                    hNew = dir * Math.Min(Math.Abs(hNew), Math.Abs(h));
                }

                ComputeDense(n);
                (_yPrev, _y, _yNew) = (_y, _yNew, _yPrev);
                PreviousTime = t;
                Time = tNew;
                _hDone = h;
                _h = last && !rejected && Math.Abs(h) < Math.Abs(_h) ? dir * Math.Max(Math.Abs(hNew), Math.Abs(_h)) : hNew;
                _jacobianValid = false;
                Statistics.AcceptedSteps++;
                return;
            }

            worst = SolverSupport.WorstComponent(err.AsSpan(0, n), _y.AsSpan(0, n), _yNew.AsSpan(0, n), _atol, _rtol);
            Statistics.RejectedSteps++;
            rejected = true;
            h = hNew;
            _h = h;
        }
    }

    private void EvaluateJacobianAndTimeDerivative(IOdeSystem sys, double t, double dir)
    {
        int n = _n;
        sys.Derivatives(t, _y, _f0);
        Statistics.FunctionEvaluations++;
        int bad = SolverSupport.FirstNonFinite(_f0.AsSpan(0, n));
        if (bad >= 0)
        {
            throw SolverSupport.NonFinite(Name, t, bad);
        }

        _matrix.Evaluate(Name, t, _y, _f0, _h, _atol, _rtol, Statistics);

        // df/dt by a forward difference in the direction of integration.
        double dt = dir * Math.Sqrt(SolverSupport.MachineEpsilon) * Math.Max(1e-5, Math.Abs(t));
        double tt = t + dt;
        dt = tt - t;
        sys.Derivatives(tt, _y, _fval);
        Statistics.FunctionEvaluations++;
        double invDt = 1.0 / dt;
        for (int i = 0; i < n; i++)
        {
            _dT[i] = (_fval[i] - _f0[i]) * invDt;
        }

        _jacobianValid = true;
    }

    private bool FormAndFactor(double h) => _matrix.Factor(1.0 / (h * _tab.Gamma), Statistics);

    /// <summary>The stages and the new state; false when a linear solve did not converge (the stages are then unusable).</summary>
    private bool ComputeStages(IOdeSystem sys, double t, double h, double tNew, int n)
    {
        RosenbrockTableau tab = _tab;
        int s = tab.Stages;
        double[] a = tab.A, c = tab.C, d = tab.D, nodes = tab.Nodes;
        double[] y = _y, u = _u, rhs = _rhs, dT = _dT;
        double invH = 1.0 / h;

        for (int st = 0; st < s; st++)
        {
            double[] fst;
            if (st == 0)
            {
                fst = _f0;
            }
            else
            {
                // The stage sums, SIMD across components with each element rounded as a scalar loop rounds it.
                if (st < tab.ExplicitStages)
                {
                    u.AsSpan(0, n).Clear();
                    for (int j = 0; j < st; j++)
                    {
                        double aij = a[st * s + j];
                        if (aij != 0)
                        {
                            Elementwise.AddScaled(u, aij, _k[j], n);
                        }
                    }

                    Elementwise.AddScaled(u, 1.0, y, n);
                }
                else
                {
                    Elementwise.AddScaled(u, 1.0, _k[st - 1], n);
                }

                double ts = nodes[st] == 1.0 ? tNew : t + nodes[st] * h;
                sys.Derivatives(ts, u, _fval);
                Statistics.FunctionEvaluations++;
                fst = _fval;
            }

            double hd = h * d[st];
            Elementwise.SumScaled(rhs, fst, hd, dT, n);
            for (int j = 0; j < st; j++)
            {
                Elementwise.AddScaled(rhs, c[st * s + j] * invH, _k[j], n);
            }

            if (!_matrix.Solve(rhs.AsSpan(0, n)))
            {
                return false;
            }

            rhs.AsSpan(0, n).CopyTo(_k[st]);
        }

        double[] kLast = _k[s - 1];
        for (int i = 0; i < n; i++)
        {
            _yNew[i] = u[i] + kLast[i];
        }

        return true;
    }

    private void ComputeDense(int n)
    {
        RosenbrockTableau tab = _tab;
        int s = tab.Stages;
        for (int r = 0; r < tab.DenseTerms; r++)
        {
            double[] dr = _dense[r];
            dr.AsSpan(0, n).Clear();
            for (int j = 0; j < s; j++)
            {
                double hrj = tab.H[r * s + j];
                if (hrj != 0)
                {
                    Elementwise.AddScaled(dr, hrj, _k[j], n);
                }
            }
        }
    }

    public override void Interpolate(double t, Span<double> y)
    {
        SolverSupport.CheckInitialized(_system);
        int n = _n;
        if (_hDone == 0)
        {
            _y.AsSpan(0, n).CopyTo(y);
            return;
        }

        double th = (t - PreviousTime) / _hDone;
        double th1 = 1.0 - th;
        double[] d1 = _dense[0], d2 = _dense[1], d3 = _dense[2];
        if (_tab.DenseTerms == 2)
        {
            for (int i = 0; i < n; i++)
            {
                y[i] = th1 * _yPrev[i] + th * (_y[i] + th1 * (d1[i] + th * d2[i]));
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                y[i] = th1 * _yPrev[i] + th * (_y[i] + th1 * (d1[i] + th * (d2[i] + th * d3[i])));
            }
        }
    }
}
