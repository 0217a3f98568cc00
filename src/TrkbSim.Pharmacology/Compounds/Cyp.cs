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
    public static readonly IReadOnlyList<string> Enzymes = ["cyp2d6", "cyp2c19"];
    public static readonly IReadOnlyList<string> Phenotypes = ["poor", "intermediate", "normal", "ultrarapid"];

    public static string Name(this CypEnzyme enzyme) => enzyme switch
    {
        CypEnzyme.Cyp2d6 => "cyp2d6",
        CypEnzyme.Cyp2c19 => "cyp2c19",
        _ => throw new ArgumentOutOfRangeException(nameof(enzyme)),
    };

    public static string Name(this MetaboliserPhenotype phenotype) => Phenotypes[(int)phenotype];

    public static bool TryParseEnzyme(string text, out CypEnzyme enzyme)
    {
        int i = IndexOf(Enzymes, text);
        enzyme = i < 0 ? default : (CypEnzyme)i;
        return i >= 0;
    }

    public static bool TryParsePhenotype(string text, out MetaboliserPhenotype phenotype)
    {
        int i = IndexOf(Phenotypes, text);
        phenotype = i < 0 ? default : (MetaboliserPhenotype)i;
        return i >= 0;
    }

    static int IndexOf(IReadOnlyList<string> names, string text)
    {
        for (int i = 0; i < names.Count; i++)
            if (string.Equals(names[i], text.Trim(), StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
