namespace TrkbSim.Modeling.Antimony;

/// <summary>SBML base unit kinds, and the spellings Antimony accepts for them (plurals, American spelling).</summary>
internal static class UnitKinds
{
    public static readonly HashSet<string> Base = new(StringComparer.Ordinal)
    {
        "ampere", "avogadro", "becquerel", "candela", "coulomb", "dimensionless", "farad", "gram", "gray", "henry",
        "hertz", "item", "joule", "katal", "kelvin", "kilogram", "litre", "lumen", "lux", "metre", "mole", "newton",
        "ohm", "pascal", "radian", "second", "siemens", "sievert", "steradian", "tesla", "volt", "watt", "weber",
    };

    /// <summary>Maps <c>liters</c>, <c>meter</c>, <c>seconds</c> to the SBML kind; other names (user units) are kept.</summary>
    public static string Normalize(string name)
    {
        string n = name switch
        {
            "liter" or "liters" => "litre",
            "meter" or "meters" => "metre",
            _ => name,
        };
        if (Base.Contains(n)) return n;
        if (n.EndsWith('s') && Base.Contains(n[..^1])) return n[..^1];
        return n;
    }
}
