namespace TrkbSim.Numerics.Ode;

/// <summary>
/// A one-step-at-a-time ODE integrator with dense output. The simulation layer drives it: it calls
/// <see cref="Step"/> up to the next known discontinuity, reads output and locates events through
/// <see cref="Interpolate"/>, and calls <see cref="Restart"/> after changing the state discontinuously.
/// No heap allocation after <see cref="Initialize"/> for the same dimension.
/// </summary>
public abstract class OdeSolver
{
    /// <summary>Short lower-case name, as accepted by <c>--solver</c> (e.g. "tsit5", "rodas5p").</summary>
    public abstract string Name { get; }

    /// <summary>Time at the end of the last accepted step (the start time right after Initialize/Restart).</summary>
    public double Time { get; protected set; }

    /// <summary>Time at the start of the last accepted step; equals <see cref="Time"/> before the first step.</summary>
    public double PreviousTime { get; protected set; }

    /// <summary>State at <see cref="Time"/>.</summary>
    public abstract ReadOnlySpan<double> State { get; }

    public SolverStatistics Statistics { get; } = new();

    /// <summary>Prepares to integrate <paramref name="system"/> from (t0, y0). Allocates work arrays only when the dimension grows.</summary>
    public abstract void Initialize(IOdeSystem system, double t0, ReadOnlySpan<double> y0, OdeOptions options);

    /// <summary>
    /// Takes one accepted step, never past <paramref name="tStop"/> (the step is shortened to land exactly on it).
    /// Throws <see cref="OdeSolverException"/> on failure.
    /// </summary>
    public abstract void Step(double tStop);

    /// <summary>Dense output: the state at t in [PreviousTime, Time], with the method's interpolation accuracy.</summary>
    public abstract void Interpolate(double t, Span<double> y);

    /// <summary>Continues from a new state at time t after a discontinuity (event, dose): clears derivative caches, keeps a step-size hint.</summary>
    public abstract void Restart(double t, ReadOnlySpan<double> y);
}
