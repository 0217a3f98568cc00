using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>Peak and trough of one series over the last dosing interval, and its value at the end of the run.</summary>
public sealed record SeriesSummary(double Peak, double PeakTimeHours, double Trough, double TroughTimeHours, double SteadyState);

/// <summary>
/// The headline numbers of a regimen run (JSON via <see cref="ToJson"/>). Times are in hours from the start of the
/// run; a time is null when the run never reaches the level.
/// </summary>
public sealed record RegimenSummary
{
    /// <summary>The versioned format written first in the JSON (docs/interop.md).</summary>
    [JsonPropertyOrder(-1)]
    public string Format { get; init; } = "trkbsim-regimen-summary/1";
    public required string Species { get; init; }
    public required ImmutableArray<string> Regimens { get; init; }
    public required ImmutableArray<string> Compounds { get; init; }
    public required double DurationHours { get; init; }
    /// <summary>Window over which peaks and troughs are taken: the last dosing interval (or the whole run without doses).</summary>
    public required double LastIntervalStartHours { get; init; }
    public required double LastIntervalEndHours { get; init; }
    /// <summary>madrs (human) or behavior_score (mouse).</summary>
    public required string OutcomeColumn { get; init; }
    public required double OutcomeBaseline { get; init; }
    public required double OutcomeFinal { get; init; }
    /// <summary>First time the outcome falls 20 % below its baseline (onset of improvement).</summary>
    public double? OnsetHours { get; init; }
    /// <summary>First time the outcome falls 50 % below its baseline (response).</summary>
    public double? ResponseHours { get; init; }
    /// <summary>Final MADRS (human runs only).</summary>
    public double? FinalMadrs { get; init; }
    public required double FinalTrkbOccupancy { get; init; }
    public required double MaxTrkbOccupancy { get; init; }
    /// <summary>First time occupancy_TRKB reaches half of its value at the end of the run.</summary>
    public double? TimeToHalfFinalTrkbOccupancyHours { get; init; }
    /// <summary>First time occupancy_TRKB reaches 0.5 (half of the TRKB dimer pockets occupied).</summary>
    [JsonPropertyName("time_to_50_percent_trkb_engagement_hours")]
    public double? TimeTo50PercentTrkbEngagementHours { get; init; }
    /// <summary>Peak/trough over the last dosing interval and end value of each exposure series and occupancy.</summary>
    public required ImmutableSortedDictionary<string, SeriesSummary> Series { get; init; }
    /// <summary>For an uncertainty run: samples, seed, parameters varied and the spread of onset and response times.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UncertaintyInfo? Uncertainty { get; init; }
    /// <summary>For a run started at the regimens' periodic steady state: its period and how it was found.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SteadyStateStartInfo? SteadyStateStart { get; init; }
    /// <summary>Value of every table column at the end of the run.</summary>
    public required ImmutableSortedDictionary<string, double> SteadyState { get; init; }

    static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new TrkbSim.Modeling.Files.NonFiniteAsNull() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);
}
