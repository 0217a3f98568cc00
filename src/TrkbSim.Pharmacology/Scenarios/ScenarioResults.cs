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

    /// <summary>
    /// How a column ends its run, in words with the numbers behind them: "still rising (+x over the last week)",
    /// "falling (-x ...)" or "level (within 1 % ...)" for a change of less than 1 % of the end value.
    /// </summary>
    public string Trend(string label, string column, double windowHours = 168)
    {
        var r = this[label];
        double end = r.Times[^1], last = r.Column(column)[^1];
        double change = last - r.At(column, Math.Max(0, end - windowHours));
        string over = windowHours == 168 ? "over the last week" : $"over the last {ScenarioMarkdown.Time(windowHours)}";
        string amount = ScenarioMarkdown.F(Math.Abs(change));
        if (Math.Abs(change) <= 0.01 * Math.Abs(last)) return $"level at the end (change {amount} {over})";
        return change > 0 ? $"still rising at the end (+{amount} {over})" : $"falling at the end (-{amount} {over})";
    }

    /// <summary>
    /// The shape of y over x (ordered by x), in words: "rises throughout", "falls throughout", "highest at x = X and
    /// lower on both sides (bell-shaped)", "lowest at x = X ...", or "changes direction more than once".
    /// </summary>
    public static string Shape(IReadOnlyList<double> x, IReadOnlyList<double> y, string xUnit)
    {
        int n = y.Count;
        if (n < 3) return "too few points for a shape";
        var steps = Enumerable.Range(1, n - 1).Select(i => Math.Sign(y[i] - y[i - 1])).Where(s => s != 0).ToList();
        int turns = steps.Zip(steps.Skip(1)).Count(p => p.First != p.Second);
        if (steps.Count == 0) return "the same at every point";
        if (turns == 0) return steps[0] > 0 ? "rises throughout" : "falls throughout";
        int iMax = Enumerable.Range(0, n).MaxBy(i => y[i]), iMin = Enumerable.Range(0, n).MinBy(i => y[i]);
        if (turns == 1 && steps[0] > 0)
            return $"highest at {ScenarioMarkdown.F(x[iMax])} {xUnit} and lower on both sides (bell-shaped)";
        if (turns == 1)
            return $"lowest at {ScenarioMarkdown.F(x[iMin])} {xUnit} and higher on both sides (U-shaped)";
        return $"changes direction {turns} times (highest at {ScenarioMarkdown.F(x[iMax])} {xUnit})";
    }

    int Index(string label) => _byLabel.TryGetValue(label, out int i) ? i
        : throw new KeyNotFoundException($"scenario '{Definition.Name}' has no run '{label}'; runs: {string.Join(", ", _byLabel.Keys)}");
}
