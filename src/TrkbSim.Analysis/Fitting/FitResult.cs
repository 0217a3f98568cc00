namespace TrkbSim.Analysis.Fitting;

/// <summary>
/// One estimated parameter. The Wald interval comes from the Fisher information in the search coordinate
/// (ln p when log-scaled) and is mapped back, so it is asymmetric around the estimate for log-scaled
/// parameters. Bounds are NaN (infinite for the upper) when the data do not identify the parameter.
/// </summary>
public sealed record ParameterEstimate(string Id, double Estimate, double CiLow, double CiHigh)
{
    /// <summary>Standard error in the search coordinate (of ln p for log-scaled parameters).</summary>
    public double StandardErrorSearch { get; init; }
    /// <summary>Standard error of p by the delta method (p * se of ln p when log-scaled).</summary>
    public double StandardError { get; init; }
    public bool LogScale { get; init; }
    /// <summary>True when the estimate lies on (within 1e-6 of the range from) a search bound.</summary>
    public bool AtBound { get; init; }
    public double? ProfileCiLow { get; init; }
    public double? ProfileCiHigh { get; init; }
    /// <summary>True when a profile side reached a search bound before crossing the threshold.</summary>
    public bool ProfileOpenLow { get; init; }
    public bool ProfileOpenHigh { get; init; }
}

/// <summary>One observation with its fitted prediction; residual = observed - predicted.</summary>
public sealed record FitResidual(string Variable, double Time, double Observed, double Predicted, double Residual, double WeightedResidual);

/// <summary>How one optimiser start ended.</summary>
public sealed record FitStart(int Index, double[] StartValues, double[] Estimates, double MinusTwoLogLikelihood,
    int Iterations, int FunctionEvaluations, StopReason Reason);

/// <summary>Convergence details of the best start, with a summary of every start.</summary>
public sealed record FitConvergence(bool Converged, StopReason Reason, int Iterations, int FunctionEvaluations,
    int BestStart, IReadOnlyList<FitStart> Starts, string JacobianMethod);

/// <summary>Everything a parameter estimation produces.</summary>
public sealed record FitResult
{
    public required IReadOnlyList<ParameterEstimate> Parameters { get; init; }
    public required ErrorModel ErrorModel { get; init; }
    /// <summary>Estimated noise level per observed variable (absolute for additive, relative for proportional).</summary>
    public required IReadOnlyDictionary<string, double> Sigma { get; init; }
    public required double MinusTwoLogLikelihood { get; init; }
    /// <summary>Sum of squared unweighted residuals.</summary>
    public required double Ssr { get; init; }
    /// <summary>Sum of squared weighted residuals ((y - f) / sd).</summary>
    public required double WeightedSsr { get; init; }
    public required int ObservationCount { get; init; }
    /// <summary>Estimated quantities counted by AIC and BIC: parameters plus one sigma per variable.</summary>
    public required int EstimatedCount { get; init; }
    public required double Aic { get; init; }
    public required double Bic { get; init; }
    public required double ConfidenceLevel { get; init; }
    public required IReadOnlyList<FitResidual> Residuals { get; init; }
    /// <summary>Covariance of the search coordinates (ln p for log-scaled parameters), parameter order.</summary>
    public required double[,] Covariance { get; init; }
    public required FitConvergence Convergence { get; init; }
    /// <summary>Distinct optima among the converged starts that fit as well as the reported one.</summary>
    public Identifiability Identifiability { get; init; } = Identifiability.NotChecked;

    /// <summary>Estimates by parameter id.</summary>
    public IReadOnlyDictionary<string, double> Estimates => Parameters.ToDictionary(p => p.Id, p => p.Estimate);
}
