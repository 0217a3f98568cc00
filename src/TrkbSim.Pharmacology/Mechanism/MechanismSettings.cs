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
    /// <summary>
    /// Drug in the membrane lipid phase, where the TRKB transmembrane pocket sits, against an affinity expressed in the
    /// same phase: the view of Casarotto et al. 2021, made unit-consistent.
    /// </summary>
    Membrane,
    /// <summary>Unbound (interstitial) brain drug against the aqueous affinity: the view of the critics.</summary>
    Free,
}

/// <summary>Text names of the mechanism settings' choices, parsed with errors that name the option and what is allowed.</summary>
public static class SettingNames
{
    public static readonly IReadOnlyList<string> Genotypes = ["wt", "y433f-het", "y433f-hom"];
    public static readonly IReadOnlyList<string> Environments = ["supportive", "usual", "none", "stressful"];

    public static Genotype ParseGenotype(string text, string option) => text.Trim().ToLowerInvariant() switch
    {
        "wt" or "wild-type" => Genotype.WildType,
        "y433f-het" => Genotype.Heterozygous,
        "y433f-hom" => Genotype.Homozygous,
        var g => throw new PharmacologyInputException($"{option}: unknown genotype '{g}'; allowed: {string.Join(", ", Genotypes)}"),
    };

    public static LivingEnvironment ParseEnvironment(string text, string option) => text.Trim().ToLowerInvariant() switch
    {
        "supportive" => LivingEnvironment.Supportive,
        "usual" => LivingEnvironment.Usual,
        "none" => LivingEnvironment.None,
        "stressful" => LivingEnvironment.Stressful,
        var v => throw new PharmacologyInputException($"{option}: unknown environment '{v}'; allowed: {string.Join(", ", Environments)}"),
    };

    public static MetaboliserPhenotype ParsePhenotype(string text, string option) =>
        CypNames.TryParsePhenotype(text, out var p) ? p
        : throw new PharmacologyInputException($"{option}: unknown phenotype '{text}'; allowed: {string.Join(", ", CypNames.Phenotypes)}");
}

/// <summary>Text names of <see cref="ExposureHypothesis"/> for options and summaries.</summary>
public static class ExposureHypothesisNames
{
    public static readonly IReadOnlyList<string> All = ["membrane", "free"];

    public static string Name(this ExposureHypothesis h) => All[(int)h];

    /// <summary>Parses a hypothesis name; the retired name 'tissue' gets an error that explains what replaced it.</summary>
    public static ExposureHypothesis Parse(string text, string option) => text.Trim().ToLowerInvariant() switch
    {
        "membrane" => ExposureHypothesis.Membrane,
        "free" => ExposureHypothesis.Free,
        "tissue" => throw new PharmacologyInputException(
            $"{option}: 'tissue' is retired: it divided total tissue drug by an aqueous affinity, an implicit unit factor without data; " +
            "use 'membrane' (drug in the membrane lipid phase against an affinity in that phase) or 'free'"),
        var v => throw new PharmacologyInputException($"{option}: unknown hypothesis '{v}'; allowed: membrane, free"),
    };
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
    public ExposureHypothesis Exposure { get; init; } = ExposureHypothesis.Membrane;
    /// <summary>CYP2D6 metaboliser phenotype (acts on the share of clearance that CYP2D6 carries).</summary>
    public MetaboliserPhenotype Cyp2d6 { get; init; } = MetaboliserPhenotype.Normal;
    /// <summary>CYP2C19 metaboliser phenotype.</summary>
    public MetaboliserPhenotype Cyp2c19 { get; init; } = MetaboliserPhenotype.Normal;
    public bool BdnfKnockout { get; init; }
    public bool Exercise { get; init; }
    /// <summary>Structured psychotherapy alongside: raises what experience teaches the open network (core parameter therapy).</summary>
    public bool Therapy { get; init; }
    public bool SerotoninPathway { get; init; } = true;
    /// <summary>Optional core switches: emitted only when set.</summary>
    public bool? Stress { get; init; }
    public bool? KetamineBdnfSynthesis { get; init; }
    public double? Placebo { get; init; }
    /// <summary>
    /// Further model text placed after the core and before the run settings: an experiment's circuit (its state,
    /// readouts and manipulation events), which reads the core's outputs such as <c>experience_gate</c>.
    /// </summary>
    public ImmutableArray<string> Modules { get; init; } = [];
    /// <summary>Any model parameter set last (after the settings above), by name.</summary>
    public ImmutableDictionary<string, double> ParameterOverrides { get; init; } = ImmutableDictionary<string, double>.Empty;
}
