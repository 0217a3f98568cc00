using TrkbSim.Modeling.Text;

namespace TrkbSim.Pharmacology.Compounds;

/// <summary>The species a simulation is run for.</summary>
public enum Organism
{
    Human,
    Mouse,
}

/// <summary>Text names of <see cref="Organism"/> as used in compound files and settings.</summary>
public static class OrganismNames
{
    public static readonly NameTable<Organism> Table = new("species", ("human", Organism.Human), ("mouse", Organism.Mouse));

    public static string Name(this Organism organism) => Table.Name(organism);

    public static bool TryParse(string text, out Organism organism) => Table.TryParse(text, out organism);
}
