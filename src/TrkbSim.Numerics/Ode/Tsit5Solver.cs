namespace TrkbSim.Numerics.Ode;

/// <summary>
/// Tsitouras 5(4) explicit Runge-Kutta method (Ch. Tsitouras, Comput. Math. Appl. 62 (2011) 770-775): seven stages with
/// first-same-as-last, local extrapolation, the method's free fourth-order dense output and a PI step-size controller.
/// </summary>
public sealed class Tsit5Solver : OdeSolver
{
    // Nodes.
    internal const double C2 = 0.161, C3 = 0.327, C4 = 0.9, C5 = 0.9800255409045097;

    // Stage coefficients (row 7 are the fifth-order weights; the method is FSAL).
    internal const double A21 = 0.161;
    internal const double A31 = -0.008480655492356989, A32 = 0.335480655492357;
    internal const double A41 = 2.8971530571054935, A42 = -6.359448489975075, A43 = 4.3622954328695815;
    internal const double A51 = 5.325864828439257, A52 = -11.748883564062828, A53 = 7.4955393428898365, A54 = -0.09249506636175525;
    internal const double A61 = 5.86145544294642, A62 = -12.92096931784711, A63 = 8.159367898576159, A64 = -0.071584973281401, A65 = -0.028269050394068383;
    internal const double A71 = 0.09646076681806523, A72 = 0.01, A73 = 0.4798896504144996, A74 = 1.379008574103742, A75 = -3.290069515436081, A76 = 2.324710524099774;

    // Difference between the embedded fourth-order weights and the fifth-order weights.
    internal const double E1 = -0.00178001105222577714, E2 = -0.0008164344596567469, E3 = 0.007880878010261995, E4 = -0.1447110071732629,
        E5 = 0.5823571654525552, E6 = -0.45808210592918697, E7 = 0.015151515151515152;

    // Dense output weights b_i(theta) = sum_k R_ik theta^k (k = 1..4).
    internal const double R11 = 1.0, R12 = -2.763706197274826, R13 = 2.9132554618219126, R14 = -1.0530884977290216;
    internal const double R22 = 0.13169999999999998, R23 = -0.2234, R24 = 0.1017;
    internal const double R32 = 3.9302962368947516, R33 = -5.941033872131505, R34 = 2.490627285651253;
    internal const double R42 = -12.411077166933676, R43 = 30.33818863028232, R44 = -16.548102889244902;
    internal const double R52 = 37.50931341651104, R53 = -88.1789048947664, R54 = 47.37952196281928;
    internal const double R62 = -27.896526289197286, R63 = 65.09189467479366, R64 = -34.87065786149661;
    internal const double R72 = 1.5, R73 = -4.0, R74 = 2.5;

    // PI controller after Hairer's DOPRI5: err^-alpha * errOld^beta with safety factor and growth/shrink limits.
    internal const double Beta = 0.04, Alpha = 0.2 - Beta * 0.75, Safety = 0.9, MinFactor = 0.2, MaxFactor = 10.0;

    /// <summary>Length of the negative real stability interval of Tsit5, used by stiffness detection.</summary>
    internal const double StabilityBoundary = 3.5068;

    private IOdeSystem? _system;
    private OdeOptions _options = new();
    private int _n;
    private double[] _y = [], _yPrev = [], _yNew = [], _stage = [], _stage6 = [], _err = [], _atol = [];
    private double[] _k1 = [], _k2 = [], _k3 = [], _k4 = [], _k5 = [], _k6 = [], _k7 = [];
    /// <summary>The stage arrays k1..k7 in order, refreshed before use (k1 and k7 swap between steps).</summary>
    private readonly double[][] _ks = new double[7][];
    private readonly double[] _dense = new double[7];

    internal static readonly double[] Row2 = [A21];
    internal static readonly double[] Row3 = [A31, A32];
    internal static readonly double[] Row4 = [A41, A42, A43];
    internal static readonly double[] Row5 = [A51, A52, A53, A54];
    internal static readonly double[] Row6 = [A61, A62, A63, A64, A65];
    internal static readonly double[] Row7 = [A71, A72, A73, A74, A75, A76];
    internal static readonly double[] ErrorRow = [E1, E2, E3, E4, E5, E6, E7];
    private double _rtol;
    private double _h;          // proposed next step (signed)
    private double _hDone;      // size of the last accepted step (signed)
    private double _errOld = 1e-4;
    private double _logErrOld = LogErrFloor; // log(_errOld), kept so the controller needs one log and one exp per step
    internal static readonly double LogErrFloor = Math.Log(1e-4);
    private bool _fsalValid;    // _k1 holds f(Time, State)
    private bool _fsalPending;  // _k7 holds f(Time, State) and must become _k1 before the next step
    private bool _needInitialStep;

    public override string Name => "tsit5";

    public override ReadOnlySpan<double> State => _y.AsSpan(0, _n);

    /// <summary>
    /// Estimate of the dominant eigenvalue magnitude from the last accepted step (for stiffness detection); computed only
    /// for steps taken while <see cref="EstimateStiffness"/> is set, NaN otherwise.
    /// </summary>
    internal double EigenvalueEstimate { get; private set; } = double.NaN;

    /// <summary>Whether the next accepted step estimates the dominant eigenvalue (the automatic switcher asks for it).</summary>
    internal bool EstimateStiffness { get; set; }

    /// <summary>Signed size of the last accepted step (0 before the first).</summary>
    internal double LastStepSize => _hDone;

    /// <summary>The step the controller proposes next (signed, 0 before the first step).</summary>
    internal double ProposedStep => _h;

    public override void Initialize(IOdeSystem system, double t0, ReadOnlySpan<double> y0, OdeOptions options)
    {
        int n = SolverSupport.CheckStart(system, y0, options);

        _system = system;
        _options = options;
        _n = n;
        _y = SolverSupport.EnsureLength(_y, n);
        _yPrev = SolverSupport.EnsureLength(_yPrev, n);
        _yNew = SolverSupport.EnsureLength(_yNew, n);
        _stage = SolverSupport.EnsureLength(_stage, n);
        _stage6 = SolverSupport.EnsureLength(_stage6, n);
        _err = SolverSupport.EnsureLength(_err, n);
        _atol = SolverSupport.EnsureLength(_atol, n);
        _k1 = SolverSupport.EnsureLength(_k1, n);
        _k2 = SolverSupport.EnsureLength(_k2, n);
        _k3 = SolverSupport.EnsureLength(_k3, n);
        _k4 = SolverSupport.EnsureLength(_k4, n);
        _k5 = SolverSupport.EnsureLength(_k5, n);
        _k6 = SolverSupport.EnsureLength(_k6, n);
        _k7 = SolverSupport.EnsureLength(_k7, n);
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
    }

    private void ResetAt(double t, ReadOnlySpan<double> y)
    {
        y.CopyTo(_y);
        y.CopyTo(_yPrev);
        Time = t;
        PreviousTime = t;
        _hDone = 0;
        _fsalValid = false;
        _fsalPending = false;
        _needInitialStep = true;
        _errOld = 1e-4;
        _logErrOld = LogErrFloor;
    }

    public override void Step(double tStop)
    {
        SolverSupport.CheckInitialized(_system);
        IOdeSystem sys = _system!;
        SolverSupport.CheckStepArgument(Name, Time, tStop);
        int n = _n;
        double t = Time;
        double dir = tStop > t ? 1.0 : -1.0;

        if (_fsalPending)
        {
            (_k1, _k7) = (_k7, _k1);
            _fsalPending = false;
            _fsalValid = true;
        }

        if (!_fsalValid)
        {
            sys.Derivatives(t, _y, _k1);
            Statistics.FunctionEvaluations++;
            int bad = SolverSupport.FirstNonFinite(_k1.AsSpan(0, n));
            if (bad >= 0)
            {
                throw SolverSupport.NonFinite(Name, t, bad);
            }

            _fsalValid = true;
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
                h0 = SolverSupport.InitialStep(sys, t, _y, _k1, dir, 5, _atol, _rtol, maxStep, _stage, _stage6);
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
        int nonFiniteInARow = 0;
        int worst = -1;
        // After a rejection on the error, its worst component is found (from _err, _y, _yNew, untouched until the next
        // attempt) only if the step then fails, not on every rejection.
        bool worstFromLastAttempt = false;
        while (true)
        {
            if (Statistics.AcceptedSteps + Statistics.RejectedSteps >= _options.MaxSteps)
            {
                throw SolverSupport.TooManySteps(Name, t, _options.MaxSteps);
            }

            // Land exactly on tStop; stretch a step that would leave a sliver.
            bool last = dir * (t + 1.01 * h - tStop) >= 0;
            if (last)
            {
                h = tStop - t;
            }

            if (Math.Abs(h) < SolverSupport.MinRelativeStep * Math.Abs(t) || Math.Abs(h) < 1e-300)
            {
                if (worstFromLastAttempt)
                {
                    worst = SolverSupport.WorstComponent(_err.AsSpan(0, n), _y.AsSpan(0, n), _yNew.AsSpan(0, n), _atol, _rtol);
                }

                if (worst < 0 && Statistics.AcceptedSteps > 0)
                {
                    // No rejection in this call: blame the largest scaled error of the last accepted step.
                    worst = SolverSupport.WorstComponent(_err.AsSpan(0, n), _yPrev.AsSpan(0, n), _y.AsSpan(0, n), _atol, _rtol);
                }

                throw SolverSupport.StepTooSmall(Name, t, h, worst);
            }

            double tNew = last ? tStop : t + h;
            TakeStages(sys, t, h, tNew, n);

            StageKernels.Combine(_err, default, h, ErrorRow, _ks, n);

            double err = SolverSupport.ErrorNorm(_err.AsSpan(0, n), _y.AsSpan(0, n), _yNew.AsSpan(0, n), _atol, _rtol);
            if (!double.IsFinite(err))
            {
                // Shrink hard; a system that really blows up ends in a too-small step or the non-finite limit.
                worst = FirstNonFiniteStage(n);
                worstFromLastAttempt = false;
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
            if (err <= 1.0)
            {
                // err^Alpha / errOld^Beta / Safety as one exp of logs (err = 0 gives -inf and the growth limit).
                double logErr = Math.Log(err);
                double fac = Math.Exp(Alpha * logErr - Beta * _logErrOld) / Safety;
                fac = Math.Clamp(fac, 1.0 / MaxFactor, 1.0 / MinFactor);
                double hNew = h / fac;
                if (rejected)
                {
                    hNew = dir * Math.Min(Math.Abs(hNew), Math.Abs(h));
                }

                _errOld = Math.Max(err, 1e-4);
                _logErrOld = err > 1e-4 ? logErr : LogErrFloor;
                EigenvalueEstimate = EstimateStiffness ? EstimateEigenvalue(n) : double.NaN;
                (_yPrev, _y, _yNew) = (_y, _yNew, _yPrev);
                PreviousTime = t;
                Time = tNew;
                _hDone = h;
                // Keep a step that was only shortened to hit tStop from shrinking the next proposal.
                _h = last && Math.Abs(h) < Math.Abs(_h) && !rejected ? dir * Math.Max(Math.Abs(hNew), Math.Abs(_h)) : hNew;
                _fsalValid = false;
                _fsalPending = true;
                Statistics.AcceptedSteps++;
                return;
            }

            worst = -1;
            worstFromLastAttempt = true;
            Statistics.RejectedSteps++;
            rejected = true;
            h /= Math.Min(1.0 / MinFactor, Math.Pow(err, Alpha) / Safety);
            _h = h;
        }
    }

    private void TakeStages(IOdeSystem sys, double t, double h, double tNew, int n)
    {
        double[][] k = StageTable();
        double[] y = _y, s = _stage;
        StageKernels.Combine(s, y, h, Row2, k, n);
        sys.Derivatives(t + C2 * h, s, _k2);
        StageKernels.Combine(s, y, h, Row3, k, n);
        sys.Derivatives(t + C3 * h, s, _k3);
        StageKernels.Combine(s, y, h, Row4, k, n);
        sys.Derivatives(t + C4 * h, s, _k4);
        StageKernels.Combine(s, y, h, Row5, k, n);
        sys.Derivatives(t + C5 * h, s, _k5);
        StageKernels.Combine(_stage6, y, h, Row6, k, n);
        sys.Derivatives(tNew, _stage6, _k6);
        StageKernels.Combine(_yNew, y, h, Row7, k, n);
        sys.Derivatives(tNew, _yNew, _k7);
        Statistics.FunctionEvaluations += 6;
    }

    private double[][] StageTable()
    {
        double[][] k = _ks;
        k[0] = _k1;
        k[1] = _k2;
        k[2] = _k3;
        k[3] = _k4;
        k[4] = _k5;
        k[5] = _k6;
        k[6] = _k7;
        return k;
    }

    private int FirstNonFiniteStage(int n)
    {
        int i = SolverSupport.FirstNonFinite(_yNew.AsSpan(0, n));
        if (i < 0)
        {
            i = SolverSupport.FirstNonFinite(_k7.AsSpan(0, n));
        }

        if (i < 0)
        {
            i = SolverSupport.FirstNonFinite(_err.AsSpan(0, n));
        }

        return i;
    }

    // |f(y7) - f(y6)| / |y7 - y6| for the two stages at t + h (Hairer-Wanner II, IV.2). Both differences are weighted
    // with the error-control scales so that the components that limit the step size dominate the estimate.
    private double EstimateEigenvalue(int n) =>
        SolverSupport.EigenvalueRatio(_k7.AsSpan(0, n), _k6.AsSpan(0, n), _yNew.AsSpan(0, n), _stage6.AsSpan(0, n), _atol, _rtol);

    /// <summary>The dense-output weights b_1..b_7 at theta = (t - t_prev) / h.</summary>
    internal static void DenseWeights(double th, Span<double> b)
    {
        double th2 = th * th, th3 = th2 * th, th4 = th3 * th;
        b[0] = R11 * th + R12 * th2 + R13 * th3 + R14 * th4;
        b[1] = R22 * th2 + R23 * th3 + R24 * th4;
        b[2] = R32 * th2 + R33 * th3 + R34 * th4;
        b[3] = R42 * th2 + R43 * th3 + R44 * th4;
        b[4] = R52 * th2 + R53 * th3 + R54 * th4;
        b[5] = R62 * th2 + R63 * th3 + R64 * th4;
        b[6] = R72 * th2 + R73 * th3 + R74 * th4;
    }

    public override void Interpolate(double t, Span<double> y)
    {
        SolverSupport.CheckInitialized(_system);
        int n = _n;
        if (_hDone == 0 || t == Time)
        {
            // Exact at the step end, so that sign tests at Time agree with State.
            _y.AsSpan(0, n).CopyTo(y);
            return;
        }

        double[] b = _dense;
        DenseWeights((t - PreviousTime) / _hDone, b);
        StageKernels.Combine(y, _yPrev.AsSpan(0, n), _hDone, b, StageTable(), n);
    }
}
