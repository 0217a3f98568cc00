namespace TrkbSim.Numerics.Ode;

/// <summary>Why an integration failed.</summary>
public enum OdeFailure
{
    StepSizeTooSmall,
    TooManySteps,
    NonFiniteValue,
    SingularMatrix,
    /// <summary>The iterative linear solver did not converge, even on shorter steps.</summary>
    LinearSolverFailed,
}

/// <summary>A numerical failure, naming the time reached and the state component with the largest error or the first non-finite value.</summary>
public sealed class OdeSolverException(OdeFailure failure, double time, int component, string message) : Exception(message)
{
    public OdeFailure Failure { get; } = failure;
    public double Time { get; } = time;
    /// <summary>Index of the worst component, or -1 when not known.</summary>
    public int Component { get; } = component;
}
