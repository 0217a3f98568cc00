using System.Collections.Immutable;

namespace TrkbSim.Pharmacology.Validation;

/// <summary>The outcome of a validation: one row per simulated observation, the observations left out, and shares within 2-fold.</summary>
public sealed record ValidationReport(ImmutableArray<ValidationRow> Rows, ImmutableArray<ExcludedObservation> NotSimulated)
{
    public int Count => Rows.Length;
    public int Within2FoldCount => Rows.Count(r => r.Within2Fold);
    public double FractionWithin2Fold => Share(Rows);
    /// <summary>The validation observations: none of them set a model parameter.</summary>
    public ImmutableArray<ValidationRow> Validation => [.. Rows.Where(r => r.Observation.Use == ObservationUse.Validation)];
    /// <summary>The calibration observations: each set a model parameter, so agreement with them is expected.</summary>
    public ImmutableArray<ValidationRow> Calibration => [.. Rows.Where(r => r.Observation.Use == ObservationUse.Calibration)];
    /// <summary>Share within 2-fold among the validation observations: the score that tests the model.</summary>
    public double FractionWithin2FoldValidation => Share(Validation);
    /// <summary>Share within 2-fold among the calibration observations.</summary>
    public double FractionWithin2FoldCalibration => Share(Calibration);
    /// <summary>Share within 2-fold among validation observations whose regimen is stated in the source.</summary>
    public double FractionWithin2FoldValidationStated => Share([.. Validation.Where(r => !r.Observation.RegimenAssumed)]);
    /// <summary>Plot groups (compounds, or named runs without a drug) that validation observations cover.</summary>
    public ImmutableArray<string> ValidationGroups => [.. Validation.Select(r => r.Observation.Group).Distinct().Order(StringComparer.Ordinal)];
    /// <summary>Species that validation observations cover.</summary>
    public ImmutableArray<string> ValidationSpecies => [.. Validation.Select(r => r.Observation.Species).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The gate's requirements: enough validation observations across compounds and both species, and the share.</summary>
    public const int GateMinimumObservations = 40, GateMinimumCompounds = 8;
    public const double GateMinimumShare = 0.8;

    /// <summary>Compounds among the validation groups (groups named after a library compound).</summary>
    public int ValidationCompoundCount(Compounds.CompoundLibrary library) => ValidationGroups.Count(g => library.TryGet(g, out _));

    /// <summary>Why the gate fails, or an empty list when it passes. Only validation observations count.</summary>
    public IReadOnlyList<string> GateProblems(Compounds.CompoundLibrary library)
    {
        var problems = new List<string>();
        if (Validation.Length < GateMinimumObservations)
            problems.Add($"{Validation.Length} validation observations; at least {GateMinimumObservations} are required");
        int compounds = ValidationCompoundCount(library);
        if (compounds < GateMinimumCompounds) problems.Add($"validation covers {compounds} compounds; at least {GateMinimumCompounds} are required");
        foreach (var species in new[] { "human", "mouse" })
            if (!ValidationSpecies.Contains(species)) problems.Add($"no validation observation for {species}");
        if (!(FractionWithin2FoldValidation >= GateMinimumShare))
            problems.Add($"{100 * FractionWithin2FoldValidation:F1} % of validation observations within 2-fold; at least {100 * GateMinimumShare:F0} % are required");
        return problems;
    }
    /// <summary>Files written (table, plot, markdown); empty when nothing was written.</summary>
    public ImmutableArray<string> Files { get; init; } = [];

    static double Share(IReadOnlyList<ValidationRow> rows) => rows.Count == 0 ? double.NaN : rows.Count(r => r.Within2Fold) / (double)rows.Count;
}
