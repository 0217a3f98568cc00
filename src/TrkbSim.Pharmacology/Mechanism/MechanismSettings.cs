using System.Collections.Immutable;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Regimens;

namespace TrkbSim.Pharmacology.Mechanism;

/// <summary>TRKB Y433F genotype.</summary>
public enum Genotype
{
    WildType,
    Heterozygous,
    Homozygous,
}

/// <summary>The living environment, which sets the network's guidance target.</summary>
public enum LivingEnvironment
{
    Supportive,
    Usual,
    None,
    Stressful,
}

/// <summary>Which brain concentration drives TRKB binding.</summary>
public enum ExposureHypothesis
{
    /// <summary>Total brain tissue (membrane-associated) drug: the view of Casarotto et al. 2021.</summary>
    Tissue,
    /// <summary>Unbound brain drug: the view of the critics.</summary>
    Free,
}

/// <summary>Everything a run chooses about the mechanism model: species, doses, genotype, environment, switches.</summary>
public sealed record MechanismSettings
{
    public Organism Species { get; init; } = Organism.Human;
    /// <summary>Body weight, kg; null: the species' reference weight from the compound library.</summary>
    public double? BodyWeightKg { get; init; }
    public ImmutableArray<DoseRegimen> Regimens { get; init; } = [];
    public Genotype Genotype { get; init; } = Genotype.WildType;
    /// <summary>Membrane cholesterol, mol%; null: the core's physiological default.</summary>
    public double? CholesterolMolPct { get; init; }
    /// <summary>Fraction 0-1 of membrane cholesterol removed (statin, beta-cyclodextrin).</summary>
    public double CholesterolDepletion { get; init; }
    public LivingEnvironment Environment { get; init; } = LivingEnvironment.Usual;
    public ExposureHypothesis Exposure { get; init; } = ExposureHypothesis.Tissue;
    public bool BdnfKnockout { get; init; }
    public bool Exercise { get; init; }
    public bool SerotoninPathway { get; init; } = true;
    /// <summary>Optional core switches: emitted only when set.</summary>
    public bool? Stress { get; init; }
    public bool? KetamineBdnfSynthesis { get; init; }
    public double? Placebo { get; init; }
    /// <summary>Any model parameter set last (after the settings above), by name.</summary>
    public ImmutableDictionary<string, double> ParameterOverrides { get; init; } = ImmutableDictionary<string, double>.Empty;
}
