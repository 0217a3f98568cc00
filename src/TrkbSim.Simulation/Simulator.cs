using TrkbSim.Modeling;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation.Compilation;

namespace TrkbSim.Simulation;

/// <summary>
/// Runs time courses of one compiled model with SBML event semantics. Holds its own arrays, reused across
/// runs; not thread-safe (create one per thread from the shared <see cref="CompiledModel"/>).
/// </summary>
public sealed class Simulator
{
    private const int MaxCascade = 100_000;

    private readonly CompiledModel _m;
    private readonly double[] _y, _yB, _yW, _p, _decl;
    private readonly int[] _mode;
    private readonly bool[] _overridden, _overrideIsConc, _trig, _trigW, _prevTrig;
    private readonly double[] _schedTime, _vals, _gPrev, _gW;
    /// <summary>
    /// The scheduled events with a time (not NaN), by (time, index): NextBreakpoint finds the next one by bisection
    /// instead of a pass over every event (a regimen's doses are one event each).
    /// </summary>
    private readonly int[] _schedOrder;
    private int _schedCount;
    private readonly List<Pending> _pending = [];
    private readonly Stack<double[]> _valuePool = new();
    private readonly ModelOdeSystem _system;
    private readonly Dictionary<string, OdeSolver> _solvers = new(StringComparer.OrdinalIgnoreCase);
    private readonly StatelessSolver _stateless = new();
    /// <summary>The solution's past, for models with delay(); null otherwise.</summary>
    private readonly DelayHistory? _history;
    private readonly FastEquilibrium? _fast;
    private long _sequence;
    /// <summary>Every event trigger depends on time only (scheduled): triggers can change only at breakpoints.</summary>
    private readonly bool _onlyScheduled;
    /// <summary>NextBreakpoint(t) is _bpNext for every t in [_bpFrom, _bpNext) until events or pending executions change.</summary>
    private double _bpFrom = double.PositiveInfinity, _bpNext;
    /// <summary>Breaks ties between equal explicit priorities; made on first use in a run (the stream starts afresh each run).</summary>
    private Random? _random;
    private const int RandomSeed = 20240601;
    private bool _initialised;
    private double _time;
    /// <summary>
    /// Set when a quiet step (no event, no output row, no delays) left the run's current state in the solver instead of
    /// copying it into _y; <see cref="SyncState"/> copies it before anything reads _y.
    /// </summary>
    private OdeSolver? _stateInSolver;

    private readonly record struct Pending(double Time, int Event, double[]? Values, long Sequence);

    internal Simulator(CompiledModel model)
    {
        _m = model;
        int n = model.StateCount, m = model.OrderedSymbols.Count, ne = model.Events.Length;
        _y = new double[n]; _yB = new double[n]; _yW = new double[n];
        _p = new double[model.ParameterCount];
        _decl = new double[m]; _mode = new int[m];
        _overridden = new bool[m]; _overrideIsConc = new bool[m];
        _trig = new bool[ne]; _trigW = new bool[ne]; _prevTrig = new bool[ne];
        _schedTime = new double[ne];
        _schedOrder = new int[model.Events.Count(e => e.Scheduled)];
        _vals = new double[model.MaxEventTargets];
        _gPrev = new double[model.RootCount]; _gW = new double[model.RootCount];
        _onlyScheduled = model.RootCount == 0 && model.Events.All(e => e.Scheduled);
        _history = model.DelayTerms.Length > 0 ? new DelayHistory(model, _decl, _mode) : null;
        _fast = model.Fast is { } f ? new FastEquilibrium(model, f) : null;
        _system = new ModelOdeSystem(model, _p, _history, _fast);
        Reset();
    }

    public CompiledModel Model => _m;

    /// <summary>The model as an ODE system bound to this simulator's current parameters (for solvers and diagnostics).</summary>
    public IOdeSystem OdeSystem { get { EnsureInitialised(); return _system; } }

    /// <summary>Time of the current state (the start after Set/Reset, the end after Run).</summary>
    public double Time { get { EnsureInitialised(); return _time; } }

    /// <summary>A copy of the current state vector (species amounts, rate-rule variables).</summary>
    public double[] GetState() { EnsureInitialised(); return (double[])_y.Clone(); }

    /// <summary>Sets a constant's value, a compartment size, or a species' initial value (concentration unless hasOnlySubstanceUnits).</summary>
    public void Set(string id, double value)
    {
        if (!_m.Symbols.TryGetValue(id, out var s)) throw new ModelException($"unknown id '{id}'");
        if (s.Storage == Storage.Computed)
            throw new ModelException($"'{id}' is defined by {(s.Kind == SymbolKind.Reaction ? "its kinetic law" : "an assignment rule")} and cannot be set");
        _decl[s.Ordinal] = value;
        _overridden[s.Ordinal] = true;
        _overrideIsConc[s.Ordinal] = s.IsSpecies && !s.HasOnlySubstanceUnits;
        _initialised = false;
    }

    /// <summary>The current value of a symbol: an id in its math meaning, amount(S) or concentration(S).</summary>
    public double Get(string id)
    {
        var a = _m.Accessor(id);
        EnsureInitialised();
        Compute(_time, _y);
        return a.Read(_y, _p);
    }

    /// <summary>
    /// Values of output variables (ids in their math meaning, amount(S), concentration(S)) at a given state vector and
    /// the current time, e.g. at a steady state found from this simulator's initial state.
    /// </summary>
    public double[] ValuesAt(double[] state, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(variables);
        var accessors = variables.Select(_m.Accessor).ToArray();
        EnsureInitialised();
        if (state.Length != _y.Length) throw new ArgumentException($"expected {_y.Length} state values, got {state.Length}", nameof(state));
        var y = (double[])state.Clone();
        Compute(_time, y);
        return [.. accessors.Select(a => a.Read(y, _p))];
    }

    /// <summary>Back to the compiled defaults (undoes every Set).</summary>
    public void Reset()
    {
        foreach (var s in _m.OrderedSymbols)
        {
            _decl[s.Ordinal] = s.Declared;
            _overridden[s.Ordinal] = false;
        }
        _initialised = false;
    }

    private void EnsureInitialised()
    {
        if (_initialised) { SyncState(); return; }
        Initialise(0);
        ProcessEvents(0);
    }

    private void Initialise(double t0)
    {
        foreach (var s in _m.OrderedSymbols)
        {
            int o = s.Ordinal;
            _mode[o] = _overridden[o] ? (_overrideIsConc[o] ? 1 : 0)
                : s.InitialAssignment is not null ? 2
                : s.IsSpecies && s.DeclaredIsConcentration ? 1 : 0;
        }
        _stateInSolver = null;
        Array.Clear(_p);
        Array.Clear(_y);
        _m.Init(t0, _y, _p, _decl, _mode);
        if (_history is not null)
        {
            // Initial values may read delayed values, which are the initial values themselves at earlier times
            // (or at t0 for a zero delay): fill the delay slots from the first pass, then initialise again.
            _history.Begin(t0);
            _history.Fill(t0, _y, _p);
            _m.Init(t0, _y, _p, _decl, _mode);
        }
        ProjectFast(t0);
        ComputeAll(t0, _y);
        foreach (var e in _m.Events) _prevTrig[e.Index] = e.InitialValue;
        foreach (var p in _pending) if (p.Values is not null) _valuePool.Push(p.Values);
        _pending.Clear();
        _bpFrom = double.PositiveInfinity;
        _random = null;
        UpdateScheduledTimes(t0);
        _time = t0;
        _initialised = true;
    }

    /// <summary>Replaces the initialised state by <paramref name="state"/> (<see cref="SimulationSettings.InitialState"/>).</summary>
    private void UseState(double t, IReadOnlyList<double> state)
    {
        if (state.Count != _y.Length)
            throw new ArgumentException($"the initial state has {state.Count} values; the model has {_y.Length} states ({string.Join(", ", _m.StateIds)})", nameof(state));
        for (int i = 0; i < _y.Length; i++)
        {
            if (!double.IsFinite(state[i]))
                throw new ArgumentException($"the initial state of '{_m.StateIds[i]}' is {state[i]}; it must be a finite number", nameof(state));
            _y[i] = state[i];
        }
        ComputeAll(t, _y);
    }

    public SimulationResult Run(SimulationSettings settings)
    {
        var options = BeginRun(settings);
        var solver = _m.StateCount == 0 ? _stateless : GetSolver(settings.Solver);
        solver.Initialize(_system, _time, _y, options);
        BeginStepping();
        while (!RunFinished)
        {
            solver.Step(NextStop());
            AfterStep(solver);
        }
        return EndRun(solver.Statistics);
    }

    // ---------------------------------------------------------------- one run, step by step
    // Run is BeginRun, the solver's Initialize, BeginStepping, then NextStop / the solver's Step / AfterStep until
    // RunFinished, then EndRun. The phases are separate so that a batch of runs can share one solver that steps several
    // of them at once (LaneBatch): each run's outputs, events and restarts stay this simulator's own.

    /// <summary>The state of the run in progress (between BeginRun and EndRun).</summary>
    private sealed class RunProgress(SimulationSettings settings, OutputRecorder outputs, double end)
    {
        public SimulationSettings Settings { get; } = settings;
        public OutputRecorder Outputs { get; } = outputs;
        public double End { get; } = end;
        public int PercentReported { get; set; } = -1;
        public double Breakpoint { get; set; }
        public double StepStop { get; set; }
        public bool HardStop { get; set; }
    }

    private RunProgress? _run;

    private RunProgress Progress => _run ?? throw new InvalidOperationException("no run in progress: call BeginRun first");

    /// <summary>The ODE system a run integrates (bound to this simulator's parameters).</summary>
    internal IOdeSystem RunSystem => _system;

    /// <summary>The current state of the run (the solver starts from it).</summary>
    internal ReadOnlySpan<double> CurrentState { get { SyncState(); return _y; } }

    /// <summary>
    /// How many event assignments have written a stored parameter (not a state) so far: while it stays the same, the
    /// stored parameters and the rules on them alone are unchanged (a batch's shared right-hand side keeps its copy).
    /// </summary>
    internal long ParameterAssignments { get; private set; }

    /// <summary>The current parameter and work values (read by a batch's shared right-hand side).</summary>
    internal ReadOnlySpan<double> CurrentParameters => _p;

    /// <summary>Time of the run in progress.</summary>
    internal double CurrentTime => _time;

    /// <summary>
    /// Starts a run: output times, initial values, events at the start, the first output rows. Returns the solver
    /// options; the state to start from is <see cref="CurrentState"/> at <see cref="CurrentTime"/>.
    /// </summary>
    internal OdeOptions BeginRun(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (times, tEnd) = OutputTimes(settings);
        var columns = settings.Variables ?? _m.DefaultVariables();
        var outputs = new OutputRecorder(this, times, Accessors(columns), columns);

        double t = settings.Start;
        _run = null;
        Initialise(t);
        if (settings.InitialState is { } start) UseState(t, start);
        ProcessEvents(t);
        _history?.Start(t, _y, _p);
        outputs.RecordThrough(t, _y);
        _time = t;
        var options = new OdeOptions
        {
            RelTol = settings.RelTol, AbsTol = settings.AbsTol, AbsTolVector = AbsTolVector(settings), MaxSteps = settings.MaxSteps,
            LinearSolver = settings.LinearSolver,
        };
        _run = new RunProgress(settings, outputs, tEnd);
        return options;
    }

    /// <summary>After the solver's Initialize: the root functions' values at the start.</summary>
    internal void BeginStepping() => EvaluateRoots(_time, _y, _gPrev);

    /// <summary>Whether the run has reached its end time.</summary>
    internal bool RunFinished => _time >= Progress.End;

    /// <summary>Where the solver's next step must stop (the end, the next breakpoint, ...); honours cancellation and reports progress.</summary>
    internal double NextStop()
    {
        var run = Progress;
        var settings = run.Settings;
        double t = _time;
        if (settings.Cancellation.IsCancellationRequested)
            throw new OperationCanceledException($"the simulation was stopped at t = {t:G6} of {run.End:G6}", settings.Cancellation);
        if (settings.Progress is { } progress && (int)(100 * (t - settings.Start) / (run.End - settings.Start)) is var percent && percent > run.PercentReported)
        {
            run.PercentReported = percent;
            progress.Report(percent / 100.0);
        }
        run.Breakpoint = NextBreakpoint(t);
        var (tStop, hardStop) = StepTarget(t, run.End, run.Breakpoint, run.Outputs);
        run.StepStop = tStop;
        run.HardStop = hardStop;
        return tStop;
    }

    /// <summary>After the solver's step towards <see cref="NextStop"/>: outputs within the step, events, restarts.</summary>
    internal void AfterStep(OdeSolver solver)
    {
        var run = Progress;
        var outputs = run.Outputs;
        double breakpoint = run.Breakpoint, tStop = run.StepStop;
        bool hardStop = run.HardStop;
        bool hasEvents = _m.Events.Length > 0;
        double t = _time;
        if (_history is not null)
        {
            _history.LeftLimitAt = double.NaN;
            _history.Record(solver);
        }
        double tLo = solver.PreviousTime, tB = solver.Time;
        // Scheduled triggers and pending executions change only at breakpoints, where the solver stops exactly.
        bool quiet = _onlyScheduled && tB < breakpoint;
        if (quiet && _history is null && !outputs.HasRowBy(tB))
        {
            // Nothing can happen inside this step (triggers change only at breakpoints, no output row falls in it):
            // the state stays in the solver until something needs it.
            _stateInSolver = solver;
            _time = tB;
            return;
        }
        _stateInSolver = null;
        // Search (tLo, tB] for trigger changes; after one that executes nothing, search the rest of the step.
        while (true)
        {
            solver.State.CopyTo(_yB);
            var (continuousChange, scheduledChange) = hasEvents && !quiet ? TriggerChanges(tB) : (false, false);

            double tEvent;
            if (continuousChange) tEvent = LocateChange(solver, tLo, tB);
            else if (scheduledChange || (!quiet && PendingDue(tB))) tEvent = tB;
            else
            {
                outputs.RecordStep(solver, tB, _yB, _yW);
                Array.Copy(_yB, _y, _y.Length);
                Array.Copy(_gW, _gPrev, _gPrev.Length);
                t = tB;
                break;
            }

            // Outputs strictly before the event show the pre-event state; at the event time, the post-event state.
            outputs.RecordBefore(solver, tEvent, _yW);
            Array.Copy(_yB, _y, _y.Length);
            t = tEvent;
            _time = t;
            bool executed = ProcessEvents(t);
            EvaluateRoots(t, _y, _gPrev);
            if (executed) { Restart(solver, t); break; }
            if (tEvent >= tB) break;
            // A delayed execution scheduled inside the rest of this step: go back to stop exactly there.
            if (NextBreakpoint(t) < tB) { Restart(solver, t); break; }
            // Resume the search a little past the crossing, beyond the rounding noise of the interpolant, so that
            // a trigger cannot flicker (true, false, true) around its threshold and fire twice.
            double settle = System.Math.Max(1e-12 * (tB - solver.PreviousTime), 16 * (System.Math.BitIncrement(System.Math.Abs(t)) - System.Math.Abs(t)));
            tLo = System.Math.Min(tB, t + settle);
            if (tLo < tB)
            {
                outputs.RecordBefore(solver, tLo, _yW);
                solver.Interpolate(tLo, _y);
                t = _time = tLo;
                bool settledExecuted = ProcessEvents(t);
                EvaluateRoots(t, _y, _gPrev);
                if (settledExecuted || NextBreakpoint(t) < tB) { Restart(solver, t); break; }
            }
        }
        // Landed on a jump of the rates without an event restart: drop the derivative the solver carries over.
        if (hardStop && t == tStop && solver.PreviousTime != solver.Time) Restart(solver, t);
        _time = t;
    }

    /// <summary>Ends the run: the output rows left, the rules at the final state, the result with the solver's work counters.</summary>
    internal SimulationResult EndRun(SolverStatistics statistics)
    {
        SyncState();
        var run = Progress;
        double t = _time;
        run.Outputs.RecordRest(t, _y);
        Compute(t, _y);
        _run = null;
        var stats = new SolverStatistics
        {
            AcceptedSteps = statistics.AcceptedSteps, RejectedSteps = statistics.RejectedSteps, FunctionEvaluations = statistics.FunctionEvaluations,
            JacobianEvaluations = statistics.JacobianEvaluations, LuDecompositions = statistics.LuDecompositions, Restarts = statistics.Restarts,
        };
        return new SimulationResult(run.Outputs.Columns, run.Outputs.Times, run.Outputs.Values, stats);
    }

    /// <summary>
    /// Where the next solver step should stop: the end, the next breakpoint, the next output time of a model without
    /// states (nothing else bounds its step), and for models with delays the next carried jump and the known past.
    /// </summary>
    private (double TStop, bool HardStop) StepTarget(double t, double tEnd, double breakpoint, OutputRecorder outputs)
    {
        double tStop = System.Math.Min(tEnd, breakpoint);
        if (_m.StateCount == 0 && outputs.NextTime is { } nextOutput && nextOutput > t) tStop = System.Math.Min(tStop, nextOutput);
        bool hardStop = false;
        if (_history is { AffectsRates: true })
        {
            // Step to where a delay carries a jump forward, and never so far that t - tau lies beyond the known past.
            double bp = _history.NextBreakpoint(t, out bool hard);
            if (bp <= tStop) { tStop = bp; hardStop = hard; }
            double limit = t + _history.StepLimit(t, _y, _p);
            if (limit < tStop) { tStop = limit; hardStop = false; }
            // The step that lands on a jump sees the values from before it; the next one starts afresh.
            _history.LeftLimitAt = hardStop ? tStop : double.NaN;
        }
        return (tStop, hardStop);
    }

    /// <summary>Whether a continuous trigger (or root function) or a scheduled trigger changed by the end of the step (state in _yB).</summary>
    private (bool Continuous, bool Scheduled) TriggerChanges(double tB)
    {
        Compute(tB, _yB);
        _m.Triggers(tB, _yB, _p, _trig);
        if (_gW.Length > 0) _m.RootFunctions(tB, _yB, _p, _gW);
        bool continuous = RootSignChanged(_gW), scheduled = false;
        for (int k = NextChange(_trig, _prevTrig, 0); k < _trig.Length; k = NextChange(_trig, _prevTrig, k + 1))
        {
            if (_m.Events[k].Scheduled) scheduled = true; else continuous = true;
        }
        return (continuous, scheduled);
    }

    /// <summary>The output table of a run: fills the rows in time order as the solution passes the output times.</summary>
    private sealed class OutputRecorder(Simulator sim, double[] times, ValueAccessor[] accessors, IReadOnlyList<string> columns)
    {
        int _next;

        public double[] Times => times;
        public IReadOnlyList<string> Columns => columns;

        public double[][] Values { get; } = NewColumns(accessors.Length, times.Length);

        static double[][] NewColumns(int count, int rows)
        {
            var columns = new double[count][];
            for (int c = 0; c < count; c++) columns[c] = new double[rows];
            return columns;
        }

        /// <summary>Whether an output row is due at or before <paramref name="t"/>.</summary>
        public bool HasRowBy(double t) => _next < times.Length && times[_next] <= t;

        /// <summary>The next output time not yet recorded, or null when all are.</summary>
        public double? NextTime => _next < times.Length ? times[_next] : null;

        void Record(double t, double[] y)
        {
            sim.Compute(t, y);
            for (int c = 0; c < accessors.Length; c++) Values[c][_next] = accessors[c].Read(y, sim._p);
            _next++;
        }

        /// <summary>Rows at or before <paramref name="t"/> take the state <paramref name="y"/> (the start of the run).</summary>
        public void RecordThrough(double t, double[] y)
        {
            while (_next < times.Length && times[_next] <= t) Record(t, y);
        }

        /// <summary>Rows within an accepted step ending at <paramref name="tB"/>: the step's end state there, the interpolant before.</summary>
        public void RecordStep(OdeSolver solver, double tB, double[] yB, double[] work)
        {
            while (_next < times.Length && times[_next] <= tB)
            {
                double tt = times[_next];
                if (tt == tB) Record(tt, yB);
                else { solver.Interpolate(tt, work); Record(tt, work); }
            }
        }

        /// <summary>Rows strictly before <paramref name="t"/>, from the interpolant (the state before an event).</summary>
        public void RecordBefore(OdeSolver solver, double t, double[] work)
        {
            while (_next < times.Length && times[_next] < t)
            {
                solver.Interpolate(times[_next], work);
                Record(times[_next], work);
            }
        }

        /// <summary>Every row left, at the final state.</summary>
        public void RecordRest(double t, double[] y)
        {
            while (_next < times.Length) Record(t, y);
        }
    }

    /// <summary>
    /// The accessors of the output columns; the last run's when the names are the same (a batch of runs asks for the
    /// same columns each time, and resolving a name looks it up by text).
    /// </summary>
    private ValueAccessor[] Accessors(IReadOnlyList<string> columns)
    {
        if (_lastColumns is { } last && last.Length == columns.Count)
        {
            bool same = true;
            for (int i = 0; i < last.Length && same; i++) same = string.Equals(last[i], columns[i], StringComparison.Ordinal);
            if (same) return _lastAccessors!;
        }
        var accessors = columns.Select(_m.Accessor).ToArray();
        (_lastColumns, _lastAccessors) = ([.. columns], accessors);
        return accessors;
    }

    private string[]? _lastColumns;
    private ValueAccessor[]? _lastAccessors;

    /// <summary>Copies the run's current state out of the solver when a quiet step left it there.</summary>
    private void SyncState()
    {
        if (_stateInSolver is not { } solver) return;
        solver.State.CopyTo(_y);
        _stateInSolver = null;
    }

    private void Restart(OdeSolver solver, double t)
    {
        _history?.Restarted(t, _y);
        solver.Restart(t, _y);
    }

    /// <summary>Rules and rates at (t, y) into p, after the delayed values and fast fluxes they may read; those on stored values only are current already.</summary>
    private void Compute(double t, double[] y)
    {
        _history?.Fill(t, y, _p);
        _fast?.Fill(t, y, _p);
        _m.ComputeVarying(t, y, _p);
    }

    /// <summary>Every rule and rate, including those on stored values only: after initialisation and event assignments.</summary>
    private void ComputeAll(double t, double[] y)
    {
        _history?.Fill(t, y, _p);
        if (_fast is not null)
        {
            // The fast fluxes read rules on stored values, which must be current first.
            _m.Compute(t, y, _p);
            _fast.Fill(t, y, _p);
        }
        _m.Compute(t, y, _p);
    }

    /// <summary>The fast reactions reach their equilibrium at once: at the start and after each event's assignments.</summary>
    private void ProjectFast(double t)
    {
        if (_fast is null) return;
        _history?.Fill(t, _y, _p);
        _m.Compute(t, _y, _p);
        _fast.Project(t, _y, _p);
    }

    /// <summary>The per-state absolute tolerances of <see cref="SimulationSettings.AbsTolFor"/>; null when none are given.</summary>
    private double[]? AbsTolVector(SimulationSettings settings)
    {
        if (settings.AbsTolFor is not { Count: > 0 } overrides) return null;
        var atol = new double[_m.StateCount];
        System.Array.Fill(atol, settings.AbsTol);
        foreach (var (id, value) in overrides)
        {
            if (!_m.Symbols.TryGetValue(id, out var symbol) || symbol.Array != SlotArray.Y)
            {
                throw new ArgumentException($"Absolute tolerance given for '{id}', which is not a state variable of the model; states: {string.Join(", ", _m.StateIds)}.", nameof(settings));
            }

            if (!(value > 0) || !double.IsFinite(value))
            {
                throw new ArgumentException($"Absolute tolerance of '{id}' must be a finite positive number, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(settings));
            }

            atol[symbol.Index] = value;
        }

        return atol;
    }

    private OdeSolver GetSolver(string name)
    {
        if (!_solvers.TryGetValue(name, out var s)) _solvers[name] = s = SolverRegistry.Create(name);
        return s;
    }

    private static (double[] Times, double End) OutputTimes(SimulationSettings s)
    {
        if (!double.IsFinite(s.Start)) throw new ArgumentException("Start must be finite.", nameof(s));
        if (s.Times is { Count: > 0 } given)
        {
            var times = given.ToArray();
            for (int i = 0; i < times.Length; i++)
            {
                if (!double.IsFinite(times[i]) || times[i] < s.Start)
                    throw new ArgumentException($"Output time {times[i]} is before Start {s.Start} or not finite.", nameof(s));
                if (i > 0 && times[i] < times[i - 1]) throw new ArgumentException("Output times must be ascending.", nameof(s));
            }
            double end = System.Math.Max(s.End, times[^1]);
            return (times, end);
        }
        if (!(s.End > s.Start) || !double.IsFinite(s.End))
            throw new ArgumentException($"End ({s.End}) must be finite and after Start ({s.Start}).", nameof(s));
        int steps = s.Steps ?? 100;
        if (steps < 1) throw new ArgumentException($"Steps must be at least 1 (got {steps}).", nameof(s));
        var grid = new double[steps + 1];
        for (int i = 0; i <= steps; i++) grid[i] = s.Start + (s.End - s.Start) * i / steps;
        grid[steps] = s.End;
        return (grid, s.End);
    }

    // ---------------------------------------------------------------- events

    private double NextBreakpoint(double t)
    {
        if (t >= _bpFrom && t < _bpNext) return _bpNext;
        double next = double.PositiveInfinity;
        // The first scheduled time after t (the lowest index among equal times, as a pass in event order finds it).
        int lo = 0, hi = _schedCount;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_schedTime[_schedOrder[mid]] > t) hi = mid; else lo = mid + 1;
        }
        if (lo < _schedCount) next = _schedTime[_schedOrder[lo]];
        foreach (var p in _pending)
            if (p.Time > t && p.Time < next) next = p.Time;
        _bpFrom = t;
        _bpNext = next;
        return next;
    }

    private bool PendingDue(double t)
    {
        foreach (var p in _pending) if (p.Time <= t) return true;
        return false;
    }

    private void UpdateScheduledTimes(double t)
    {
        foreach (var e in _m.Events)
            if (e.Scheduled) _schedTime[e.Index] = _m.ScheduledTimes(e.Index, t, _y, _p);
        OrderScheduledTimes();
    }

    /// <summary>
    /// After <paramref name="executed"/>'s assignments: re-evaluates the scheduled times those can move (all of them
    /// when fast reactions re-equilibrate after events). A scheduled time reads only stored values, which change only
    /// at events, so the others are unchanged.
    /// </summary>
    private void RescheduleAfter(CompiledEvent executed, double t)
    {
        if (_fast is not null) { UpdateScheduledTimes(t); return; }
        bool moved = false;
        foreach (int k in executed.Reschedules)
        {
            double time = _m.ScheduledTimes(k, t, _y, _p);
            if (BitConverter.DoubleToInt64Bits(time) != BitConverter.DoubleToInt64Bits(_schedTime[k])) { _schedTime[k] = time; moved = true; }
        }
        if (moved) OrderScheduledTimes();
        _bpFrom = double.PositiveInfinity;
    }

    /// <summary>
    /// Sorts the scheduled events that have a time by (time, index) into _schedOrder; keeps the order when it still
    /// holds (a new run of the same regimen has the same times).
    /// </summary>
    private void OrderScheduledTimes()
    {
        _bpFrom = double.PositiveInfinity;
        int n = 0;
        foreach (var e in _m.Events)
            if (e.Scheduled && !double.IsNaN(_schedTime[e.Index])) n++;
        if (n == _schedCount && StillOrdered()) return;
        n = 0;
        foreach (var e in _m.Events)
            if (e.Scheduled && !double.IsNaN(_schedTime[e.Index])) _schedOrder[n++] = e.Index;
        _schedCount = n;
        var times = _schedTime;
        _schedOrder.AsSpan(0, n).Sort((a, b) => times[a] < times[b] ? -1 : times[a] > times[b] ? 1 : a.CompareTo(b));
    }

    /// <summary>
    /// Whether _schedOrder's events all have a time and are in (time, index) order: with as many entries as events
    /// with a time, they are then exactly those events, sorted.
    /// </summary>
    private bool StillOrdered()
    {
        for (int i = 0; i < _schedCount; i++)
        {
            double time = _schedTime[_schedOrder[i]];
            if (double.IsNaN(time)) return false;
            if (i == 0) continue;
            double before = _schedTime[_schedOrder[i - 1]];
            if (before > time || (before == time && _schedOrder[i - 1] > _schedOrder[i])) return false;
        }
        return true;
    }

    private void EvaluateRoots(double t, double[] y, double[] g)
    {
        if (g.Length == 0) return;
        Compute(t, y);
        _m.RootFunctions(t, y, _p, g);
    }

    /// <summary>The first index at or after <paramref name="from"/> where the two trigger arrays differ; their length when none.</summary>
    private static int NextChange(bool[] now, bool[] before, int from) =>
        from + now.AsSpan(from).CommonPrefixLength(before.AsSpan(from));

    private static int Sign(double v) => v > 0 ? 1 : v < 0 ? -1 : 0;

    private bool RootSignChanged(double[] g)
    {
        for (int i = 0; i < g.Length; i++) if (Sign(g[i]) != Sign(_gPrev[i])) return true;
        return false;
    }

    /// <summary>
    /// Bisects the dense output on (tLo, tB] for the first time a continuous trigger differs from its last value or a
    /// relation inside a trigger changes sign; leaves the state there in _yB.
    /// </summary>
    private double LocateChange(OdeSolver solver, double tLo, double tB)
    {
        double lo = tLo, hi = tB;
        while (true)
        {
            double mid = lo + 0.5 * (hi - lo);
            if (mid <= lo || mid >= hi) break;
            solver.Interpolate(mid, _yW);
            Compute(mid, _yW);
            _m.Triggers(mid, _yW, _p, _trigW);
            if (_gW.Length > 0) _m.RootFunctions(mid, _yW, _p, _gW);
            bool changed = RootSignChanged(_gW);
            if (!changed)
                foreach (var e in _m.Events)
                    if (!e.Scheduled && _trigW[e.Index] != _prevTrig[e.Index]) { changed = true; break; }
            if (changed) hi = mid; else lo = mid;
        }
        if (hi != tB) solver.Interpolate(hi, _yB);
        else solver.State.CopyTo(_yB);
        return hi;
    }

    /// <summary>Fires, schedules, cancels and executes events at time t until no event is ready. True when any executed.</summary>
    private bool ProcessEvents(double t)
    {
        bool executed = false;
        for (int iter = 0; ; iter++)
        {
            if (iter > MaxCascade)
                throw new ModelException($"events at time {t} keep triggering each other (more than {MaxCascade} executions)");
            ComputeAll(t, _y);
            _m.Triggers(t, _y, _p, _trig);
            // Only the triggers that changed act: a rising one schedules its event, a falling one cancels a
            // non-persistent event's pending executions (in event order, which sets the order of equal priorities).
            for (int k = NextChange(_trig, _prevTrig, 0); k < _trig.Length; k = NextChange(_trig, _prevTrig, k + 1))
            {
                bool now = _trig[k];
                if (now) Schedule(_m.Events[k], t);
                else if (!_m.Events[k].Persistent) Cancel(k);
                _prevTrig[k] = now;
            }
            int best = -1, ties = 0;
            double bestPriority = 0;
            for (int i = 0; i < _pending.Count; i++)
            {
                var p = _pending[i];
                if (p.Time > t) continue;
                var ev = _m.Events[p.Event];
                double pr = ev.HasPriority ? _m.Priorities(p.Event, t, _y, _p) : double.NegativeInfinity;
                if (double.IsNaN(pr)) pr = double.NegativeInfinity;
                if (best < 0 || pr > bestPriority) { best = i; bestPriority = pr; ties = 1; }
                else if (pr == bestPriority)
                {
                    // Equal explicit priorities: SBML leaves the order to chance (reproducible stream per run);
                    // events without priorities keep their trigger order.
                    if (double.IsNegativeInfinity(pr)) { if (p.Sequence < _pending[best].Sequence) best = i; }
                    else if ((_random ??= new Random(RandomSeed)).Next(++ties) == 0) best = i;
                }
            }
            if (best < 0) break;
            var chosen = _pending[best];
            _pending.RemoveAt(best);
            _bpFrom = double.PositiveInfinity;
            Execute(chosen, t);
            executed = true;
        }
        if (executed) _history?.EventsExecuted(t, _y, _p);
        return executed;
    }

    private void Schedule(CompiledEvent e, double t)
    {
        double delay = 0;
        if (e.HasDelay)
        {
            delay = _m.Delays(e.Index, t, _y, _p);
            if (!(delay >= 0)) throw new ModelException($"event {e.Name} has delay {delay} at time {t}; delays must be >= 0");
        }
        double[]? values = null;
        if (e.UseValuesFromTriggerTime && e.Targets.Length > 0)
        {
            values = _valuePool.Count > 0 ? _valuePool.Pop() : new double[System.Math.Max(1, _vals.Length)];
            _m.EventValues(e.Index, t, _y, _p, values);
        }
        _pending.Add(new Pending(t + delay, e.Index, values, _sequence++));
        _bpFrom = double.PositiveInfinity;
    }

    private void Cancel(int eventIndex)
    {
        for (int i = _pending.Count - 1; i >= 0; i--)
            if (_pending[i].Event == eventIndex)
            {
                if (_pending[i].Values is { } v) _valuePool.Push(v);
                _pending.RemoveAt(i);
                _bpFrom = double.PositiveInfinity;
            }
    }

    private void Execute(Pending p, double t)
    {
        var e = _m.Events[p.Event];
        var v = p.Values ?? _vals;
        if (p.Values is null) _m.EventValues(p.Event, t, _y, _p, _vals);
        // Species values are in math meaning; concentrations convert to amounts with the compartment sizes
        // before this event's assignments (as the SBML test suite defines when an event also resizes the compartment).
        for (int i = 0; i < e.Targets.Length; i++)
            if (e.TargetCompartments[i] is { } c) v[i] *= c.Array == SlotArray.Y ? _y[c.Index] : _p[c.Index];
        for (int i = 0; i < e.Targets.Length; i++) Write(e.Targets[i], v[i]);
        if (p.Values is not null) _valuePool.Push(p.Values);
        ProjectFast(t);
        RescheduleAfter(e, t);
    }

    private void Write(SymbolInfo s, double value)
    {
        if (s.Array == SlotArray.Y) _y[s.Index] = value;
        else
        {
            _p[s.Index] = value;
            ParameterAssignments++;
        }
    }
}
