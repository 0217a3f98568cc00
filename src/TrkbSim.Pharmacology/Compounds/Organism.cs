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
    public static string Name(this Organism organism) => organism switch
    {
        Organism.Human => "human",
        Organism.Mouse => "mouse",
        _ => throw new ArgumentOutOfRangeException(nameof(organism)),
    };

    public static bool TryParse(string text, out Organism organism)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "human": organism = Organism.Human; return true;
            case "mouse": organism = Organism.Mouse; return true;
            default: organism = default; return false;
        }
    }
}
