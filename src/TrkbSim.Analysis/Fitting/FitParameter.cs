namespace TrkbSim.Analysis.Fitting;

/// <summary>
/// A parameter to estimate, with its search bounds. With <see cref="LogScale"/> (the default) the search
/// and the confidence intervals work on ln(value), which needs positive bounds.
/// </summary>
public sealed record FitParameter(string Id, double Low, double High, double? Initial = null)
{
    public bool LogScale { get; init; } = true;
}
