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
    /// <summary>Settings of the run besides species and regimens (genotype, placebo, exercise, phenotypes, overrides).</summary>
    public RunSettings Settings { get; init; } = new();
    /// <summary>A second run that relative readouts (effect_ratio_at) compare with; null when none is needed.</summary>
    public ReferenceRun? Reference { get; init; }
    public required Readout Readout { get; init; }
    public required ObservedValue Observed { get; init; }
    /// <summary>What the observation is for: calibration (it set a model parameter) or validation (it set none).</summary>
    public required ObservationUse Use { get; init; }
    /// <summary>The plot group: a compound id, or a name such as "exercise" for runs without a drug.</summary>
    public required string Group { get; init; }
    /// <summary>True when the observation set no parameter: agreement with it tests the model.</summary>
    public bool Independent => Use == ObservationUse.Validation;
    /// <summary>True when the regimen or timing is not in the source and was assumed.</summary>
    public bool RegimenAssumed { get; init; }
    public string? Note { get; init; }
}

/// <summary>Whether an observation set a model parameter (calibration) or is held out to test the model (validation).</summary>
public enum ObservationUse
{
    Calibration,
    Validation,
}

/// <summary>Run settings an observation can choose besides species and regimens; null keeps the model's default.</summary>
public sealed record RunSettings
{
    public string? Genotype { get; init; }
    public double? Placebo { get; init; }
    public bool? Exercise { get; init; }
    public string? Environment { get; init; }
    public string? Cyp2d6 { get; init; }
    public string? Cyp2c19 { get; init; }
    public bool? BdnfKnockout { get; init; }
    public string? Exposure { get; init; }
    public ImmutableDictionary<string, double> ParameterOverrides { get; init; } = ImmutableDictionary<string, double>.Empty;

    /// <summary>A stable text of the settings, for run caching.</summary>
    public string Key() => string.Join(';', Genotype, Placebo?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), Exercise,
        Environment, Cyp2d6, Cyp2c19, BdnfKnockout, Exposure,
        string.Join(',', ParameterOverrides.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}")));
}

/// <summary>The reference run of a relative readout: same species, duration and step, its own regimens and settings.</summary>
public sealed record ReferenceRun(ImmutableArray<string> Regimens, RunSettings Settings);

/// <summary>An observation from the literature sheets that is deliberately not simulated, and why.</summary>
public sealed record ExcludedObservation(string Observation, string Source, string Reason);
