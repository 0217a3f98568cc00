using TrkbSim.Numerics.Ode;

namespace TrkbSim.Simulation;

/// <summary>What to simulate: time span, output grid, solver, tolerances and output variables.</summary>
public sealed record SimulationSettings
{
    public double Start { get; init; }
    public double End { get; init; }
    /// <summary>Number of equal intervals between Start and End (Steps + 1 output rows); 100 when neither Steps nor Times is given.</summary>
    public int? Steps { get; init; }
    /// <summary>Explicit output times (ascending, within [Start, End]); overrides Steps.</summary>
    public IReadOnlyList<double>? Times { get; init; }
    public string Solver { get; init; } = "auto";
    /// <summary>How stiff solvers solve with their iteration matrix: dense LU, sparse LU, iterative (GMRES with ILU(0)), or auto (sparse for large sparse models, iterative for very large ones whose LU would fill in; see <see cref="LinearSolverChoice"/>).</summary>
    public LinearSolverKind LinearSolver { get; init; } = LinearSolverKind.Auto;
    public double RelTol { get; init; } = 1e-6;
    public double AbsTol { get; init; } = 1e-12;
    /// <summary>
    /// Absolute tolerances for individual state variables (id -> tolerance, in the units the state is integrated in:
    /// amounts for species), replacing <see cref="AbsTol"/> for those states. Useful where states differ in scale by
    /// orders of magnitude, e.g. a dosing depot holding micromoles next to a fraction between 0 and 1.
    /// </summary>
    public IReadOnlyDictionary<string, double>? AbsTolFor { get; init; }
    /// <summary>Output columns: ids (math meaning), amount(S), concentration(S); null gives the defaults.</summary>
    public IReadOnlyList<string>? Variables { get; init; }
    public long MaxSteps { get; init; } = 1_000_000;
    /// <summary>
    /// Starts from this state vector (in the order of <see cref="CompiledModel.StateIds"/>, amounts for species)
    /// instead of the model's initial values; parameters and rules are initialised as usual, and events due at the
    /// start time then act on this state. Null: the initial values.
    /// </summary>
    public IReadOnlyList<double>? InitialState { get; init; }
    /// <summary>Stops the run between solver steps (OperationCanceledException naming the time reached), e.g. a time budget.</summary>
    public CancellationToken Cancellation { get; init; }
    /// <summary>Receives the share (0-1) of the time span done, between solver steps and at most once per whole percent.</summary>
    public IProgress<double>? Progress { get; init; }
}
