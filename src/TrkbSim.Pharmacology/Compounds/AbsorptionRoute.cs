namespace TrkbSim.Pharmacology.Compounds;

/// <summary>Extravascular routes that need bioavailability and absorption data in a compound file.</summary>
public enum AbsorptionRoute
{
    /// <summary>Swallowed: tablets, drinking water, the swallowed part of a nasal dose.</summary>
    Oral,
    /// <summary>Absorbed through the nasal mucosa.</summary>
    Intranasal,
    /// <summary>Intraperitoneal injection.</summary>
    Ip,
}

/// <summary>Text names of <see cref="AbsorptionRoute"/> as used in compound files.</summary>
public static class AbsorptionRouteNames
{
    public static readonly IReadOnlyList<string> All = ["oral", "intranasal", "ip"];

    public static string Name(this AbsorptionRoute route) => route switch
    {
        AbsorptionRoute.Oral => "oral",
        AbsorptionRoute.Intranasal => "intranasal",
        AbsorptionRoute.Ip => "ip",
        _ => throw new ArgumentOutOfRangeException(nameof(route)),
    };

    public static bool TryParse(string text, out AbsorptionRoute route)
    {
        switch (text)
        {
            case "oral": route = AbsorptionRoute.Oral; return true;
            case "intranasal": route = AbsorptionRoute.Intranasal; return true;
            case "ip": route = AbsorptionRoute.Ip; return true;
            default: route = default; return false;
        }
    }
}
