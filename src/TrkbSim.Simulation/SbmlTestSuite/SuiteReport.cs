using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrkbSim.Simulation.SbmlTestSuite;

/// <summary>Counts of case outcomes.</summary>
public sealed record StatusCounts(int Passed, int Failed, int Unsupported, int Error)
{
    public int Total => Passed + Failed + Unsupported + Error;

    public static StatusCounts Of(IEnumerable<CaseResult> results)
    {
        int p = 0, f = 0, u = 0, e = 0;
        foreach (var r in results)
        {
            switch (r.Status)
            {
                case CaseStatus.Passed: p++; break;
                case CaseStatus.Failed: f++; break;
                case CaseStatus.Unsupported: u++; break;
                default: e++; break;
            }
        }
        return new StatusCounts(p, f, u, e);
    }
}

/// <summary>The outcome of a suite run: every case, totals overall and by component and test tag, wall time.</summary>
public sealed record SuiteReport
{
    /// <summary>The versioned format written first in the JSON (docs/interop.md).</summary>
    [JsonPropertyOrder(-1)]
    public string Format { get; init; } = "trkbsim-sbml-test-suite/1";
    public required ImmutableArray<CaseResult> Cases { get; init; }
    public required StatusCounts Totals { get; init; }
    public required ImmutableSortedDictionary<string, StatusCounts> ByComponentTag { get; init; }
    public required ImmutableSortedDictionary<string, StatusCounts> ByTestTag { get; init; }
    public double WallSeconds { get; init; }
    public int Threads { get; init; }

    public static SuiteReport From(IEnumerable<CaseResult> results, double wallSeconds, int threads)
    {
        var cases = results.OrderBy(r => r.Id, StringComparer.Ordinal).ToImmutableArray();
        return new SuiteReport
        {
            Cases = cases,
            Totals = StatusCounts.Of(cases),
            ByComponentTag = ByTag(cases, r => r.ComponentTags),
            ByTestTag = ByTag(cases, r => r.TestTags),
            WallSeconds = wallSeconds,
            Threads = threads,
        };
    }

    private static ImmutableSortedDictionary<string, StatusCounts> ByTag(ImmutableArray<CaseResult> cases, Func<CaseResult, ImmutableArray<string>> tags) =>
        cases.SelectMany(c => tags(c).Select(t => (Tag: t, Case: c)))
            .GroupBy(x => x.Tag)
            .ToImmutableSortedDictionary(g => g.Key, g => StatusCounts.Of(g.Select(x => x.Case)), StringComparer.Ordinal);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new TrkbSim.Modeling.Files.NonFiniteAsNull() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static SuiteReport FromJson(string json) =>
        JsonSerializer.Deserialize<SuiteReport>(json, JsonOptions) ?? throw new JsonException("empty report");
}
