using TrkbSim.Numerics.Ode;

namespace TrkbSim.Simulation.Tests.Support;

/// <summary>
/// A small adaptive Dormand–Prince 5(4) stepper with its 4th-order continuous extension, used only to drive the
/// simulator in tests while the numerics library's solvers are developed separately.
/// </summary>
internal sealed class DormandPrinceTestSolver : OdeSolver
{
    private IOdeSystem _sys = null!;
    private OdeOptions _opt = new();
    private int _n;
    private double[] _y = [], _y1 = [], _k1 = [], _k2 = [], _k3 = [], _k4 = [], _k5 = [], _k6 = [], _k7 = [], _tmp = [];
    private double[] _r1 = [], _r2 = [], _r3 = [], _r4 = [], _r5 = [];
    private double _h;
    private long _steps;

    public override string Name => "dp5-test";
    public override ReadOnlySpan<double> State => _y;

    public override void Initialize(IOdeSystem system, double t0, ReadOnlySpan<double> y0, OdeOptions options)
    {
        _sys = system; _opt = options; _n = system.Dimension;
        double[] A() => new double[_n];
        _y = A(); _y1 = A(); _k1 = A(); _k2 = A(); _k3 = A(); _k4 = A(); _k5 = A(); _k6 = A(); _k7 = A(); _tmp = A();
        _r1 = A(); _r2 = A(); _r3 = A(); _r4 = A(); _r5 = A();
        Statistics.Reset();
        _steps = 0;
        _h = 0;
        Restart(t0, y0);
        Statistics.Restarts = 0;
    }

    public override void Restart(double t, ReadOnlySpan<double> y)
    {
        y.CopyTo(_y);
        Time = PreviousTime = t;
        _sys.Derivatives(t, _y, _k1);
        Statistics.FunctionEvaluations++;
        Statistics.Restarts++;
        // Dense output of a zero-length step: the state itself.
        for (int i = 0; i < _n; i++) { _r1[i] = _y[i]; _r2[i] = _r3[i] = _r4[i] = _r5[i] = 0; }
    }

    private double Norm(double[] v, double[] y0, double[] y1)
    {
        double s = 0;
        for (int i = 0; i < _n; i++)
        {
            double sc = _opt.AbsTol + _opt.RelTol * Math.Max(Math.Abs(y0[i]), Math.Abs(y1[i]));
            double r = v[i] / sc;
            s += r * r;
        }
        return _n == 0 ? 0 : Math.Sqrt(s / _n);
    }

    public override void Step(double tStop)
    {
        double t = Time;
        if (_h == 0)
        {
            double d0 = Norm(_y, _y, _y), d1 = Norm(_k1, _y, _y);
            _h = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
            _h = Math.Min(_h, tStop - t);
        }
        while (true)
        {
            if (++_steps > _opt.MaxSteps) throw new OdeSolverException(OdeFailure.TooManySteps, t, -1, "too many steps");
            double h = Math.Min(_h, _opt.MaxStep);
            bool last = false;
            if (t + h >= tStop || t + 1.01 * h >= tStop) { h = tStop - t; last = true; }
            if (h <= Math.Abs(t) * 1e-15) throw new OdeSolverException(OdeFailure.StepSizeTooSmall, t, -1, "step too small");
            var y = _y;
            for (int i = 0; i < _n; i++) _tmp[i] = y[i] + h * (1.0 / 5 * _k1[i]);
            _sys.Derivatives(t + h / 5, _tmp, _k2);
            for (int i = 0; i < _n; i++) _tmp[i] = y[i] + h * (3.0 / 40 * _k1[i] + 9.0 / 40 * _k2[i]);
            _sys.Derivatives(t + 3 * h / 10, _tmp, _k3);
            for (int i = 0; i < _n; i++) _tmp[i] = y[i] + h * (44.0 / 45 * _k1[i] - 56.0 / 15 * _k2[i] + 32.0 / 9 * _k3[i]);
            _sys.Derivatives(t + 4 * h / 5, _tmp, _k4);
            for (int i = 0; i < _n; i++)
                _tmp[i] = y[i] + h * (19372.0 / 6561 * _k1[i] - 25360.0 / 2187 * _k2[i] + 64448.0 / 6561 * _k3[i] - 212.0 / 729 * _k4[i]);
            _sys.Derivatives(t + 8 * h / 9, _tmp, _k5);
            for (int i = 0; i < _n; i++)
                _tmp[i] = y[i] + h * (9017.0 / 3168 * _k1[i] - 355.0 / 33 * _k2[i] + 46732.0 / 5247 * _k3[i]
                    + 49.0 / 176 * _k4[i] - 5103.0 / 18656 * _k5[i]);
            _sys.Derivatives(t + h, _tmp, _k6);
            for (int i = 0; i < _n; i++)
                _y1[i] = y[i] + h * (35.0 / 384 * _k1[i] + 500.0 / 1113 * _k3[i] + 125.0 / 192 * _k4[i]
                    - 2187.0 / 6784 * _k5[i] + 11.0 / 84 * _k6[i]);
            double tNew = last ? tStop : t + h;
            _sys.Derivatives(tNew, _y1, _k7);
            Statistics.FunctionEvaluations += 6;
            for (int i = 0; i < _n; i++)
                _tmp[i] = h * (71.0 / 57600 * _k1[i] - 71.0 / 16695 * _k3[i] + 71.0 / 1920 * _k4[i]
                    - 17253.0 / 339200 * _k5[i] + 22.0 / 525 * _k6[i] - 1.0 / 40 * _k7[i]);
            double err = Norm(_tmp, y, _y1);
            if (double.IsNaN(err)) err = double.PositiveInfinity;
            double factor = err == 0 ? 5 : Math.Clamp(0.9 * Math.Pow(err, -0.2), 0.2, 5);
            if (err <= 1)
            {
                const double d1 = -12715105075.0 / 11282082432, d3 = 87487479700.0 / 32700410799,
                    d4 = -10690763975.0 / 1880347072, d5 = 701980252875.0 / 199316789632,
                    d6 = -1453857185.0 / 822651844, d7 = 69997945.0 / 29380423;
                for (int i = 0; i < _n; i++)
                {
                    double diff = _y1[i] - y[i];
                    double bspl = h * _k1[i] - diff;
                    _r1[i] = y[i];
                    _r2[i] = diff;
                    _r3[i] = bspl;
                    _r4[i] = diff - h * _k7[i] - bspl;
                    _r5[i] = h * (d1 * _k1[i] + d3 * _k3[i] + d4 * _k4[i] + d5 * _k5[i] + d6 * _k6[i] + d7 * _k7[i]);
                }
                PreviousTime = t;
                Time = tNew;
                (_y, _y1) = (_y1, _y);
                (_k1, _k7) = (_k7, _k1);
                Statistics.AcceptedSteps++;
                if (!last || factor < 1) _h = h * factor;
                return;
            }
            Statistics.RejectedSteps++;
            _h = h * Math.Min(1, factor);
        }
    }

    public override void Interpolate(double t, Span<double> y)
    {
        double h = Time - PreviousTime;
        double s = h == 0 ? 0 : (t - PreviousTime) / h, s1 = 1 - s;
        for (int i = 0; i < _n; i++)
            y[i] = _r1[i] + s * (_r2[i] + s1 * (_r3[i] + s * (_r4[i] + s1 * _r5[i])));
    }
}
