using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Scenarios;

/// <summary>The finished runs of a scenario, by label, with helpers for stating comparisons.</summary>
public sealed class ScenarioResults
{
    readonly Dictionary<string, int> _byLabel;

    public ScenarioResults(ScenarioDefinition definition, IReadOnlyList<RegimenResult> results)
    {
        if (results.Count != definition.Runs.Length) throw new ArgumentException("one result per run is required", nameof(results));
        Definition = definition;
        Results = results;
        Summaries = [.. results.Select(RegimenSummarizer.Summarize)];
        _byLabel = definition.Runs.Select((r, i) => (r.Label, i)).ToDictionary(p => p.Label, p => p.i);
    }

    public ScenarioDefinition Definition { get; }
    public IReadOnlyList<RegimenResult> Results { get; }
    public IReadOnlyList<RegimenSummary> Summaries { get; }

    public RegimenResult this[string label] => Results[Index(label)];

    public RegimenSummary Summary(string label) => Summaries[Index(label)];

    /// <summary>Value of a column at a time (h), interpolated.</summary>
    public double At(string label, string column, double hours) => this[label].At(column, hours);

    /// <summary>Value at the end of the run.</summary>
    public double Final(string label, string column) => this[label].Column(column)[^1];

    /// <summary>Largest value over the run.</summary>
    public double Max(string label, string column) => this[label].Column(column).Max();

    /// <summary>Largest rise above the value at time 0 (the run's untreated resting state).</summary>
    public double Rise(string label, string column)
    {
        var y = this[label].Column(column);
        return y.Max() - y[0];
    }

    /// <summary>Time (h) of the largest value.</summary>
    public double TimeOfMax(string label, string column)
    {
        var r = this[label];
        var y = r.Column(column);
        return r.Times[Array.IndexOf(y, y.Max())];
    }

    int Index(string label) => _byLabel.TryGetValue(label, out int i) ? i
        : throw new KeyNotFoundException($"scenario '{Definition.Name}' has no run '{label}'; runs: {string.Join(", ", _byLabel.Keys)}");
}
