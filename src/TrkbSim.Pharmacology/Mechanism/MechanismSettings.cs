using System.Collections.Immutable;
using TrkbSim.Modeling.Text;
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
    public static readonly NameTable<Genotype> GenotypeTable = new NameTable<Genotype>("genotype",
        ("wt", Genotype.WildType), ("y433f-het", Genotype.Heterozygous), ("y433f-hom", Genotype.Homozygous))
        .WithAliases(("wild-type", Genotype.WildType));
    public static readonly NameTable<LivingEnvironment> EnvironmentTable = new("environment",
        ("supportive", LivingEnvironment.Supportive), ("usual", LivingEnvironment.Usual), ("none", LivingEnvironment.None),
        ("stressful", LivingEnvironment.Stressful));
    /// <summary>BDNF expression: normal or knocked out.</summary>
    public static readonly NameTable<bool> BdnfKnockoutTable = new("value", ("normal", false), ("knockout", true));
    /// <summary>A pathway switched on or off.</summary>
    public static readonly NameTable<bool> SwitchTable = new("value", ("on", true), ("off", false));

    public static IReadOnlyList<string> Genotypes => GenotypeTable.Names;
    public static IReadOnlyList<string> Environments => EnvironmentTable.Names;

    public static string Name(this Genotype genotype) => GenotypeTable.Name(genotype);

    public static Genotype ParseGenotype(string text, string option) =>
        GenotypeTable.TryParse(text, out var g) ? g : throw new PharmacologyInputException(GenotypeTable.UnknownMessage(option, text.Trim()));

    public static LivingEnvironment ParseEnvironment(string text, string option) =>
        EnvironmentTable.TryParse(text, out var e) ? e : throw new PharmacologyInputException(EnvironmentTable.UnknownMessage(option, text.Trim()));

    public static MetaboliserPhenotype ParsePhenotype(string text, string option) =>
        CypNames.PhenotypeTable.TryParse(text, out var p) ? p : throw new PharmacologyInputException(CypNames.PhenotypeTable.UnknownMessage(option, text));
}

/// <summary>Text names of <see cref="ExposureHypothesis"/> for options and summaries.</summary>
public static class ExposureHypothesisNames
{
    public static readonly NameTable<ExposureHypothesis> Table = new("hypothesis", ("membrane", ExposureHypothesis.Membrane), ("free", ExposureHypothesis.Free));

    public static IReadOnlyList<string> All => Table.Names;

    public static string Name(this ExposureHypothesis h) => Table.Name(h);

    /// <summary>Parses a hypothesis name; the retired name 'tissue' gets an error that explains what replaced it.</summary>
    public static ExposureHypothesis Parse(string text, string option) =>
        Table.TryParse(text, out var h) ? h
        : string.Equals(text.Trim(), "tissue", StringComparison.OrdinalIgnoreCase) ? throw new PharmacologyInputException(RetiredTissue(option))
        : throw new PharmacologyInputException(Table.UnknownMessage(option, text.Trim().ToLowerInvariant()));

    /// <summary>Why the name 'tissue' is refused.</summary>
    public static string RetiredTissue(string option) =>
        $"{option}: 'tissue' is retired: it divided total tissue drug by an aqueous affinity, an implicit unit factor without data; " +
        "use 'membrane' (drug in the membrane lipid phase against an affinity in that phase) or 'free'";
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
