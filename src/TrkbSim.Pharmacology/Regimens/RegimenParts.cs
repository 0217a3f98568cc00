using System.Collections.Immutable;
using System.Globalization;

namespace TrkbSim.Pharmacology.Regimens;

/// <summary>
/// A regimen as a user writes it, before it is checked: compound, dose and route as text (with their units), timing
/// in hours. <see cref="RegimenParser.Split"/> gives the parts of a regimen text; a front end with one option per
/// part (<c>--drug --dose --route --every --for --doses --start-at</c>) fills them directly. Either way
/// <see cref="RegimenParser.Build"/> checks and builds the <see cref="DoseRegimen"/>.
/// </summary>
public sealed record RegimenParts(string Compound, string Dose, string Route)
{
    public double? EveryHours { get; init; }
    public double? ForHours { get; init; }
    public int? Doses { get; init; }
    public double? FromHours { get; init; }
    /// <summary>1-based numbers of doses that are skipped.</summary>
    public ImmutableArray<int> Skip { get; init; } = [];
    /// <summary>The text the parts were read from, if any; messages quote it.</summary>
    public string? Text { get; init; }

    /// <summary>The text messages quote: the original text, or the parts written in the regimen syntax.</summary>
    public string Label => Text ?? Compose();

    private string Compose()
    {
        var words = new List<string> { Compound, Dose, Route };
        if (EveryHours is { } e) words.Add($"every {Time(e)}");
        if (ForHours is { } f) words.Add($"for {Time(f)}");
        if (Doses is { } n) words.Add($"doses {n.ToString(CultureInfo.InvariantCulture)}");
        if (FromHours is { } s) words.Add($"from {Time(s)}");
        if (Skip.Length > 0) words.Add($"skip {string.Join(',', Skip)}");
        return string.Join(' ', words);
    }

    private static string Time(double hours) => hours.ToString("G6", CultureInfo.InvariantCulture) + "h";
}
