using System.Collections.Immutable;

namespace TrkbSim.Pharmacology.Scenarios;

/// <summary>What a scenario run produced: its comparison lines, the summary markdown and the files written.</summary>
public sealed record ScenarioReport(string Name, ImmutableArray<string> Findings, string SummaryMarkdown, ImmutableArray<string> Files)
{
    /// <summary>The results behind the report (for callers that want numbers, e.g. tests).</summary>
    public required ScenarioResults Results { get; init; }
}
