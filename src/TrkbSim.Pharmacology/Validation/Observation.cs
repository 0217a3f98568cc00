using System.Collections.Immutable;

namespace TrkbSim.Pharmacology.Validation;

/// <summary>What to read from a simulated table: a kind (see <see cref="ReadoutEvaluator"/>), columns (summed) and times (h).</summary>
public sealed record Readout(string Kind, ImmutableArray<string> Columns)
{
    public ImmutableArray<string> Denominator { get; init; } = [];
    public double? AtHours { get; init; }
    public double? FromHours { get; init; }
    public double? ToHours { get; init; }
    public double? From2Hours { get; init; }
    public double? To2Hours { get; init; }
    /// <summary>Time origin for time_of_max (default 0).</summary>
    public double? OriginHours { get; init; }
    /// <summary>Reference time for time_to_fraction.</summary>
    public double? RefHours { get; init; }
    public double? Fraction { get; init; }
    public double? Level { get; init; }
    /// <summary>time_to_fraction: sample only every N hours (troughs before daily doses).</summary>
    public double? SampleEveryHours { get; init; }
}

/// <summary>An observed value with its unit, optional range, and whether it is only a bound.</summary>
public sealed record ObservedValue(double Value, string Unit)
{
    public double? Low { get; init; }
    public double? High { get; init; }
    /// <summary>"upper" or "lower" when the observation is a bound; null for a value.</summary>
    public string? Bound { get; init; }
    public string? Derivation { get; init; }
}

/// <summary>One published observation, the run that reproduces it and what is read from that run.</summary>
public sealed record Observation
{
    public required string Id { get; init; }
    public required string Description { get; init; }
    public required string Source { get; init; }
    public required string Quote { get; init; }
    public required string Sheet { get; init; }
    public required string SheetStatus { get; init; }
    public required string Species { get; init; }
    public required ImmutableArray<string> Regimens { get; init; }
    public required double DurationHours { get; init; }
    public required double StepHours { get; init; }
    public ImmutableDictionary<string, double> ParameterOverrides { get; init; } = ImmutableDictionary<string, double>.Empty;
    public required Readout Readout { get; init; }
    public required ObservedValue Observed { get; init; }
    /// <summary>False when a model parameter was set from this observation (agreement is then expected).</summary>
    public required bool Independent { get; init; }
    /// <summary>True when the regimen or timing is not in the source and was assumed.</summary>
    public bool RegimenAssumed { get; init; }
    public string? Note { get; init; }
}

/// <summary>An observation from the literature sheets that is deliberately not simulated, and why.</summary>
public sealed record ExcludedObservation(string Observation, string Source, string Reason);
