using TrkbSim.Modeling.Text;

namespace TrkbSim.Pharmacology.Compounds;

/// <summary>The polymorphic drug-metabolising enzymes whose phenotypes and inhibition the exposure part models.</summary>
public enum CypEnzyme
{
    Cyp2d6,
    Cyp2c19,
}

/// <summary>Metaboliser phenotype of a polymorphic CYP enzyme.</summary>
public enum MetaboliserPhenotype
{
    Poor,
    Intermediate,
    Normal,
    Ultrarapid,
}

/// <summary>Text names of <see cref="CypEnzyme"/> and <see cref="MetaboliserPhenotype"/> as used in files and options.</summary>
public static class CypNames
{
    public static readonly NameTable<CypEnzyme> EnzymeTable = new("enzyme", ("cyp2d6", CypEnzyme.Cyp2d6), ("cyp2c19", CypEnzyme.Cyp2c19));
    public static readonly NameTable<MetaboliserPhenotype> PhenotypeTable = new("phenotype",
        ("poor", MetaboliserPhenotype.Poor), ("intermediate", MetaboliserPhenotype.Intermediate), ("normal", MetaboliserPhenotype.Normal),
        ("ultrarapid", MetaboliserPhenotype.Ultrarapid));

    public static IReadOnlyList<string> Enzymes => EnzymeTable.Names;
    public static IReadOnlyList<string> Phenotypes => PhenotypeTable.Names;

    public static string Name(this CypEnzyme enzyme) => EnzymeTable.Name(enzyme);

    public static string Name(this MetaboliserPhenotype phenotype) => PhenotypeTable.Name(phenotype);

    public static bool TryParseEnzyme(string text, out CypEnzyme enzyme) => EnzymeTable.TryParse(text, out enzyme);

    public static bool TryParsePhenotype(string text, out MetaboliserPhenotype phenotype) => PhenotypeTable.TryParse(text, out phenotype);
}
