using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Simulation;

/// <summary>
/// Runs several simulators of one compiled model together, <see cref="LanesPerBatch"/> at a time (eight on processors
/// with 512-bit vectors, else four), sharing the right-hand side's evaluations across the lanes of a vector
/// (<see cref="Tsit5Lanes{TVector, TLanes}"/>): each run keeps its own parameters, steps, outputs
/// and events, and its result is bit-identical to <see cref="Simulator.Run"/> on its own, whichever runs share its
/// batch. For models integrated explicitly (solver "tsit5", or "auto" while it stays explicit) without delays or fast
/// reactions; a run the lanes cannot finish (its automatic method turns stiff, its solver or an event fails) is run again
/// on its own, so its result or error is exactly the scalar one. One batch per thread.
/// </summary>
public sealed class LaneBatch
{
    private readonly CompiledModel _model;
    private readonly int _width;
    // The shared right-hand side (compiled when runs first share lanes) and the lane solvers by name, for this batch's width.
    private object? _system;
    private readonly Dictionary<string, object> _solvers = new(StringComparer.OrdinalIgnoreCase);
    // Runs of this batch (over all calls) that finished in a lane, and that stopped because they turned stiff.
    private int _finished, _stiff;

    /// <summary>
    /// Whether runs of this model keep turning stiff (more than half of at least eight): each such run is integrated
    /// twice (in a lane up to the switch, then alone), so further runs go straight to the scalar solver. Only the work
    /// changes, never a result.
    /// </summary>
    private bool MostlyStiff => _stiff >= 8 && _stiff > _finished;

    /// <summary>A batch for runs of <paramref name="model"/>, with this processor's widest lanes.</summary>
    public LaneBatch(CompiledModel model) : this(model, LanesPerBatch) { }

    /// <summary>A batch with <paramref name="width"/> lanes (4 or 8; tests run both widths on one processor).</summary>
    internal LaneBatch(CompiledModel model, int width)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (width is not (4 or 8)) throw new ArgumentOutOfRangeException(nameof(width), width, "lanes come in fours (256-bit vectors) or eights (512-bit)");
        _model = model;
        _width = width;
    }

    /// <summary>
    /// Runs that share one batch's vectors on this processor: 8 with 512-bit vector instructions, else 4 (with 256-bit
    /// ones, or none: then no runs share lanes, see <see cref="Supports"/>). A run's result does not depend on it.
    /// </summary>
    public static int LanesPerBatch { get; } = LaneVectors.WidestAccelerated == 8 ? 8 : 4;

    /// <summary>
    /// Runs to hand a batch at once so that its lanes stay busy while runs of different lengths end: four times
    /// <see cref="LanesPerBatch"/>. Only the work depends on it, never a result.
    /// </summary>
    public static int RunsPerBlock => 4 * LanesPerBatch;

    /// <summary>
    /// Compiles the model's lane right-hand side now (it is otherwise compiled when runs first share lanes), and, once
    /// per process, the lane solver's code for this processor's width (generic over the vector type, so never
    /// precompiled), e.g. while other set-up work runs in parallel rather than when every thread waits for its first
    /// batch.
    /// </summary>
    public static void Prepare(CompiledModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.LaneRhs?.Prepare(LanesPerBatch);
        // On a pool thread: the set-up that called this goes on (one that needs the code first waits for its compilation).
        if (Interlocked.Exchange(ref s_solverCodePrepared, 1) == 0)
            _ = Task.Run(LanesPerBatch == 8 ? PrepareSolverCode<Vector512<double>, Lanes8> : PrepareSolverCode<Vector256<double>, Lanes4>);
    }

    private static int s_solverCodePrepared;

    private static void PrepareSolverCode<TVector, TLanes>() where TVector : struct where TLanes : struct, ILaneVector<TVector>
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        try
        {
            foreach (var m in typeof(Tsit5Lanes<TVector, TLanes>).GetMethods(All).Concat(typeof(LaneSystem<TVector, TLanes>).GetMethods(All)))
                if (!m.IsAbstract && !m.ContainsGenericParameters) RuntimeHelpers.PrepareMethod(m.MethodHandle);
            RuntimeHelpers.PrepareMethod(typeof(LaneBatch).GetMethod(nameof(RunLanes), All)!.MakeGenericMethod(typeof(TVector), typeof(TLanes)).MethodHandle);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException or TypeLoadException)
        {
            // Only time is at stake: the code is compiled when it first runs instead.
        }
    }

    /// <summary>Whether runs of <paramref name="model"/> with <paramref name="settings"/> can share lanes on this processor.</summary>
    public static bool Supports(CompiledModel model, SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        return Lanes.Accelerated && model.LaneRhs is not null && model.StateCount > 0 && model.DelayTerms.Length == 0
            && model.Fast is null && settings.Solver.ToLowerInvariant() is "auto" or "tsit5";
    }

    /// <summary>
    /// Runs every simulator with <paramref name="settings"/>. Each outcome is the run's result, or the exception its
    /// scalar run throws (solver failure, model error, bad settings), never thrown from here; cancellation is thrown.
    /// </summary>
    public IReadOnlyList<LaneOutcome> Run(IReadOnlyList<Simulator> simulators, SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(simulators);
        ArgumentNullException.ThrowIfNull(settings);
        var outcomes = new LaneOutcome[simulators.Count];
        var seen = new HashSet<Simulator>(ReferenceEqualityComparer.Instance);
        foreach (var sim in simulators)
        {
            if (!ReferenceEquals(sim.Model, _model)) throw new ArgumentException("every simulator of a batch must belong to the batch's model", nameof(simulators));
            if (!seen.Add(sim)) throw new ArgumentException("a simulator appears twice in the batch; each run needs its own", nameof(simulators));
        }
        var alone = new List<int>();
        // A single run gains nothing from lanes it would share with nobody.
        if (simulators.Count < 2 || !Supports(_model, settings) || MostlyStiff)
            alone.AddRange(Enumerable.Range(0, simulators.Count));
        else if (_width == 8)
            RunLanes<Vector512<double>, Lanes8>(simulators, settings, outcomes, alone);
        else
            RunLanes<Vector256<double>, Lanes4>(simulators, settings, outcomes, alone);
        foreach (int i in alone)
        {
            settings.Cancellation.ThrowIfCancellationRequested();
            try { outcomes[i] = new LaneOutcome(simulators[i].Run(settings), null); }
            catch (Exception ex) when (ex is not OperationCanceledException) { outcomes[i] = new LaneOutcome(null, ex); }
        }
        return outcomes;
    }

    // Generic over the vector width, so never precompiled: fully optimised at its first call, not run unoptimised while
    // tiered compilation waits (it holds a batch's whole loop).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunLanes<TVector, TLanes>(IReadOnlyList<Simulator> sims, SimulationSettings settings, LaneOutcome[] outcomes, List<int> alone)
        where TVector : struct
        where TLanes : struct, ILaneVector<TVector>
    {
        string name = settings.Solver.ToLowerInvariant();
        var system = (LaneSystem<TVector, TLanes>)(_system ??= new LaneSystem<TVector, TLanes>(_model));
        if (!_solvers.TryGetValue(name, out var solver)) _solvers[name] = solver = new Tsit5Lanes<TVector, TLanes>(system, auto: name == "auto");
        var lanes = (Tsit5Lanes<TVector, TLanes>)solver;
        int width = TLanes.Width;
        var runOf = new int[width];
        int next = 0, started = 0;

        // Starts the next run in a lane; runs that end at once or fail to start are settled here.
        void Fill(int lane)
        {
            runOf[lane] = -1;
            while (next < sims.Count)
            {
                if (MostlyStiff)
                {
                    while (next < sims.Count) alone.Add(next++);
                    return;
                }
                int i = next++;
                var sim = sims[i];
                try
                {
                    var options = sim.BeginRun(settings);
                    lanes.Start(lane, sim.RunSystem, sim.CurrentTime, sim.CurrentState, options);
                    sim.BeginStepping();
                    if (sim.RunFinished)
                    {
                        outcomes[i] = new LaneOutcome(sim.EndRun(lanes.Statistics(lane)), null);
                        lanes.Release(lane);
                        continue;
                    }
                    system.SetParameters(lane, sim.CurrentParameters);
                    lanes.SetTarget(lane, sim.NextStop());
                    runOf[lane] = i;
                    started++;
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    lanes.Release(lane);
                    alone.Add(i);
                }
            }
        }

        for (int lane = 0; lane < width; lane++) Fill(lane);
        if (started == 0) return;
        // Lanes without a run repeat a running lane's state and parameters, so that the shared evaluations stay finite.
        int donor = Array.FindIndex(runOf, r => r >= 0);
        for (int lane = 0; lane < width; lane++)
            if (runOf[lane] < 0)
            {
                lanes.CopyLane(donor, lane);
                system.CopyParameters(donor, lane);
            }

        while (true)
        {
            int accepted = lanes.Round();
            bool any = false;
            for (int lane = 0; lane < width; lane++)
            {
                int i = runOf[lane];
                if (i < 0) continue;
                var sim = sims[i];
                if ((accepted & (1 << lane)) != 0)
                {
                    try
                    {
                        lanes.SyncView(lane);
                        long assignments = sim.ParameterAssignments;
                        sim.AfterStep(lanes.View(lane));
                        // Events change parameters only when they assign one (a dose assigns a state): the lane's
                        // copy, with the rules on parameters alone, is renewed then. The rules the rates read that
                        // vary with the state are evaluated by the shared right-hand side itself.
                        if (sim.ParameterAssignments != assignments) system.SetParameters(lane, sim.CurrentParameters);
                        if (sim.RunFinished)
                        {
                            outcomes[i] = new LaneOutcome(sim.EndRun(lanes.Statistics(lane)), null);
                            _finished++;
                            lanes.Release(lane);
                            Fill(lane);
                            if (runOf[lane] < 0) continue;
                        }
                        else lanes.SetTarget(lane, sim.NextStop());
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        lanes.Release(lane);
                        alone.Add(i);
                        Fill(lane);
                        if (runOf[lane] < 0) continue;
                    }
                }
                else if (!lanes.IsActive(lane))
                {
                    // Stopped early (stiff or failed): the run is done again on its own.
                    if (lanes.StopReason(lane) == LaneStop.Stiff) _stiff++;
                    alone.Add(i);
                    Fill(lane);
                    if (runOf[lane] < 0) continue;
                }
                any = true;
            }
            if (!any) break;
        }
    }

    /// <summary>The shared right-hand side: the model's lane function over per-lane parameter values.</summary>
    private sealed class LaneSystem<TVector, TLanes>(CompiledModel model) : ILaneSystem<TVector>
        where TVector : struct
        where TLanes : struct, ILaneVector<TVector>
    {
        private readonly LaneProgram<TVector> _program = model.LaneRhs?.For<TVector, TLanes>() ?? throw new InvalidOperationException("the model has no lane right-hand side");
        private readonly TVector[] _p = new TVector[model.LaneRhs!.For<TVector, TLanes>().SlotCount];

        public int Dimension => model.StateCount;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see LaneVectors.Get
        public void Derivatives(TVector t, TVector[] y, TVector[] dydt) => _program.Rhs(t, y, _p, dydt);

        public void SetParameters(int lane, ReadOnlySpan<double> p)
        {
            LaneVectors.Set(_p, lane, p);
            _program.Invariants?.Invoke(default, [], _p, []);
        }

        public void CopyParameters(int from, int to)
        {
            for (int i = 0; i < _p.Length; i++) LaneVectors.At(_p, i, to) = LaneVectors.At(_p, i, from);
        }
    }
}

/// <summary>What one run of a <see cref="LaneBatch"/> gave: its result, or the exception its run threw.</summary>
public readonly record struct LaneOutcome(SimulationResult? Result, Exception? Error);
