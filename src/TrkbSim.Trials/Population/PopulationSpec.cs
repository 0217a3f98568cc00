using TrkbSim.Pharmacology.Compounds;
using System.Collections.Immutable;

namespace TrkbSim.Trials.Population;

/// <summary>
/// Distributions from which virtual subjects are drawn: covariates, CYP phenotype effects on clearance,
/// between-subject variability of model parameters, the placebo response and the noise of rated scores.
/// Loaded from population.json (embedded) or a user file of the same format by <see cref="PopulationFile"/>.
/// </summary>
public sealed record PopulationSpec
{
    /// <summary>Probability of each sex.</summary>
    public required IReadOnlyDictionary<Sex, SourcedNumber> SexFrequency { get; init; }
    /// <summary>Body weight per sex: log-normal with this median and CV, clipped to [min, max].</summary>
    public required IReadOnlyDictionary<Sex, LogNormalSpec> BodyWeightKg { get; init; }
    /// <summary>Phenotype frequencies of CYP2D6.</summary>
    public required IReadOnlyDictionary<MetaboliserPhenotype, SourcedNumber> Cyp2d6Frequency { get; init; }
    /// <summary>Phenotype frequencies of CYP2C19.</summary>
    public required IReadOnlyDictionary<MetaboliserPhenotype, SourcedNumber> Cyp2c19Frequency { get; init; }
    /// <summary>True (noise-free) MADRS at entry: normal, truncated to the inclusion range.</summary>
    public required NormalSpec BaselineMadrs { get; init; }
    /// <summary>Size of a subject's placebo (expectation) improvement at full build-up, MADRS points.</summary>
    public required NormalSpec PlaceboMadrs { get; init; }
    /// <summary>Time constant of the placebo build-up, h.</summary>
    public required SourcedNumber PlaceboTauHours { get; init; }
    /// <summary>SD of the rating error added to each rated MADRS (before rounding to whole points).</summary>
    public required SourcedNumber RatingNoiseSd { get; init; }
    /// <summary>Exposure fold-changes by phenotype, per (enzyme, compound); clearance is divided by the fold.</summary>
    public required ImmutableArray<CypEffect> CypEffects { get; init; }
    /// <summary>Between-subject variability of PK parameter classes (clearance, central_volume, absorption_rate, brain_partition).</summary>
    public required ImmutableDictionary<string, VariabilitySpec> PkVariability { get; init; }
    /// <summary>Between-subject variability of named mechanism (PD) parameters.</summary>
    public required ImmutableDictionary<string, VariabilitySpec> PdVariability { get; init; }

    /// <summary>The covariate names a population file may contain.</summary>
    public static readonly ImmutableArray<string> CovariateNames =
        ["sex", "body_weight", "cyp2d6", "cyp2c19", "baseline_madrs", "placebo_madrs"];

    /// <summary>The PK parameter classes that variability may be given for.</summary>
    public static readonly ImmutableArray<string> PkClasses =
        ["clearance", "central_volume", "absorption_rate", "brain_partition"];

    /// <summary>The product of exposure folds acting on a compound for the given phenotypes (1 when none applies).</summary>
    public double ExposureFold(string compound, MetaboliserPhenotype cyp2d6, MetaboliserPhenotype cyp2c19)
    {
        double fold = 1;
        foreach (var e in CypEffects)
        {
            if (!string.Equals(e.Compound, compound, StringComparison.OrdinalIgnoreCase)) continue;
            var ph = e.Enzyme == "cyp2d6" ? cyp2d6 : cyp2c19;
            if (e.ExposureFold.TryGetValue(ph, out var f)) fold *= f.Value;
        }
        return fold;
    }
}

/// <summary>Log-normal distribution by median and coefficient of variation, clipped to [Min, Max].</summary>
public sealed record LogNormalSpec(SourcedNumber Median, SourcedNumber Cv, double Min, double Max)
{
    /// <summary>ω = sqrt(ln(1 + CV²)), the SD of the log.</summary>
    public double Omega => Math.Sqrt(Math.Log(1 + Cv.Value * Cv.Value));
}

/// <summary>Normal distribution clipped (by truncation of the draw) to [Min, Max].</summary>
public sealed record NormalSpec(SourcedNumber Mean, SourcedNumber Sd, double Min, double Max);

/// <summary>Between-subject variability of one parameter (class): log-normal around the model value with this CV.</summary>
public sealed record VariabilitySpec(SourcedNumber Cv);

/// <summary>How a CYP phenotype changes the exposure (AUC, steady-state level) of one compound.</summary>
public sealed record CypEffect(string Enzyme, string Compound, IReadOnlyDictionary<MetaboliserPhenotype, SourcedNumber> ExposureFold);
