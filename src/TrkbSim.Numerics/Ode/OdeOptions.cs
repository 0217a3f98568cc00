namespace TrkbSim.Numerics.Ode;

/// <summary>Tolerances and limits for one integration. The error test per component is |err_i| &lt;= AbsTol_i + RelTol * |y_i|.</summary>
public sealed record OdeOptions
{
    public double RelTol { get; init; } = 1e-6;
    public double AbsTol { get; init; } = 1e-9;
    /// <summary>Per-component absolute tolerances; overrides <see cref="AbsTol"/> when set.</summary>
    public double[]? AbsTolVector { get; init; }
    /// <summary>First step size; 0 picks one automatically.</summary>
    public double InitialStep { get; init; }
    public double MaxStep { get; init; } = double.PositiveInfinity;
    /// <summary>Largest number of steps (accepted and rejected) one solver instance may take before failing.</summary>
    public long MaxSteps { get; init; } = 1_000_000;
    /// <summary>How stiff solvers factorise their iteration matrix: dense, sparse, or chosen by size and density (<see cref="LinearSolverChoice"/>).</summary>
    public LinearSolverKind LinearSolver { get; init; } = LinearSolverKind.Auto;
}
