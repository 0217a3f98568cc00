namespace TrkbSim.Analysis.Fitting;

/// <summary>Settings of a parameter estimation; the defaults suit most small ODE fits.</summary>
public sealed record FitOptions
{
    public ErrorModel ErrorModel { get; init; } = ErrorModel.Additive;
    /// <summary>Number of optimiser starts: the initial guess plus Latin hypercube points within the bounds.</summary>
    public int Starts { get; init; } = 1;
    public int Seed { get; init; } = 1;
    /// <summary>Most threads used for starts and profiles; results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
    public int MaxIterations { get; init; } = 200;
    /// <summary>Stop when a step lowers the objective by less than this fraction.</summary>
    public double FunctionTolerance { get; init; } = 1e-10;
    /// <summary>Stop when the step in transformed parameters is shorter than this (relative).</summary>
    public double StepTolerance { get; init; } = 1e-10;
    public double GradientTolerance { get; init; } = 1e-12;
    /// <summary>Central-difference step in the search coordinate (ln p for log-scaled parameters).</summary>
    public double FiniteDifferenceStep { get; init; } = 1e-4;
    /// <summary>Confidence level of the intervals.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>Also compute profile-likelihood intervals (one re-optimisation per profile point).</summary>
    public bool ProfileLikelihood { get; init; }
    /// <summary>Most points per side of a profile.</summary>
    public int ProfileMaxSteps { get; init; } = 40;
}
