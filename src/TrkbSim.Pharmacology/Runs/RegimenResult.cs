using System.Collections.Immutable;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>
/// The time course of one regimen run as a table: <see cref="Columns"/> starts with time_h, then the columns of
/// <see cref="RegimenColumns"/>; <see cref="Values"/> holds one array per column, aligned with <see cref="Times"/>.
/// </summary>
public sealed class RegimenResult
{
    readonly Dictionary<string, int> _index;

    public RegimenResult(MechanismSettings settings, ImmutableArray<string> compounds, IReadOnlyList<string> columns, double[][] values)
    {
        if (columns.Count != values.Length) throw new ArgumentException("one value array per column is required", nameof(values));
        if (columns.Count == 0 || columns[0] != RegimenColumns.Time) throw new ArgumentException($"the first column must be {RegimenColumns.Time}", nameof(columns));
        Settings = settings;
        Compounds = compounds;
        Columns = columns;
        Values = values;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Count; i++) _index[columns[i]] = i;
    }

    public MechanismSettings Settings { get; }
    /// <summary>
    /// Peak and trough over the last dosing interval of each exposure and occupancy column, read from a fine grid of the
    /// solution (independent of the table's step); null when the result was not made by a regimen run.
    /// </summary>
    public ImmutableDictionary<string, SeriesSummary>? WindowExtremes { get; init; }
    /// <summary>For an uncertainty run: how its percentile columns were made; null for a typical-subject run.</summary>
    public UncertaintyInfo? Uncertainty { get; init; }
    /// <summary>How the periodic steady state the run started from was found; null when it started from the model's initial values.</summary>
    public SteadyStateStartInfo? SteadyStateStart { get; init; }
    /// <summary>Compounds present (dosed and metabolites), in library order.</summary>
    public ImmutableArray<string> Compounds { get; }
    public IReadOnlyList<string> Columns { get; }
    public double[][] Values { get; }
    public double[] Times => Values[0];
    public Organism Species => Settings.Species;
    /// <summary>madrs (human) or behavior_score (mouse).</summary>
    public string OutcomeColumn => RegimenColumns.Outcome(Species);

    public bool Has(string column) => _index.ContainsKey(column);

    public double[] Column(string column) => _index.TryGetValue(column, out int i) ? Values[i]
        : throw new KeyNotFoundException($"no column '{column}' in the regimen table; columns: {string.Join(", ", Columns)}");

    /// <summary>Linear interpolation of a column at <paramref name="hours"/> (clamped to the run).</summary>
    public double At(string column, double hours) => TimeSeries.Interpolate(Times, Column(column), hours);
}
