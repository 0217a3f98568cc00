using TrkbSim.Numerics.Ode;

namespace TrkbSim.Simulation;

/// <summary>The "solver" for models without state variables: time simply advances to each stop.</summary>
internal sealed class StatelessSolver : OdeSolver
{
    public override string Name => "none";
    public override ReadOnlySpan<double> State => [];

    public override void Initialize(IOdeSystem system, double t0, ReadOnlySpan<double> y0, OdeOptions options)
    {
        Statistics.Reset();
        Time = PreviousTime = t0;
    }

    public override void Step(double tStop)
    {
        PreviousTime = Time;
        Time = tStop;
        Statistics.AcceptedSteps++;
    }

    public override void Interpolate(double t, Span<double> y) { }

    public override void Restart(double t, ReadOnlySpan<double> y)
    {
        Time = PreviousTime = t;
        Statistics.Restarts++;
    }
}
