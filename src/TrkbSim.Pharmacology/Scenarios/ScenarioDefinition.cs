using System.Collections.Immutable;
using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Pharmacology.Scenarios;

/// <summary>
/// A named scenario: the claim it illustrates, its labelled runs, the outputs overlaid in its plots, and the
/// comparison it states in numbers (markdown lines computed from the finished runs).
/// </summary>
public sealed record ScenarioDefinition
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    /// <summary>What the scenario shows and how (a short paragraph, markdown).</summary>
    public required string Description { get; init; }
    public required ImmutableArray<ScenarioRun> Runs { get; init; }
    /// <summary>Table columns compared across runs, one overlay plot each.</summary>
    public required ImmutableArray<string> KeyOutputs { get; init; }
    /// <summary>The comparison in numbers: markdown lines (bullets) from the results.</summary>
    public required Func<ScenarioResults, IReadOnlyList<string>> Compare { get; init; }
    /// <summary>Library the runs use; null: the built-in one.</summary>
    public CompoundLibrary? Library { get; init; }
}
