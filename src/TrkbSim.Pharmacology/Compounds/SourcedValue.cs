namespace TrkbSim.Pharmacology.Compounds;

/// <summary>A parameter value with its unit and provenance (source, quote or derivation, status).</summary>
public sealed record SourcedValue(double Value, string Unit, string Source, ValueStatus Status)
{
    /// <summary>Short verbatim quote from the cited source.</summary>
    public string? Quote { get; init; }
    /// <summary>The arithmetic that turns cited numbers into this value.</summary>
    public string? Derivation { get; init; }
    public string? Note { get; init; }
    /// <summary>Species whose value stands in for the one this entry belongs to (e.g. rat for mouse).</summary>
    public string? StandIn { get; init; }
    /// <summary>Plausible range of an unsettled value (same unit); sampled by uncertainty runs. Null: treated as known.</summary>
    public UncertaintyRange? Uncertainty { get; init; }
}

/// <summary>How an uncertain value is sampled between its bounds.</summary>
public enum UncertaintyDistribution
{
    /// <summary>Uniform in the logarithm: every factor between the bounds equally likely (positive values).</summary>
    LogUniform,
    /// <summary>Uniform between the bounds.</summary>
    Uniform,
}

/// <summary>The plausible range of a value, in the value's unit, and how to sample it.</summary>
public sealed record UncertaintyRange(double Low, double High, UncertaintyDistribution Distribution)
{
    /// <summary>Maps a uniform number u in [0, 1) onto the range.</summary>
    public double Quantile(double u) => Distribution == UncertaintyDistribution.LogUniform
        ? Math.Exp(Math.Log(Low) + u * (Math.Log(High) - Math.Log(Low)))
        : Low + u * (High - Low);

    public static readonly IReadOnlyList<string> DistributionNames = ["loguniform", "uniform"];
}
