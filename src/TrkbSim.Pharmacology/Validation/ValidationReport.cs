using System.Collections.Immutable;

namespace TrkbSim.Pharmacology.Validation;

/// <summary>The outcome of a validation: one row per simulated observation, the observations left out, and shares within 2-fold.</summary>
public sealed record ValidationReport(ImmutableArray<ValidationRow> Rows, ImmutableArray<ExcludedObservation> NotSimulated)
{
    public int Count => Rows.Length;
    public int Within2FoldCount => Rows.Count(r => r.Within2Fold);
    public double FractionWithin2Fold => Share(Rows);
    /// <summary>Share within 2-fold among observations not used to set any parameter.</summary>
    public double FractionWithin2FoldIndependent => Share([.. Rows.Where(r => r.Observation.Independent)]);
    /// <summary>Share within 2-fold among independent observations whose regimen is stated in the source.</summary>
    public double FractionWithin2FoldIndependentStated => Share([.. Rows.Where(r => r.Observation.Independent && !r.Observation.RegimenAssumed)]);
    /// <summary>Files written (table, plot, markdown); empty when nothing was written.</summary>
    public ImmutableArray<string> Files { get; init; } = [];

    static double Share(IReadOnlyList<ValidationRow> rows) => rows.Count == 0 ? double.NaN : rows.Count(r => r.Within2Fold) / (double)rows.Count;
}
