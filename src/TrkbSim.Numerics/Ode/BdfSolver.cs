using TrkbSim.Numerics.LinearAlgebra;

namespace TrkbSim.Numerics.Ode;

/// <summary>
/// Variable-order (1-5), variable-step numerical differentiation formulas (NDF, Shampine and Reichelt's ode15s family;
/// order 5 is plain BDF) in quasi-constant-step form: the history is the array of backward differences of the solution
/// at equally spaced points, rescaled when the step changes. Each step solves the implicit formula by modified Newton
/// iterations with W = I/c - J, c = h/alpha_k. The Jacobian and W's LU are kept across steps: W is refactorised only
/// when c has moved by more than <see cref="RefactorRatio"/> since its factorisation (the stale solution is scaled by
/// 2/(1 + c/c_LU) meanwhile), after <see cref="StepsPerFactorisation"/> steps, or after a Newton failure; the Jacobian is
/// re-evaluated when a refactorisation finds it older than <see cref="StepsPerJacobian"/> steps, and at once when Newton
/// fails with an old one. Error control on the local truncation error estimate (error constant times the Newton
/// correction), order selection from the estimates at orders k-1 and k+1 after k+1 steps at one step size, and dense
/// output from the backward-difference polynomial of the last step. W is dense or sparse as
/// <see cref="LinearSolverChoice"/> decides (<see cref="StiffJacobian"/>).
/// </summary>
public sealed class BdfSolver : OdeSolver, IStiffnessAware
{
    public const int MaxOrder = 5;

    /// <summary>Largest relative change of c = h/alpha_k for which Newton keeps the LU of W made for the old c.</summary>
    public const double RefactorRatio = 0.3;

    /// <summary>Steps after which W is refactorised even if c has not moved (as CVODE's MSBP).</summary>
    public const int StepsPerFactorisation = 20;

    /// <summary>Steps after which a refactorisation also re-evaluates the Jacobian (as CVODE's MSBJ).</summary>
    public const int StepsPerJacobian = 50;

    private const int NewtonMaxIterations = 4;
    private const double NewtonTolerance = 0.05, Divergence = 2;
    private const double MinFactor = 0.2, MaxFactor = 10, IncreaseThreshold = 1.2;

    // NDF coefficients: kappa_k (order 5 is the BDF), gamma_k = sum_{j<=k} 1/j, alpha_k = (1 - kappa_k) gamma_k, and the
    // error constants kappa_k gamma_k + 1/(k+1).
    private static readonly double[] Kappa = [0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0];
    private static readonly double[] Gamma = CumulativeHarmonic();
    private static readonly double[] Alpha = [.. Enumerable.Range(0, MaxOrder + 1).Select(k => (1 - Kappa[k]) * Gamma[k])];
    private static readonly double[] ErrorConstant = [.. Enumerable.Range(0, MaxOrder + 1).Select(k => Kappa[k] * Gamma[k] + 1.0 / (k + 1))];

    private readonly StiffJacobian _matrix = new();
    private IOdeSystem? _system;
    private OdeOptions _options = new();
    private int _n;
    private double _rtol;
    private double[] _atol = [], _yPredict = [], _y = [], _corr = [], _psi = [], _f = [], _dy = [], _err = [];
    private double[][] _d = []; // backward differences: _d[0] = y_n, _d[j] = h^j-scaled j-th difference (rows 0 .. order+2)
    private int _order;
    private double _h;              // signed step size the history is scaled for
    private double _hDone;          // signed size of the last accepted step (0 before the first)
    private int _equalSteps;        // steps taken at the current step size and order
    private double _pendingFactor = 1; // step-size change decided at the last acceptance, applied at the next Step
    private int _pendingOrder;
    private double _luC;            // the c for which W was factorised (0: none)
    private int _stepsSinceLu, _stepsSinceJacobian;
    private bool _haveJacobian, _jacobianCurrent;
    private double _rate = 1;       // Newton convergence-rate estimate, carried across steps
    private bool _needStart;
    private int _newtonWorst = -1; // the component that made the last Newton iteration fail

    public override string Name => "bdf";

    /// <summary>Highest order the step-size control may choose (1 to <see cref="MaxOrder"/>); below 5 only to test each order.</summary>
    internal int OrderLimit
    {
        get => _orderLimit;
        set => _orderLimit = value is >= 1 and <= MaxOrder ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"orders 1 to {MaxOrder}");
    }

    private int _orderLimit = MaxOrder;

    public override ReadOnlySpan<double> State => _d[0].AsSpan(0, _n);

    /// <summary>Order of the last accepted step (1 before the first).</summary>
    public int Order => _order;

    /// <summary>True when W is factorised as a sparse matrix (chosen at <see cref="Initialize"/>).</summary>
    public bool UsesSparseLinearSolver => _matrix.UsesSparse;

    /// <summary>True when W is solved iteratively (GMRES preconditioned by an incomplete LU).</summary>
    public bool UsesIterativeLinearSolver => _matrix.UsesIterative;

    /// <summary>The sparse factorisation in use, once the first Jacobian has been evaluated (null for dense).</summary>
    public SparseLu? SparseFactors => _matrix.SparseFactors;

    double IStiffnessAware.JacobianNorm => _matrix.Norm;

    /// <summary>The Jacobian and iteration matrix (for tests).</summary>
    internal StiffJacobian LinearSystem => _matrix;

    double IStiffnessAware.LastStepSize => _hDone;

    double IStiffnessAware.ProposedStep => _h * _pendingFactor;

    public override void Initialize(IOdeSystem system, double t0, ReadOnlySpan<double> y0, OdeOptions options)
    {
        int n = SolverSupport.CheckStart(system, y0, options);

        _matrix.Configure(system, options.LinearSolver);
        _system = system;
        _options = options;
        _n = n;
        _atol = SolverSupport.EnsureLength(_atol, n);
        _yPredict = SolverSupport.EnsureLength(_yPredict, n);
        _y = SolverSupport.EnsureLength(_y, n);
        _corr = SolverSupport.EnsureLength(_corr, n);
        _psi = SolverSupport.EnsureLength(_psi, n);
        _f = SolverSupport.EnsureLength(_f, n);
        _dy = SolverSupport.EnsureLength(_dy, n);
        _err = SolverSupport.EnsureLength(_err, n);
        if (_d.Length != MaxOrder + 3 || _d[0].Length < n)
        {
            _d = new double[MaxOrder + 3][];
            for (int i = 0; i < _d.Length; i++)
            {
                _d[i] = new double[n];
            }
        }

        SolverSupport.FillAbsTol(options, _atol, n);
        _rtol = options.RelTol;
        Statistics.Reset();
        _h = 0;
        _haveJacobian = false;
        ResetAt(t0, y0);
    }

    public override void Restart(double t, ReadOnlySpan<double> y)
    {
        SolverSupport.CheckRestart(_system, _n, y);

        Statistics.Restarts++;
        ResetAt(t, y);
    }

    void IStiffnessAware.ContinueFrom(double t, ReadOnlySpan<double> y, double stepHint)
    {
        ResetAt(t, y);
        _h = stepHint;
    }

    private void ResetAt(double t, ReadOnlySpan<double> y)
    {
        y.CopyTo(_d[0]);
        Time = t;
        PreviousTime = t;
        _hDone = 0;
        _order = 1;
        _pendingFactor = 1;
        _pendingOrder = 1;
        _equalSteps = 0;
        _luC = 0;
        // The state jumped: the Jacobian belongs to the old state, so evaluate it afresh on the first step.
        _jacobianCurrent = false;
        _haveJacobian = false;
        _rate = 1;
        _needStart = true;
    }

    /// <summary>Starts the history at order 1 from the current state: d1 = h f(t, y), with a new initial step.</summary>
    private void StartHistory(double dir)
    {
        IOdeSystem sys = _system!;
        int n = _n;
        double t = Time;
        double[] y0 = _d[0];
        sys.Derivatives(t, y0, _f);
        Statistics.FunctionEvaluations++;
        int bad = SolverSupport.FirstNonFinite(_f.AsSpan(0, n));
        if (bad >= 0)
        {
            throw SolverSupport.NonFinite(Name, t, bad);
        }

        double maxStep = Math.Abs(_options.MaxStep);
        double h0;
        if (_options.InitialStep > 0 && Statistics.AcceptedSteps == 0)
        {
            h0 = Math.Min(_options.InitialStep, maxStep);
        }
        else
        {
            h0 = SolverSupport.InitialStep(sys, t, y0, _f, dir, 1, _atol, _rtol, maxStep, _y, _dy);
            Statistics.FunctionEvaluations++;
            if (_h != 0 && Math.Sign(_h) == (int)dir)
            {
                h0 = Math.Min(h0, Math.Abs(_h));
            }
        }

        _h = dir * h0;
        double[] d1 = _d[1];
        for (int i = 0; i < n; i++)
        {
            d1[i] = _h * _f[i];
        }

        for (int j = 2; j < _d.Length; j++)
        {
            _d[j].AsSpan(0, n).Clear();
        }

        _order = 1;
        _pendingOrder = 1;
        _pendingFactor = 1;
        _equalSteps = 0;
        _luC = 0;
        _needStart = false;
    }

    public override void Step(double tStop)
    {
        SolverSupport.CheckInitialized(_system);
        IOdeSystem sys = _system!;
        SolverSupport.CheckStepArgument(Name, Time, tStop);
        int n = _n;
        double t = Time;
        double dir = tStop > t ? 1.0 : -1.0;
        if (_needStart || _h == 0 || Math.Sign(_h) != (int)dir)
        {
            StartHistory(dir);
        }
        else if (_pendingFactor != 1 || _pendingOrder != _order)
        {
            _order = _pendingOrder;
            ChangeStep(_pendingFactor);
        }

        _pendingFactor = 1;
        _pendingOrder = _order;
        double maxStep = Math.Abs(_options.MaxStep);
        if (Math.Abs(_h) > maxStep)
        {
            ChangeStep(maxStep / Math.Abs(_h));
        }

        double hBeforeLanding = 0;
        bool rejected = false;
        int singularInARow = 0, nonFiniteInARow = 0, unsolvedInARow = 0, worst = -1;
        while (true)
        {
            if (Statistics.AcceptedSteps + Statistics.RejectedSteps >= _options.MaxSteps)
            {
                throw SolverSupport.TooManySteps(Name, t, _options.MaxSteps);
            }

            bool last = dir * (t + 1.01 * _h - tStop) >= 0;
            if (last && t + _h != tStop)
            {
                hBeforeLanding = hBeforeLanding == 0 ? _h : hBeforeLanding;
                ChangeStep((tStop - t) / _h);
            }

            double h = _h;
            if (Math.Abs(h) < SolverSupport.MinRelativeStep * Math.Abs(t) || Math.Abs(h) < 1e-300)
            {
                if (worst < 0 && Statistics.AcceptedSteps > 0)
                {
                    // No rejection in this call: blame the largest scaled correction (error estimate) of the last accepted step.
                    worst = SolverSupport.WorstComponent(_corr.AsSpan(0, n), _d[0].AsSpan(0, n), _d[0].AsSpan(0, n), _atol, _rtol);
                }

                throw SolverSupport.StepTooSmall(Name, t, h, worst);
            }

            double tNew = last ? tStop : t + h;
            int k = _order;
            Predict(k, n);
            double c = h / Alpha[k];
            sys.Derivatives(tNew, _yPredict, _f);
            Statistics.FunctionEvaluations++;
            if (SolverSupport.FirstNonFinite(_f.AsSpan(0, n)) is int badF and >= 0)
            {
                worst = badF;
                Statistics.RejectedSteps++;
                rejected = true;
                if (++nonFiniteInARow >= 30)
                {
                    throw SolverSupport.NonFinite(Name, tNew, worst);
                }

                ChangeStep(0.25);
                continue;
            }

            if (!EnsureFactorised(c, tNew))
            {
                Statistics.RejectedSteps++;
                rejected = true;
                if (++singularInARow > 5)
                {
                    throw SolverSupport.Singular(Name, t);
                }

                ChangeStep(0.5);
                continue;
            }

            singularInARow = 0;
            int iterations = Newton(sys, tNew, c, n);
            if (iterations == UnsolvedLinearSystem)
            {
                // The iterative linear solver did not converge: a shorter step brings W nearer the identity.
                Statistics.RejectedSteps++;
                rejected = true;
                _luC = 0;
                if (++unsolvedInARow > 5)
                {
                    throw SolverSupport.LinearSolveFailed(Name, t);
                }

                ChangeStep(0.5);
                continue;
            }

            unsolvedInARow = 0;
            if (iterations < 0)
            {
                worst = _newtonWorst;
                if (!_jacobianCurrent)
                {
                    // Newton failed with an old Jacobian: try the same step again with J evaluated at the predicted point.
                    _haveJacobian = false;
                    _luC = 0;
                    continue;
                }

                Statistics.RejectedSteps++;
                rejected = true;
                _luC = 0;
                ChangeStep(0.5);
                continue;
            }

            double errConst = ErrorConstant[k];
            for (int i = 0; i < n; i++)
            {
                _err[i] = errConst * _corr[i];
            }

            double errNorm = SolverSupport.ErrorNorm(_err.AsSpan(0, n), _d[0].AsSpan(0, n), _y.AsSpan(0, n), _atol, _rtol);
            if (!double.IsFinite(errNorm))
            {
                worst = SolverSupport.FirstNonFinite(_y.AsSpan(0, n));
                Statistics.RejectedSteps++;
                rejected = true;
                if (++nonFiniteInARow >= 30)
                {
                    throw SolverSupport.NonFinite(Name, tNew, worst);
                }

                ChangeStep(0.25);
                continue;
            }

            nonFiniteInARow = 0;
            double safety = 0.9 * (2 * NewtonMaxIterations + 1) / (2 * NewtonMaxIterations + iterations);
            if (errNorm > 1)
            {
                worst = SolverSupport.WorstComponent(_err.AsSpan(0, n), _d[0].AsSpan(0, n), _y.AsSpan(0, n), _atol, _rtol);
                Statistics.RejectedSteps++;
                rejected = true;
                ChangeStep(Math.Max(MinFactor, safety * Math.Pow(errNorm, -1.0 / (k + 1))));
                continue;
            }

            Accept(t, tNew, h, k, n);
            if (last && !rejected && hBeforeLanding != 0 && Math.Abs(hBeforeLanding) > Math.Abs(h))
            {
                // The step was shortened to land on tStop: offer the step the controller had before.
                _pendingFactor = Math.Min(MaxFactor, hBeforeLanding / h);
            }
            else if (_equalSteps >= k + 1)
            {
                ChooseOrderAndStep(k, n, errNorm, safety, rejected);
            }

            if (_pendingFactor != 1 && Math.Abs(_h * _pendingFactor) > maxStep)
            {
                _pendingFactor = maxStep / Math.Abs(_h);
            }

            return;
        }
    }

    /// <summary>Predictor (sum of the differences up to order k) and psi = sum_j gamma_j d_j / alpha_k.</summary>
    private void Predict(int k, int n)
    {
        double[] yp = _yPredict, psi = _psi;
        _d[0].AsSpan(0, n).CopyTo(yp);
        psi.AsSpan(0, n).Clear();
        double invAlpha = 1.0 / Alpha[k];
        for (int j = 1; j <= k; j++)
        {
            double[] dj = _d[j];
            double g = Gamma[j] * invAlpha;
            for (int i = 0; i < n; i++)
            {
                yp[i] += dj[i];
                psi[i] += g * dj[i];
            }
        }
    }

    /// <summary>Makes sure W's LU suits c; false when W is singular.</summary>
    private bool EnsureFactorised(double c, double tNew)
    {
        bool stale = _luC == 0 || Math.Abs(c / _luC - 1) > RefactorRatio || _stepsSinceLu >= StepsPerFactorisation;
        if (!stale)
        {
            return true;
        }

        if (!_haveJacobian || _stepsSinceJacobian >= StepsPerJacobian)
        {
            EvaluateJacobian(tNew, _yPredict, _h);
        }

        _stepsSinceLu = 0;
        _rate = 1;
        if (!_matrix.Factor(1.0 / c, Statistics))
        {
            _luC = 0;
            return false;
        }

        _luC = c;
        return true;
    }

    /// <summary>J at (t, y), where _f holds f(t, y).</summary>
    private void EvaluateJacobian(double t, double[] y, double h)
    {
        _matrix.Evaluate(Name, t, y, _f, h, _atol, _rtol, Statistics);
        _haveJacobian = true;
        _jacobianCurrent = true;
        _stepsSinceJacobian = 0;
    }

    /// <summary>What <see cref="Newton"/> returns when a linear solve did not converge (iterative solver).</summary>
    private const int UnsolvedLinearSystem = -2;

    /// <summary>
    /// Modified Newton on y = y_p + corr, corr = c f(t, y) - psi: the number of iterations taken when converged, -1 when
    /// not, <see cref="UnsolvedLinearSystem"/> when a linear solve did not converge. Expects _f = f(tNew, y_p) and leaves
    /// y in _y and the correction in _corr.
    /// </summary>
    private int Newton(IOdeSystem sys, double tNew, double c, int n)
    {
        double[] y = _y, corr = _corr, dy = _dy, f = _f, psi = _psi, yp = _yPredict;
        yp.AsSpan(0, n).CopyTo(y);
        corr.AsSpan(0, n).Clear();
        double gamRatio = c / _luC;
        double scaleCorrection = gamRatio == 1 ? 1 : 2 / (1 + gamRatio);
        double invLuC = 1.0 / _luC;
        double previousNorm = 0;
        for (int it = 0; it < NewtonMaxIterations; it++)
        {
            if (it > 0)
            {
                sys.Derivatives(tNew, y, f);
                Statistics.FunctionEvaluations++;
                _newtonWorst = SolverSupport.FirstNonFinite(f.AsSpan(0, n));
                if (_newtonWorst >= 0)
                {
                    return -1;
                }
            }

            for (int i = 0; i < n; i++)
            {
                dy[i] = (c * f[i] - psi[i] - corr[i]) * invLuC;
            }

            if (!_matrix.Solve(dy.AsSpan(0, n)))
            {
                _newtonWorst = -1;
                return UnsolvedLinearSystem;
            }

            if (scaleCorrection != 1)
            {
                for (int i = 0; i < n; i++)
                {
                    dy[i] *= scaleCorrection;
                }
            }

            double norm = SolverSupport.ScaledRms(dy.AsSpan(0, n), yp.AsSpan(0, n), _atol, _rtol);
            if (!double.IsFinite(norm))
            {
                _newtonWorst = SolverSupport.WorstComponent(dy.AsSpan(0, n), yp.AsSpan(0, n), yp.AsSpan(0, n), _atol, _rtol);
                return -1;
            }

            if (it > 0)
            {
                double rate = norm / previousNorm;
                if (rate > Divergence)
                {
                    _newtonWorst = SolverSupport.WorstComponent(dy.AsSpan(0, n), yp.AsSpan(0, n), yp.AsSpan(0, n), _atol, _rtol);
                    return -1;
                }

                _rate = Math.Max(0.3 * _rate, rate);
            }

            for (int i = 0; i < n; i++)
            {
                y[i] += dy[i];
                corr[i] += dy[i];
            }

            if (norm == 0 || norm * Math.Min(1, _rate) < NewtonTolerance)
            {
                return it + 1;
            }

            previousNorm = norm;
        }

        _newtonWorst = SolverSupport.WorstComponent(dy.AsSpan(0, n), yp.AsSpan(0, n), yp.AsSpan(0, n), _atol, _rtol);
        return -1;
    }

    /// <summary>Updates the differences with the accepted correction and moves time on.</summary>
    private void Accept(double t, double tNew, double h, int k, int n)
    {
        double[] corr = _corr;
        double[] dk1 = _d[k + 1], dk2 = _d[k + 2];
        for (int i = 0; i < n; i++)
        {
            dk2[i] = corr[i] - dk1[i];
            dk1[i] = corr[i];
        }

        for (int j = k; j >= 0; j--)
        {
            double[] dj = _d[j], dnext = _d[j + 1];
            for (int i = 0; i < n; i++)
            {
                dj[i] += dnext[i];
            }
        }

        PreviousTime = t;
        Time = tNew;
        _hDone = h;
        _equalSteps++;
        _stepsSinceLu++;
        _stepsSinceJacobian++;
        _jacobianCurrent = false;
        Statistics.AcceptedSteps++;
    }

    /// <summary>After k+1 steps at one size: picks the order (k-1, k or k+1) with the largest step, and that step.</summary>
    private void ChooseOrderAndStep(int k, int n, double errNorm, double safety, bool rejected)
    {
        double[] y = _d[0];
        double factorSame = Math.Pow(errNorm, -1.0 / (k + 1));
        double factorDown = 0, factorUp = 0;
        if (k > 1)
        {
            factorDown = Math.Pow(ScaledErrorNorm(ErrorConstant[k - 1], _d[k], y, n), -1.0 / k);
        }

        if (k < _orderLimit)
        {
            factorUp = Math.Pow(ScaledErrorNorm(ErrorConstant[k + 1], _d[k + 2], y, n), -1.0 / (k + 2));
        }

        int newOrder = k;
        double best = factorSame;
        if (factorDown > best)
        {
            best = factorDown;
            newOrder = k - 1;
        }

        if (factorUp > best)
        {
            best = factorUp;
            newOrder = k + 1;
        }

        double factor = Math.Min(MaxFactor, safety * best);
        if (rejected)
        {
            factor = Math.Min(factor, 1);
        }

        if (newOrder == k && factor >= 1 && factor < IncreaseThreshold)
        {
            return; // not worth changing; looked at again after the next step
        }

        _pendingOrder = newOrder;
        _pendingFactor = factor;
    }

    private double ScaledErrorNorm(double constant, double[] difference, double[] y, int n)
    {
        for (int i = 0; i < n; i++)
        {
            _err[i] = constant * difference[i];
        }

        double norm = SolverSupport.ErrorNorm(_err.AsSpan(0, n), y.AsSpan(0, n), y.AsSpan(0, n), _atol, _rtol);
        return Math.Max(norm, 1e-10);
    }

    /// <summary>
    /// Rescales the differences d_0..d_k for the step h * factor: the interpolating polynomial through the last k+1
    /// points, read at the new equally spaced points (D := (R U)^T D with the matrices of Shampine and Reichelt).
    /// </summary>
    private void ChangeStep(double factor)
    {
        _h *= factor;
        _equalSteps = 0;
        if (factor == 1)
        {
            return;
        }

        int k = _order;
        Span<double> r = stackalloc double[(MaxOrder + 1) * (MaxOrder + 1)];
        Span<double> u = stackalloc double[(MaxOrder + 1) * (MaxOrder + 1)];
        Span<double> ru = stackalloc double[(MaxOrder + 1) * (MaxOrder + 1)];
        int m = k + 1;
        DifferenceTransform(k, factor, r);
        DifferenceTransform(k, 1, u);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int l = 0; l < m; l++)
                {
                    s += r[i * m + l] * u[l * m + j];
                }

                ru[i * m + j] = s;
            }
        }

        Span<double> old = stackalloc double[MaxOrder + 1];
        double[][] d = _d;
        for (int c = 0; c < _n; c++)
        {
            for (int i = 0; i < m; i++)
            {
                old[i] = d[i][c];
            }

            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int i = 0; i < m; i++)
                {
                    s += ru[i * m + j] * old[i];
                }

                d[j][c] = s;
            }
        }
    }

    /// <summary>R(k, f)[i, j] = prod_{l=1..i} (l - 1 - f j) / l for i &gt;= 1, 1 in row 0 ((k+1) x (k+1), row-major).</summary>
    private static void DifferenceTransform(int k, double factor, Span<double> r)
    {
        int m = k + 1;
        for (int j = 0; j < m; j++)
        {
            r[j] = 1;
        }

        for (int i = 1; i < m; i++)
        {
            r[i * m] = 0;
            for (int j = 1; j < m; j++)
            {
                r[i * m + j] = r[(i - 1) * m + j] * (i - 1 - factor * j) / i;
            }
        }
    }

    public override void Interpolate(double t, Span<double> y)
    {
        SolverSupport.CheckInitialized(_system);
        int n = _n;
        double[] d0 = _d[0];
        if (_hDone == 0)
        {
            d0.AsSpan(0, n).CopyTo(y);
            return;
        }

        // Newton form through the equally spaced points Time, Time - h, ..., Time - k h.
        int k = _order;
        double h = _hDone;
        Span<double> p = stackalloc double[MaxOrder + 1];
        double prod = 1;
        for (int j = 0; j < k; j++)
        {
            prod *= (t - Time + j * h) / ((j + 1) * h);
            p[j] = prod;
        }

        for (int i = 0; i < n; i++)
        {
            double s = d0[i];
            for (int j = 1; j <= k; j++)
            {
                s += _d[j][i] * p[j - 1];
            }

            y[i] = s;
        }
    }

    private static double[] CumulativeHarmonic()
    {
        var g = new double[MaxOrder + 1];
        for (int k = 1; k <= MaxOrder; k++)
        {
            g[k] = g[k - 1] + 1.0 / k;
        }

        return g;
    }
}
