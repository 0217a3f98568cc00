using System.Globalization;
using TrkbSim.Modeling;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation.Compilation;

namespace TrkbSim.Simulation;

/// <summary>
/// The past of one run, for delay(x, tau): the solver's dense output per accepted step (sampled at five equally spaced
/// points, which reproduces the solvers' interpolants of degree four exactly), the stored parameters after each event,
/// and the times where delays carry discontinuities forward. Fills the delay slots of p before every evaluation.
/// Buffers grow and are reused across runs: no allocation per step once warm.
/// </summary>
internal sealed class DelayHistory
{
    /// <summary>Samples per step, at theta = 0, 1/4, 1/2, 3/4, 1.</summary>
    private const int Samples = 5;

    /// <summary>Multiples of a delay after a discontinuity that are stepped to exactly (a jump of derivative order k at k tau).</summary>
    private const int PropagatedOrders = 5;

    private readonly CompiledModel _m;
    private readonly CompiledDelay[] _terms;
    private readonly double[] _decl;
    private readonly int[] _mode;
    private readonly int _n;
    private readonly double[] _yPast, _yPre, _pPre;
    private readonly bool _anyAffectsRates, _canPrune;
    private double _maxLiteralDelay;

    // Segments: [start, polynomial end], valid up to validEnd (shortened when an event cuts a step), samples in _ys.
    private double[] _segStart = new double[64], _segEnd = new double[64], _segValidEnd = new double[64];
    private double[] _ys;
    private int _segCount;
    private int _hint;

    // Stored parameters from each time on (the start, then after each event).
    private double[] _snapTime = new double[8];
    private double[]?[] _snapP = new double[]?[8];
    private int _snapCount;

    // Ordered by time, hard before soft at equal times.
    private readonly PriorityQueue<bool, (double Time, int Soft)> _breakpoints = new();
    private double _t0;
    private bool _started, _preCached;
    private double _preTime = double.NaN;

    public DelayHistory(CompiledModel model, double[] decl, int[] mode)
    {
        _m = model;
        _terms = model.DelayTerms;
        _decl = decl;
        _mode = mode;
        _n = model.StateCount;
        _yPast = new double[_n];
        _yPre = new double[_n];
        _pPre = new double[model.ParameterCount];
        _ys = new double[64 * Samples * Math.Max(1, _n)];
        _anyAffectsRates = _terms.Any(d => d.AffectsRates);
        _canPrune = _terms.All(d => d.LiteralDelay);
    }

    /// <summary>Some delay feeds the rates: the ODE system must fill the slots before each right-hand side.</summary>
    public bool AffectsRates => _anyAffectsRates;

    /// <summary>Evaluations at exactly this time take left limits (the end of a step that lands on a jump carried by a delay).</summary>
    public double LeftLimitAt { get; set; } = double.NaN;

    /// <summary>Forgets the previous run; values before <paramref name="t0"/> come from the initial values at that time.</summary>
    public void Begin(double t0)
    {
        _t0 = t0;
        _segCount = 0;
        _hint = 0;
        _snapCount = 0;
        _breakpoints.Clear();
        _started = false;
        _preCached = false;
        _maxLiteralDelay = 0;
        LeftLimitAt = double.NaN;
    }

    /// <summary>Records the state and parameters at the start (after events at t0) and the jumps the start carries forward.</summary>
    public void Start(double t0, double[] y, double[] p)
    {
        PushPoint(t0, y);
        Snapshot(t0, p);
        _started = true;
        AddBreakpoints(t0, y, p);
    }

    /// <summary>Writes the value of every delay term at (t, y) into its slot of p.</summary>
    public void Fill(double t, double[] y, double[] p)
    {
        for (int k = 0; k < _terms.Length; k++)
        {
            double tau = _m.DelayTime(k, t, y, p);
            if (!(tau >= 0))
                throw new ModelException(string.Create(CultureInfo.InvariantCulture,
                    $"delay() in {_terms[k].Context} has delay {tau} at time {t}; delays must be >= 0"));
            p[_terms[k].PIndex] = Value(k, t, tau, y, p);
        }
    }

    private double Value(int k, double t, double tau, double[] y, double[] p)
    {
        if (tau == 0) return _m.DelayValue(k, t, y, p);
        if (_terms[k].LiteralDelay && tau > _maxLiteralDelay) _maxLiteralDelay = tau;
        double s = t - tau;
        bool left = t == LeftLimitAt;
        if (s < _t0 || (s == _t0 && left)) return BeforeStart(k, s);
        // Not yet started (values asked for during initialisation or at t0): the current values are the only ones known.
        if (!_started) return _m.DelayValue(k, t, y, p);
        int i = FindSegment(s, left);
        Interpolate(i, s, _yPast);
        return _m.DelayValue(k, s, _yPast, FindSnapshot(s, left));
    }

    /// <summary>Before the start: the initial values as they are at time s (initial assignments may depend on time).</summary>
    private double BeforeStart(int k, double s)
    {
        if (!_preCached || (_m.InitUsesTime && s != _preTime))
        {
            _m.Init(s, _yPre, _pPre, _decl, _mode);
            _preCached = true;
            _preTime = s;
        }
        return _m.DelayValueBeforeStart(k, s, _yPre, _pPre);
    }

    // ---------------------------------------------------------------- recording

    /// <summary>Appends the solver's last accepted step.</summary>
    public void Record(OdeSolver solver)
    {
        double a = solver.PreviousTime, b = solver.Time;
        if (!(b > a)) return;
        int off = Append(a, b);
        for (int j = 0; j < Samples - 1; j++)
        {
            double t = j == 0 ? a : a + (b - a) * j / (Samples - 1);
            solver.Interpolate(t, _ys.AsSpan(off + j * _n, _n));
        }
        solver.State.CopyTo(_ys.AsSpan(off + (Samples - 1) * _n, _n));
        Prune(b);
    }

    /// <summary>The solution continues from a new state at t (an event): the last step ends at t and a new piece starts there.</summary>
    public void Restarted(double t, double[] y)
    {
        for (int i = _segCount - 1; i >= 0 && _segValidEnd[i] > t; i--) _segValidEnd[i] = System.Math.Max(_segStart[i], t);
        PushPoint(t, y);
    }

    /// <summary>Events executed at t: keeps the stored parameters from t on and the jumps the delays will carry forward.</summary>
    public void EventsExecuted(double t, double[] y, double[] p)
    {
        Snapshot(t, p);
        AddBreakpoints(t, y, p);
    }

    private void PushPoint(double t, double[] y)
    {
        int off = Append(t, t);
        for (int j = 0; j < Samples; j++) Array.Copy(y, 0, _ys, off + j * _n, _n);
    }

    private int Append(double a, double b)
    {
        if (_segCount == _segStart.Length)
        {
            int cap = _segCount * 2;
            Array.Resize(ref _segStart, cap);
            Array.Resize(ref _segEnd, cap);
            Array.Resize(ref _segValidEnd, cap);
            Array.Resize(ref _ys, cap * Samples * System.Math.Max(1, _n));
        }
        int i = _segCount++;
        _segStart[i] = a;
        _segEnd[i] = b;
        _segValidEnd[i] = b;
        return i * Samples * _n;
    }

    /// <summary>With only numeric delays, drops the oldest half of the history once it lies entirely before t - max tau.</summary>
    private void Prune(double t)
    {
        if (!_canPrune || _segCount < 1024 || _maxLiteralDelay <= 0) return;
        int half = _segCount / 2;
        if (!(_segValidEnd[half] < t - 2 * _maxLiteralDelay)) return;
        int keep = _segCount - half;
        Array.Copy(_segStart, half, _segStart, 0, keep);
        Array.Copy(_segEnd, half, _segEnd, 0, keep);
        Array.Copy(_segValidEnd, half, _segValidEnd, 0, keep);
        Array.Copy(_ys, half * Samples * _n, _ys, 0, keep * Samples * _n);
        _segCount = keep;
        _hint = 0;
        // Values before the kept history are never asked for again; the start time only bounds the lookups.
    }

    private void Snapshot(double t, double[] p)
    {
        if (_snapCount > 0 && _snapTime[_snapCount - 1] == t)
        {
            Array.Copy(p, _snapP[_snapCount - 1]!, p.Length);
            return;
        }
        if (_snapCount == _snapTime.Length)
        {
            Array.Resize(ref _snapTime, _snapCount * 2);
            Array.Resize(ref _snapP, _snapCount * 2);
        }
        var copy = _snapP[_snapCount] ??= new double[p.Length];
        Array.Copy(p, copy, p.Length);
        _snapTime[_snapCount++] = t;
    }

    // ---------------------------------------------------------------- lookup

    /// <summary>The last piece starting at or before s (strictly before for a left limit); the hint makes sweeps O(1).</summary>
    private int FindSegment(double s, bool left)
    {
        int i = System.Math.Min(_hint, _segCount - 1);
        bool Starts(int j) => left ? _segStart[j] < s : _segStart[j] <= s;
        if (!Starts(i) || (i + 1 < _segCount && Starts(i + 1)))
        {
            int lo = 0, hi = _segCount - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) / 2;
                if (Starts(mid)) lo = mid; else hi = mid - 1;
            }
            i = lo;
        }
        _hint = i;
        return i;
    }

    private double[] FindSnapshot(double s, bool left)
    {
        int j = _snapCount - 1;
        while (j > 0 && (left ? _snapTime[j] >= s : _snapTime[j] > s)) j--;
        return _snapP[j]!;
    }

    /// <summary>The degree-four polynomial through the five samples of piece i at time s (extrapolates past its end).</summary>
    private void Interpolate(int i, double s, double[] y)
    {
        int off = i * Samples * _n, n = _n;
        double a = _segStart[i], b = _segEnd[i];
        if (!(b > a))
        {
            Array.Copy(_ys, off, y, 0, n);
            return;
        }
        double u = 4 * (s - a) / (b - a);
        double u0 = u, u1 = u - 1, u2 = u - 2, u3 = u - 3, u4 = u - 4;
        double l0 = u1 * u2 * u3 * u4 / 24, l1 = -u0 * u2 * u3 * u4 / 6, l2 = u0 * u1 * u3 * u4 / 4,
            l3 = -u0 * u1 * u2 * u4 / 6, l4 = u0 * u1 * u2 * u3 / 24;
        for (int c = 0; c < n; c++)
            y[c] = l0 * _ys[off + c] + l1 * _ys[off + n + c] + l2 * _ys[off + 2 * n + c] + l3 * _ys[off + 3 * n + c]
                + l4 * _ys[off + 4 * n + c];
    }

    // ---------------------------------------------------------------- stepping

    /// <summary>Derivative jumps at t (start, events) reach the rates again at t + k tau: hard (restart) at k = 1, soft after.</summary>
    private void AddBreakpoints(double t, double[] y, double[] p)
    {
        for (int k = 0; k < _terms.Length; k++)
        {
            var d = _terms[k];
            if (!d.AffectsRates || !d.ConstantDelay) continue;
            double tau = _m.DelayTime(k, t, y, p);
            if (!(tau > 0) || !double.IsFinite(tau)) continue;
            for (int j = 1; j <= PropagatedOrders; j++) _breakpoints.Enqueue(j == 1, (t + j * tau, j == 1 ? 0 : 1));
        }
    }

    /// <summary>The next time after t that the solver must land on; hard when the rates jump there.</summary>
    public double NextBreakpoint(double t, out bool hard)
    {
        while (_breakpoints.TryPeek(out _, out var bt) && bt.Time <= t) _breakpoints.Dequeue();
        if (!_breakpoints.TryPeek(out hard, out var next)) { hard = false; return double.PositiveInfinity; }
        return next.Time;
    }

    /// <summary>The longest step from t for which every delayed value the rates read lies in the known past.</summary>
    public double StepLimit(double t, double[] y, double[] p)
    {
        double limit = double.PositiveInfinity;
        for (int k = 0; k < _terms.Length; k++)
        {
            if (!_terms[k].AffectsRates) continue;
            double tau = _m.DelayTime(k, t, y, p);
            if (tau > 0 && tau < limit) limit = tau;
        }
        return limit;
    }
}
