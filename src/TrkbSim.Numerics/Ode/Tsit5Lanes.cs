using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrkbSim.Numerics.Ode;

/// <summary>The right-hand sides of several runs at once, one per lane of <typeparamref name="TVector"/>: lane k of each vector is run k's value.</summary>
public interface ILaneSystem<TVector> where TVector : struct
{
    /// <summary>Number of state variables of each run.</summary>
    int Dimension { get; }

    /// <summary>Writes f(t, y) of every lane into <paramref name="dydt"/> (each lane with its own time and parameters).</summary>
    void Derivatives(TVector t, TVector[] y, TVector[] dydt);
}

/// <summary>Why a lane stopped before its run ended; the caller then runs it alone.</summary>
public enum LaneStop : byte
{
    /// <summary>Still running (or never started).</summary>
    None,
    /// <summary>The solver failed (too many steps, step too small, non-finite values) as the scalar solver would.</summary>
    Failed,
    /// <summary>The automatic method would switch to its stiff method here.</summary>
    Stiff,
}

/// <summary>
/// <see cref="Tsit5Solver"/> (and the explicit phase of <see cref="AutoSolver"/>) for several independent runs of the
/// same system at once, one per lane of a vector <typeparamref name="TVector"/> (four of 256 bits, <see cref="Lanes4"/>, or
/// eight of 512 bits, <see cref="Lanes8"/>). Each lane keeps its own time, step size, controller state, FSAL
/// derivative and work counters and takes exactly the steps the scalar solver would take for that run alone: the stages,
/// error estimate and dense output are the scalar solver's arithmetic lane by lane (same coefficients, same order of
/// sums, no fused multiply-adds), and the per-lane decisions (error norm, step-size control, stiffness estimate,
/// initial step) call the scalar code on the lane's values. So a run's result is bit-identical to a scalar run and does
/// not depend on which runs share its batch. Only the stage evaluations are shared: one vector right-hand side serves
/// every lane. A lane whose automatic method would switch to the stiff method stops with <see cref="LaneStop.Stiff"/>,
/// and one whose solver fails with <see cref="LaneStop.Failed"/>: the caller runs those alone with the scalar solver.
/// Integration is forwards in time only.
/// </summary>
public sealed class Tsit5Lanes<TVector, TLanes>
    where TVector : struct
    where TLanes : struct, ILaneVector<TVector>
{
    private readonly ILaneSystem<TVector> _system;
    private readonly int _n;
    private readonly bool _auto;
    private readonly TVector[] _y, _yPrev, _yNew, _stage, _stage6, _err;
    // Each lane's absolute tolerances by component and its relative tolerance; the error norms of the last attempt.
    private readonly TVector[] _atol;
    private TVector _rtol, _norms, _ratioNum, _ratioDen;
    private bool _ratiosValid;
    private readonly TVector[][] _k = new TVector[7][];
    private readonly Lane[] _lanes = new Lane[TLanes.Width];
    private readonly LaneView[] _views = new LaneView[TLanes.Width];
    // Scalar scratch for one lane's values.
    private readonly double[] _sA, _sB, _sC, _sD, _sE, _dense = new double[7];

    /// <param name="system">The shared right-hand side.</param>
    /// <param name="auto">Emulate <see cref="AutoSolver"/>'s explicit phase (stiffness votes) instead of plain Tsit5.</param>
    public Tsit5Lanes(ILaneSystem<TVector> system, bool auto)
    {
        ArgumentNullException.ThrowIfNull(system);
        _system = system;
        _auto = auto;
        int n = _n = system.Dimension;
        _y = new TVector[n]; _yPrev = new TVector[n]; _yNew = new TVector[n];
        _stage = new TVector[n]; _stage6 = new TVector[n]; _err = new TVector[n];
        _atol = new TVector[n];
        for (int j = 0; j < 7; j++) _k[j] = new TVector[n];
        _sA = new double[n]; _sB = new double[n]; _sC = new double[n]; _sD = new double[n]; _sE = new double[n];
        for (int i = 0; i < TLanes.Width; i++)
        {
            _lanes[i] = new Lane(n);
            _views[i] = new LaneView(this, i);
        }
    }

    /// <summary>The name of the scalar method each lane reproduces.</summary>
    public string Name => _auto ? "auto" : "tsit5";

    private sealed class Lane(int n)
    {
        public bool Active;
        public LaneStop Stop;
        public IOdeSystem? Scalar;
        public OdeOptions Options = new();
        public readonly double[] Atol = new double[n];
        public double Rtol;
        public readonly SolverStatistics Statistics = new();
        public double T, TPrev, TStop;
        public double H, HDone, LogErrOld = Tsit5Solver.LogErrFloor;
        public bool FsalValid, FsalPending, NeedInitialStep;
        // Within one Step call (between its first attempt and the accepted one).
        public bool InStep, Rejected, Last;
        public double HTry, TNew;
        public int NonFiniteInARow, Worst;
        // The last attempt was rejected on its error: its worst component is found (from _err, _y, _yNew, which hold
        // that attempt until the lane's next one) only if the step then fails, not on every rejection.
        public bool WorstFromLastAttempt;
        // The automatic method's explicit phase.
        public bool EstimateStiffness;
        public double EigenvalueEstimate = double.NaN;
        public int Votes, SinceCheck;
    }

    /// <summary>Whether lane <paramref name="lane"/> holds a run that has not stopped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsActive(int lane) => _lanes[lane].Active;

    /// <summary>Why lane <paramref name="lane"/> stopped early (None while it runs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public LaneStop StopReason(int lane) => _lanes[lane].Stop;

    /// <summary>Work counters of the lane's run, as the scalar solver would count them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SolverStatistics Statistics(int lane) => _lanes[lane].Statistics;

    /// <summary>The lane as a solver for the simulation layer: state, times, dense output and restarts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public OdeSolver View(int lane) => _views[lane];

    /// <summary>
    /// Starts a run in lane <paramref name="lane"/> (as Initialize): <paramref name="scalar"/> is that run's own system,
    /// used where the scalar solver evaluates the right-hand side at one point (first derivative, initial step size).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Start(int lane, IOdeSystem scalar, double t0, ReadOnlySpan<double> y0, OdeOptions options)
    {
        int n = SolverSupport.CheckStart(scalar, y0, options);
        if (n != _n) throw new ArgumentException($"the run has {n} states; the lanes were made for {_n}", nameof(scalar));
        var l = _lanes[lane];
        l.Scalar = scalar;
        l.Options = options;
        SolverSupport.FillAbsTol(options, l.Atol, n);
        l.Rtol = options.RelTol;
        LaneVectors.Set(_atol, lane, l.Atol.AsSpan(0, n));
        _rtol = TLanes.With(_rtol, lane, l.Rtol);
        l.Statistics.Reset();
        l.H = 0;
        l.Votes = 0;
        l.SinceCheck = 0;
        l.EigenvalueEstimate = double.NaN;
        l.Active = true;
        l.Stop = LaneStop.None;
        ResetAt(lane, t0, y0);
    }

    /// <summary>Marks the lane idle (its run ended); its last values stay in place so the shared evaluations stay finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Release(int lane)
    {
        var l = _lanes[lane];
        l.Active = false;
        l.InStep = false;
        l.HTry = 0;
    }

    /// <summary>Fills an idle lane with a copy of another lane's state so that shared evaluations stay finite there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CopyLane(int from, int to)
    {
        for (int i = 0; i < _n; i++)
        {
            At(_y, i, to) = At(_y, i, from);
            At(_yPrev, i, to) = At(_yPrev, i, from);
        }
        _lanes[to].T = _lanes[from].T;
    }

    /// <summary>The time the lane's next step must stop at (as the argument of Step).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SetTarget(int lane, double tStop) => _lanes[lane].TStop = tStop;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ResetAt(int lane, double t, ReadOnlySpan<double> y)
    {
        var l = _lanes[lane];
        for (int i = 0; i < _n; i++) At(_y, i, lane) = At(_yPrev, i, lane) = y[i];
        l.T = l.TPrev = t;
        l.HDone = 0;
        l.FsalValid = l.FsalPending = false;
        l.NeedInitialStep = true;
        l.LogErrOld = Tsit5Solver.LogErrFloor;
        l.InStep = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Restart(int lane, double t, ReadOnlySpan<double> y)
    {
        var l = _lanes[lane];
        if (y.Length != _n) throw new ArgumentException($"expected {_n} state values, got {y.Length}", nameof(y));
        l.Statistics.Restarts++;
        ResetAt(lane, t, y);
        l.Votes = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fail(int lane, LaneStop why)
    {
        var l = _lanes[lane];
        l.Stop = why;
        Release(lane);
    }

    /// <summary>
    /// One attempt in every active lane. Returns a bit mask of the lanes whose step was accepted (their Step call has
    /// returned: read them through <see cref="View"/> and set the next target); lanes that stopped early are inactive
    /// afterwards with their <see cref="StopReason"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Round()
    {
        CarryDerivatives();
        bool any = false;
        for (int lane = 0; lane < TLanes.Width; lane++)
        {
            if (!_lanes[lane].Active) continue;
            try
            {
                if (!_lanes[lane].InStep) BeginStep(lane);
                if (_lanes[lane].Active) BeginAttempt(lane);
            }
            catch (OdeSolverException) { Fail(lane, LaneStop.Failed); }
            catch (ArgumentException) { Fail(lane, LaneStop.Failed); }
            any |= _lanes[lane].Active;
        }
        if (!any) return 0;

        TakeStages();
        _norms = ErrorNorms();
        _ratiosValid = false;

        int accepted = 0;
        for (int lane = 0; lane < TLanes.Width; lane++)
        {
            if (!_lanes[lane].Active) continue;
            try
            {
                if (FinishAttempt(lane)) accepted |= 1 << lane;
            }
            catch (OdeSolverException) { Fail(lane, LaneStop.Failed); }
        }
        if (accepted != 0) Advance(accepted);
        return accepted;
    }

    // The accepted lanes move on: y becomes the previous state and the new state y.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Advance(int accepted)
    {
        var mask = TLanes.LaneMask(accepted);
        for (int i = 0; i < _n; i++)
        {
            _yPrev[i] = TLanes.Select(mask, _y[i], _yPrev[i]);
            _y[i] = TLanes.Select(mask, _yNew[i], _y[i]);
        }
    }

    /// <summary>
    /// <see cref="SolverSupport.ErrorNorm"/> of every lane at once, with its arithmetic per lane: component i adds its
    /// squared scaled error to partial sum i mod 4, in component order, and the sums are combined as ((s0 + s1) + (s2 + s3)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TVector ErrorNorms()
    {
        TVector s0 = default, s1 = default, s2 = default, s3 = default;
        var rtol = _rtol;
        int n = _n;
        for (int i = 0; i < n; i++)
        {
            var sc = TLanes.Add(_atol[i], TLanes.Multiply(rtol, TLanes.Max(TLanes.Abs(_y[i]), TLanes.Abs(_yNew[i]))));
            var r = TLanes.Divide(_err[i], sc);
            switch (i & 3)
            {
                case 0: s0 = TLanes.Add(s0, TLanes.Multiply(r, r)); break;
                case 1: s1 = TLanes.Add(s1, TLanes.Multiply(r, r)); break;
                case 2: s2 = TLanes.Add(s2, TLanes.Multiply(r, r)); break;
                default: s3 = TLanes.Add(s3, TLanes.Multiply(r, r)); break;
            }
        }
        return n == 0 ? default : TLanes.Sqrt(TLanes.Divide(TLanes.Add(TLanes.Add(s0, s1), TLanes.Add(s2, s3)), TLanes.Splat(n)));
    }

    // AutoSolver.Step's bookkeeping and Tsit5Solver.Step up to the first attempt.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BeginStep(int lane)
    {
        var l = _lanes[lane];
        var st = l.Statistics;
        if (_auto)
        {
            if (st.AcceptedSteps + st.RejectedSteps >= l.Options.MaxSteps) throw SolverSupport.TooManySteps("auto", l.T, l.Options.MaxSteps);
            bool check = l.Votes > 0 || ++l.SinceCheck >= AutoSolver.CheckEvery;
            if (check) l.SinceCheck = 0;
            l.EstimateStiffness = check;
        }
        SolverSupport.CheckStepArgument("tsit5", l.T, l.TStop);
        if (l.TStop < l.T) throw new ArgumentException("the lanes integrate forwards only", nameof(lane));
        int n = _n;
        var yS = _sA;
        if (!l.FsalValid || l.NeedInitialStep || l.H == 0)
            for (int i = 0; i < n; i++) yS[i] = At(_y, i, lane);
        if (!l.FsalValid)
        {
            var f = _sB;
            l.Scalar!.Derivatives(l.T, yS, f);
            st.FunctionEvaluations++;
            int bad = SolverSupport.FirstNonFinite(f.AsSpan(0, n));
            if (bad >= 0) throw SolverSupport.NonFinite("tsit5", l.T, bad);
            for (int i = 0; i < n; i++) At(_k[0], i, lane) = f[i];
            l.FsalValid = true;
        }

        double maxStep = Math.Abs(l.Options.MaxStep);
        if (l.NeedInitialStep || l.H == 0)
        {
            double h0;
            if (l.Options.InitialStep > 0 && st.AcceptedSteps == 0) h0 = l.Options.InitialStep;
            else
            {
                var f0 = _sB;
                for (int i = 0; i < n; i++) f0[i] = At(_k[0], i, lane);
                h0 = SolverSupport.InitialStep(l.Scalar!, l.T, yS, f0, 1.0, 5, l.Atol, l.Rtol, maxStep, _sC, _sD);
                st.FunctionEvaluations++;
                if (l.H > 0) h0 = Math.Min(h0, l.H);
            }
            l.H = h0;
            l.NeedInitialStep = false;
        }
        l.HTry = Math.Min(Math.Abs(l.H), maxStep);
        l.Rejected = false;
        l.NonFiniteInARow = 0;
        l.Worst = -1;
        l.WorstFromLastAttempt = false;
        l.InStep = true;
    }

    // First same as last: the lanes that start a step after an accepted one take f(y) of its last stage as their first.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CarryDerivatives()
    {
        int lanes = 0;
        for (int lane = 0; lane < TLanes.Width; lane++)
        {
            var l = _lanes[lane];
            if (!l.Active || l.InStep || !l.FsalPending) continue;
            lanes |= 1 << lane;
            l.FsalPending = false;
            l.FsalValid = true;
        }
        if (lanes == 0) return;
        var mask = TLanes.LaneMask(lanes);
        TVector[] k1 = _k[0], k7 = _k[6];
        for (int i = 0; i < _n; i++) k1[i] = TLanes.Select(mask, k7[i], k1[i]);
    }

    // The top of Tsit5Solver.Step's attempt loop: step limit, landing on tStop, smallest step.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BeginAttempt(int lane)
    {
        var l = _lanes[lane];
        var st = l.Statistics;
        if (st.AcceptedSteps + st.RejectedSteps >= l.Options.MaxSteps) throw SolverSupport.TooManySteps("tsit5", l.T, l.Options.MaxSteps);
        double t = l.T, h = l.HTry;
        l.Last = t + 1.01 * h - l.TStop >= 0;
        if (l.Last) h = l.TStop - t;
        if (Math.Abs(h) < SolverSupport.MinRelativeStep * Math.Abs(t) || Math.Abs(h) < 1e-300)
        {
            int worst = l.WorstFromLastAttempt ? WorstComponent(lane, _y, _yNew) : l.Worst;
            if (worst < 0 && st.AcceptedSteps > 0) worst = WorstComponent(lane, _yPrev, _y);
            throw SolverSupport.StepTooSmall("tsit5", t, h, worst);
        }
        l.HTry = h;
        l.TNew = l.Last ? l.TStop : t + h;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TakeStages()
    {
        TVector t = default, h = default, tNew = default;
        for (int lane = 0; lane < TLanes.Width; lane++)
        {
            var l = _lanes[lane];
            // Idle lanes step by zero from their last state: finite values, never read.
            double hl = l.Active ? l.HTry : 0, tl = l.T;
            t = TLanes.With(t, lane, tl);
            h = TLanes.With(h, lane, hl);
            tNew = TLanes.With(tNew, lane, l.Active ? l.TNew : tl);
        }
        var k = _k;
        var s = _stage;
        int n = _n;
        Combine(s, _y, h, Tsit5Solver.Row2, n);
        _system.Derivatives(TLanes.Add(t, TLanes.Multiply(TLanes.Splat(Tsit5Solver.C2), h)), s, k[1]);
        Combine(s, _y, h, Tsit5Solver.Row3, n);
        _system.Derivatives(TLanes.Add(t, TLanes.Multiply(TLanes.Splat(Tsit5Solver.C3), h)), s, k[2]);
        Combine(s, _y, h, Tsit5Solver.Row4, n);
        _system.Derivatives(TLanes.Add(t, TLanes.Multiply(TLanes.Splat(Tsit5Solver.C4), h)), s, k[3]);
        Combine(s, _y, h, Tsit5Solver.Row5, n);
        _system.Derivatives(TLanes.Add(t, TLanes.Multiply(TLanes.Splat(Tsit5Solver.C5), h)), s, k[4]);
        Combine(_stage6, _y, h, Tsit5Solver.Row6, n);
        _system.Derivatives(tNew, _stage6, k[5]);
        Combine(_yNew, _y, h, Tsit5Solver.Row7, n);
        _system.Derivatives(tNew, _yNew, k[6]);
        Combine(_err, null, h, Tsit5Solver.ErrorRow, n);
    }

    // StageKernels.Combine lane by lane: dst = y + h * (c0 k0 + c1 k1 + ...), summed in that order (no bounds checks in the
    // loop: every array here was allocated with n elements in the constructor).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Combine(TVector[] dst, TVector[]? y, TVector h, double[] c, int n)
    {
        var k = _k;
        int terms = c.Length;
        // Rows of one to six terms are stages (with y); the seven-term row is the error estimate (without).
        if (terms is < 1 or > 7 || dst.Length != n || (y is not null && y.Length != n) || (terms < 7 && y is null))
            throw new ArgumentException("Stage combination sizes do not match.");
        ref var k0 = ref MemoryMarshal.GetArrayDataReference(k[0]);
        ref var k1 = ref MemoryMarshal.GetArrayDataReference(k[1]);
        ref var k2 = ref MemoryMarshal.GetArrayDataReference(k[2]);
        ref var k3 = ref MemoryMarshal.GetArrayDataReference(k[3]);
        ref var k4 = ref MemoryMarshal.GetArrayDataReference(k[4]);
        ref var k5 = ref MemoryMarshal.GetArrayDataReference(k[5]);
        ref var k6 = ref MemoryMarshal.GetArrayDataReference(k[6]);
        ref var d = ref MemoryMarshal.GetArrayDataReference(dst);
        ref var y0 = ref y is null ? ref d : ref MemoryMarshal.GetArrayDataReference(y);
        bool withY = y is not null;
        var c0 = TLanes.Splat(c[0]);
        var c1 = TLanes.Splat(terms > 1 ? c[1] : 0);
        var c2 = TLanes.Splat(terms > 2 ? c[2] : 0);
        var c3 = TLanes.Splat(terms > 3 ? c[3] : 0);
        var c4 = TLanes.Splat(terms > 4 ? c[4] : 0);
        var c5 = TLanes.Splat(terms > 5 ? c[5] : 0);
        var c6 = TLanes.Splat(terms > 6 ? c[6] : 0);
        // Each sum in the written order, ((c0 k0 + c1 k1) + c2 k2) + ..., then y + h * sum, as the scalar kernel.
        switch (terms)
        {
            case 1:
                for (int i = 0; i < n; i++)
                    Unsafe.Add(ref d, i) = TLanes.Add(Unsafe.Add(ref y0, i), TLanes.Multiply(h, TLanes.Multiply(c0, Unsafe.Add(ref k0, i))));
                break;
            case 2:
                for (int i = 0; i < n; i++)
                    Unsafe.Add(ref d, i) = TLanes.Add(Unsafe.Add(ref y0, i), TLanes.Multiply(h, TLanes.Add(TLanes.Multiply(c0, Unsafe.Add(ref k0, i)), TLanes.Multiply(c1, Unsafe.Add(ref k1, i)))));
                break;
            case 3:
                for (int i = 0; i < n; i++)
                    Unsafe.Add(ref d, i) = TLanes.Add(Unsafe.Add(ref y0, i), TLanes.Multiply(h, TLanes.Add(TLanes.Add(TLanes.Multiply(c0, Unsafe.Add(ref k0, i)), TLanes.Multiply(c1, Unsafe.Add(ref k1, i))), TLanes.Multiply(c2, Unsafe.Add(ref k2, i)))));
                break;
            case 4:
                for (int i = 0; i < n; i++)
                    Unsafe.Add(ref d, i) = TLanes.Add(Unsafe.Add(ref y0, i), TLanes.Multiply(h, TLanes.Add(TLanes.Add(TLanes.Add(TLanes.Multiply(c0, Unsafe.Add(ref k0, i)), TLanes.Multiply(c1, Unsafe.Add(ref k1, i))), TLanes.Multiply(c2, Unsafe.Add(ref k2, i))), TLanes.Multiply(c3, Unsafe.Add(ref k3, i)))));
                break;
            case 5:
                for (int i = 0; i < n; i++)
                    Unsafe.Add(ref d, i) = TLanes.Add(Unsafe.Add(ref y0, i), TLanes.Multiply(h, TLanes.Add(TLanes.Add(TLanes.Add(TLanes.Add(TLanes.Multiply(c0, Unsafe.Add(ref k0, i)), TLanes.Multiply(c1, Unsafe.Add(ref k1, i))), TLanes.Multiply(c2, Unsafe.Add(ref k2, i))), TLanes.Multiply(c3, Unsafe.Add(ref k3, i))), TLanes.Multiply(c4, Unsafe.Add(ref k4, i)))));
                break;
            case 6:
                for (int i = 0; i < n; i++)
                    Unsafe.Add(ref d, i) = TLanes.Add(Unsafe.Add(ref y0, i), TLanes.Multiply(h, TLanes.Add(TLanes.Add(TLanes.Add(TLanes.Add(TLanes.Add(TLanes.Multiply(c0, Unsafe.Add(ref k0, i)), TLanes.Multiply(c1, Unsafe.Add(ref k1, i))), TLanes.Multiply(c2, Unsafe.Add(ref k2, i))), TLanes.Multiply(c3, Unsafe.Add(ref k3, i))), TLanes.Multiply(c4, Unsafe.Add(ref k4, i))), TLanes.Multiply(c5, Unsafe.Add(ref k5, i)))));
                break;
            default:
                for (int i = 0; i < n; i++)
                {
                    var acc = TLanes.Add(TLanes.Add(TLanes.Add(TLanes.Add(TLanes.Add(TLanes.Add(TLanes.Multiply(c0, Unsafe.Add(ref k0, i)), TLanes.Multiply(c1, Unsafe.Add(ref k1, i))), TLanes.Multiply(c2, Unsafe.Add(ref k2, i))), TLanes.Multiply(c3, Unsafe.Add(ref k3, i))), TLanes.Multiply(c4, Unsafe.Add(ref k4, i))), TLanes.Multiply(c5, Unsafe.Add(ref k5, i))), TLanes.Multiply(c6, Unsafe.Add(ref k6, i)));
                    Unsafe.Add(ref d, i) = withY ? TLanes.Add(Unsafe.Add(ref y0, i), TLanes.Multiply(h, acc)) : TLanes.Multiply(h, acc);
                }
                break;
        }
    }

    // The rest of Tsit5Solver.Step's attempt: error norm, accept (true) or reject.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool FinishAttempt(int lane)
    {
        var l = _lanes[lane];
        var st = l.Statistics;
        int n = _n;
        st.FunctionEvaluations += 6;
        double h = l.HTry;
        double err = TLanes.Get(_norms, lane);
        if (!double.IsFinite(err))
        {
            l.Worst = FirstNonFiniteStage(lane);
            l.WorstFromLastAttempt = false;
            st.RejectedSteps++;
            l.Rejected = true;
            if (++l.NonFiniteInARow >= 30) throw SolverSupport.NonFinite("tsit5", l.TNew, l.Worst);
            l.HTry = h * 0.25;
            return false;
        }

        l.NonFiniteInARow = 0;
        if (err <= 1.0)
        {
            double logErr = Math.Log(err);
            double fac = Math.Exp(Tsit5Solver.Alpha * logErr - Tsit5Solver.Beta * l.LogErrOld) / Tsit5Solver.Safety;
            fac = Math.Clamp(fac, 1.0 / Tsit5Solver.MaxFactor, 1.0 / Tsit5Solver.MinFactor);
            double hNew = h / fac;
            if (l.Rejected) hNew = Math.Min(Math.Abs(hNew), Math.Abs(h));
            l.LogErrOld = err > 1e-4 ? logErr : Tsit5Solver.LogErrFloor;
            l.EigenvalueEstimate = l.EstimateStiffness ? EigenvalueRatio(lane) : double.NaN;
            // The states move on for all accepted lanes together (Advance).
            l.TPrev = l.T;
            l.T = l.TNew;
            l.HDone = h;
            l.H = l.Last && Math.Abs(h) < Math.Abs(l.H) && !l.Rejected ? Math.Max(Math.Abs(hNew), Math.Abs(l.H)) : hNew;
            l.FsalValid = false;
            l.FsalPending = true;
            st.AcceptedSteps++;
            l.InStep = false;
            if (_auto) Vote(lane);
            return l.Active;
        }

        l.Worst = -1;
        l.WorstFromLastAttempt = true;
        st.RejectedSteps++;
        l.Rejected = true;
        h /= Math.Min(1.0 / Tsit5Solver.MinFactor, Math.Pow(err, Tsit5Solver.Alpha) / Tsit5Solver.Safety);
        l.HTry = h;
        l.H = h;
        return false;
    }

    // AutoSolver.Vote in its explicit phase: a switch to the stiff method ends the lane (the caller reruns it alone).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Vote(int lane)
    {
        var l = _lanes[lane];
        if (!l.EstimateStiffness) return;
        double ratio = l.EigenvalueEstimate * Math.Abs(l.HDone) / Tsit5Solver.StabilityBoundary;
        l.Votes = ratio > AutoSolver.StiffnessThreshold ? Math.Max(l.Votes, 0) + 1 : 0;
        if (l.Votes > AutoSolver.StiffStepsToSwitch) Fail(lane, LaneStop.Stiff);
    }

    /// <summary>
    /// <see cref="SolverSupport.EigenvalueRatio"/> of the last attempt (f(y7) - f(y6) over y7 - y6) for the lane, with its
    /// arithmetic: weights 1 / (atol + rtol |y7|), partial sums by component mod 4, combined as ((0 + 1) + (2 + 3)). All
    /// lanes are computed together, once per round that asks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double EigenvalueRatio(int lane)
    {
        if (!_ratiosValid)
        {
            TVector n0 = default, n1 = default, n2 = default, n3 = default, d0 = default, d1 = default, d2 = default, d3 = default;
            var rtol = _rtol;
            TVector[] f1 = _k[6], f0 = _k[5], y1 = _yNew, y0 = _stage6;
            for (int i = 0; i < _n; i++)
            {
                var w = TLanes.Divide(TLanes.Splat(1.0), TLanes.Add(_atol[i], TLanes.Multiply(rtol, TLanes.Abs(y1[i]))));
                var df = TLanes.Multiply(TLanes.Subtract(f1[i], f0[i]), w);
                var dy = TLanes.Multiply(TLanes.Subtract(y1[i], y0[i]), w);
                switch (i & 3)
                {
                    case 0: n0 = TLanes.Add(n0, TLanes.Multiply(df, df)); d0 = TLanes.Add(d0, TLanes.Multiply(dy, dy)); break;
                    case 1: n1 = TLanes.Add(n1, TLanes.Multiply(df, df)); d1 = TLanes.Add(d1, TLanes.Multiply(dy, dy)); break;
                    case 2: n2 = TLanes.Add(n2, TLanes.Multiply(df, df)); d2 = TLanes.Add(d2, TLanes.Multiply(dy, dy)); break;
                    default: n3 = TLanes.Add(n3, TLanes.Multiply(df, df)); d3 = TLanes.Add(d3, TLanes.Multiply(dy, dy)); break;
                }
            }
            _ratioNum = TLanes.Add(TLanes.Add(n0, n1), TLanes.Add(n2, n3));
            _ratioDen = TLanes.Add(TLanes.Add(d0, d1), TLanes.Add(d2, d3));
            _ratiosValid = true;
        }
        double nsum = TLanes.Get(_ratioNum, lane), dsum = TLanes.Get(_ratioDen, lane);
        return dsum > 0 ? Math.Sqrt(nsum / dsum) : 0;
    }

    private int FirstNonFiniteStage(int lane)
    {
        int n = _n;
        Lanes(_yNew, lane, _sD);
        int i = SolverSupport.FirstNonFinite(_sD.AsSpan(0, n));
        if (i < 0)
        {
            Lanes(_k[6], lane, _sD);
            i = SolverSupport.FirstNonFinite(_sD.AsSpan(0, n));
        }
        if (i < 0)
        {
            Lanes(_err, lane, _sD);
            i = SolverSupport.FirstNonFinite(_sD.AsSpan(0, n));
        }
        return i;
    }

    // SolverSupport.WorstComponent of the lane's error estimate between two of its states.
    private int WorstComponent(int lane, TVector[] from, TVector[] to)
    {
        int n = _n;
        Lanes(_err, lane, _sA);
        Lanes(from, lane, _sB);
        Lanes(to, lane, _sC);
        return SolverSupport.WorstComponent(_sA.AsSpan(0, n), _sB.AsSpan(0, n), _sC.AsSpan(0, n), _lanes[lane].Atol, _lanes[lane].Rtol);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Interpolate(int lane, double t, Span<double> y)
    {
        var l = _lanes[lane];
        int n = _n;
        if (l.HDone == 0 || t == l.T)
        {
            Lanes(_y, lane, y);
            return;
        }
        var b = _dense;
        Tsit5Solver.DenseWeights((t - l.TPrev) / l.HDone, b);
        double hDone = l.HDone;
        var k = _k;
        for (int i = 0; i < n; i++)
        {
            double acc = b[0] * At(k[0], i, lane);
            for (int j = 1; j < 7; j++) acc += b[j] * At(k[j], i, lane);
            y[i] = At(_yPrev, i, lane) + hDone * acc;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Lanes(TVector[] v, int lane, Span<double> target) => LaneVectors.Get(v, lane, target[.._n]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref double At(TVector[] v, int i, int lane) => ref LaneVectors.At(v, i, lane);

    /// <summary>One lane seen as a solver by the simulation layer.</summary>
    private sealed class LaneView(Tsit5Lanes<TVector, TLanes> owner, int lane) : OdeSolver
    {
        private readonly double[] _state = new double[owner._n];

        public override string Name => owner.Name;

        public override ReadOnlySpan<double> State
        {
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            get
            {
                owner.Lanes(owner._y, lane, _state);
                return _state;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal void Sync()
        {
            Time = owner._lanes[lane].T;
            PreviousTime = owner._lanes[lane].TPrev;
        }

        public override void Initialize(IOdeSystem system, double t0, ReadOnlySpan<double> y0, OdeOptions options) =>
            throw new NotSupportedException("a lane is started through Tsit5Lanes.Start");

        public override void Step(double tStop) => throw new NotSupportedException("lanes step together through Tsit5Lanes.Round");

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Interpolate(double t, Span<double> y) => owner.Interpolate(lane, t, y);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Restart(double t, ReadOnlySpan<double> y)
        {
            owner.Restart(lane, t, y);
            Sync();
        }
    }

    /// <summary>Brings the lane's view up to date (times) after a round; call before handing the view out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SyncView(int lane) => _views[lane].Sync();
}
