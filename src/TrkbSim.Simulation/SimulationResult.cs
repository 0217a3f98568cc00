using TrkbSim.Numerics.Ode;

namespace TrkbSim.Simulation;

/// <summary>A time course: one value array per column, aligned with <see cref="Times"/>.</summary>
public sealed class SimulationResult
{
    private readonly Dictionary<string, int> _index;

    public SimulationResult(IReadOnlyList<string> columns, double[] times, double[][] values, SolverStatistics statistics)
    {
        Columns = columns;
        Times = times;
        Values = values;
        Statistics = statistics;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Count; i++) _index.TryAdd(columns[i], i);
    }

    public IReadOnlyList<string> Columns { get; }
    public double[] Times { get; }
    public double[][] Values { get; }
    public SolverStatistics Statistics { get; }

    /// <summary>Index of a column, or -1.</summary>
    public int IndexOf(string column) => _index.TryGetValue(column, out var i) ? i : -1;

    public ReadOnlySpan<double> Column(string column)
    {
        int i = IndexOf(column);
        if (i < 0) throw new KeyNotFoundException($"No column '{column}' (columns: {string.Join(", ", Columns)}).");
        return Values[i];
    }
}
