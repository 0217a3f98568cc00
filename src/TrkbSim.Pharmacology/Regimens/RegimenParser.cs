using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Pharmacology.Regimens;

/// <summary>
/// Parses <c>"COMPOUND DOSE ROUTE [every INTERVAL] [for DURATION | doses N] [from TIME] [skip I,J,...]"</c>,
/// e.g. <c>"fluoxetine 20mg oral every 24h for 8w"</c> or <c>"ketamine 0.5mg/kg infusion:40min doses 1 from 14d"</c>.
/// Durations take min, h, d or w; doses mg, ug (µg, mcg), mg/kg, or mg/mL (drinking water).
/// </summary>
public static partial class RegimenParser
{
    /// <summary>Shortest dosing interval (1 min), most doses and latest time (100 years) a regimen may have.</summary>
    public const double MinIntervalHours = 1.0 / 60, MaxHours = 100 * 8766;
    public const int MaxDoses = 100_000;

    public const string Syntax = "COMPOUND DOSE ROUTE [every INTERVAL] [for DURATION | doses N] [from TIME] [skip I,J,...]";
    const string AllowedRoutes = "oral, iv, infusion:DURATION (e.g. infusion:40min), intranasal, ip, drinking-water";
    const string AllowedDoseUnits = "mg, ug (or µg, mcg), mg/kg, mg/mL (drinking-water only)";
    const string AllowedTimeUnits = "min, h, d, w (e.g. 24h, 3.5d, 8w)";

    [GeneratedRegex(@"^(?<num>[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?)(?<unit>.*)$")]
    private static partial Regex NumberWithUnit();

    /// <summary>Parses the text and checks that the compound exists and has data for the route in the species.</summary>
    public static DoseRegimen Parse(string text, CompoundLibrary library, Organism organism)
    {
        var regimen = Parse(text, library);
        Validate(regimen, library, organism, text);
        return regimen;
    }

    /// <summary>Parses the text and checks that the compound exists (route data are checked per species later).</summary>
    public static DoseRegimen Parse(string text, CompoundLibrary library) => Build(Split(text), library);

    /// <summary>Builds a regimen from its parts and checks it as the text form is checked; route data are checked per species by <see cref="Validate"/>.</summary>
    public static DoseRegimen Parse(RegimenParts parts, CompoundLibrary library, Organism organism)
    {
        var regimen = Build(parts, library);
        Validate(regimen, library, organism, parts.Label);
        return regimen;
    }

    /// <summary>Splits the text into its parts, checking the form of each.</summary>
    public static RegimenParts Split(string text)
    {
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        PharmacologyInputException Bad(string problem) => new($"regimen \"{text.Trim()}\": {problem} (form: {Syntax})");

        if (tokens.Count < 3) throw Bad("expected at least a compound, a dose and a route");

        // "20 mg" is accepted as well as "20mg".
        int next = 1;
        string doseText = tokens[1];
        if (IsBareNumber(doseText) && tokens.Count >= 3 && IsDoseUnit(tokens[2])) { doseText += tokens[2]; next = 3; }
        else next = 2;

        if (next >= tokens.Count) throw Bad($"missing route; allowed: {AllowedRoutes}");
        string routeText = tokens[next++];

        double? interval = null, duration = null, start = null;
        int? count = null;
        var missed = ImmutableArray<int>.Empty;
        while (next < tokens.Count)
        {
            string keyword = tokens[next].ToLowerInvariant();
            if (next + 1 >= tokens.Count) throw Bad($"'{tokens[next]}' needs a value after it");
            string value = tokens[next + 1];
            switch (keyword)
            {
                case "every":
                    if (interval is not null) throw Bad("'every' given twice");
                    interval = ParseTime(value, "interval", Bad, positive: true);
                    break;
                case "for":
                    if (duration is not null) throw Bad("'for' given twice");
                    duration = ParseTime(value, "duration", Bad, positive: true);
                    break;
                case "doses":
                    if (count is not null) throw Bad("'doses' given twice");
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
                        throw Bad($"'doses {value}': expected a whole number of doses >= 1");
                    count = n;
                    break;
                case "from":
                    if (start is not null) throw Bad("'from' given twice");
                    start = ParseTime(value, "start time", Bad, positive: false);
                    break;
                case "skip" or "missed":
                    missed = ParseSkips(value, Bad);
                    break;
                default:
                    throw Bad($"unexpected '{tokens[next]}'; expected one of: every, for, doses, from, skip");
            }
            next += 2;
        }
        return new RegimenParts(tokens[0], doseText, routeText)
        {
            EveryHours = interval,
            ForHours = duration,
            Doses = count,
            FromHours = start,
            Skip = missed,
            Text = text.Trim(),
        };
    }

    /// <summary>The route the parts name.</summary>
    public static DoseRoute RouteOf(RegimenParts parts) =>
        ParseRoute(parts.Route, problem => new PharmacologyInputException($"regimen \"{parts.Label}\": {problem} (form: {Syntax})")).Route;

    /// <summary>Builds a regimen from its parts: the compound must exist, the dose, route and timing must fit together.</summary>
    public static DoseRegimen Build(RegimenParts parts, CompoundLibrary library)
    {
        PharmacologyInputException Bad(string problem) => new($"regimen \"{parts.Label}\": {problem} (form: {Syntax})");

        string compoundId = parts.Compound.ToLowerInvariant();
        if (!library.TryGet(compoundId, out _))
            throw Bad($"unknown compound '{parts.Compound}'; known: {string.Join(", ", library.Compounds.Select(c => c.Id))}");
        var (dose, unit) = ParseDose(parts.Dose, Bad);
        var (route, infusionHours) = ParseRoute(parts.Route, Bad);
        double? interval = parts.EveryHours, duration = parts.ForHours, start = parts.FromHours;
        int? count = parts.Doses;
        var missed = parts.Skip;

        if (count is not null && duration is not null) throw Bad("give either 'for DURATION' or 'doses N', not both");
        if (count is < 1) throw Bad($"'doses {count}': expected a whole number of doses >= 1");
        if (interval is <= 0 || duration is <= 0 || start is < 0) throw Bad("times must be > 0 ('every', 'for') or >= 0 ('from')");
        // Bounds that keep a regimen within what a run can hold: no dosing faster than every minute, at most
        // MaxDoses doses, no time beyond MaxHours.
        if (interval is < MinIntervalHours) throw Bad($"'every {Hours(interval.Value)}' is shorter than the shortest interval allowed ({MinIntervalHours * 60:0} min)");
        if (duration is > MaxHours || !double.IsFinite(duration ?? 0)) throw Bad($"'for' is longer than {MaxHours / 8766:0} years");
        if (start is > MaxHours || !double.IsFinite(start ?? 0)) throw Bad($"'from' is later than {MaxHours / 8766:0} years");
        if (count is > MaxDoses) throw Bad($"'doses {count}' is more than {MaxDoses:N0} doses");
        if (interval is { } i0 && duration is { } d0)
        {
            if (d0 < i0) throw Bad($"'for {Hours(d0)}' is shorter than 'every {Hours(i0)}', which gives a single dose; write 'doses 1' if that is meant");
            if (d0 / i0 > MaxDoses) throw Bad($"'every {Hours(i0)} for {Hours(d0)}' is more than {MaxDoses:N0} doses");
        }
        if (route == DoseRoute.DrinkingWater)
        {
            if (unit != DoseUnit.MgPerML) throw Bad("drinking-water needs a concentration dose in mg/mL (e.g. 0.08mg/mL)");
            if (interval is not null || count is not null) throw Bad("drinking-water is continuous: use 'for DURATION', not 'every' or 'doses'");
            if (missed.Length > 0) throw Bad("drinking-water is continuous: 'skip' does not apply");
        }
        else
        {
            if (unit == DoseUnit.MgPerML) throw Bad("a dose in mg/mL is only allowed with route drinking-water; use mg or mg/kg");
            if (interval is null && (count is > 1 || duration is not null))
                throw Bad("repeated dosing needs 'every INTERVAL'");
            if (interval is not null && count is null && duration is null)
                throw Bad("'every' needs 'for DURATION' or 'doses N' to say when dosing stops");
            if (route == DoseRoute.Infusion && interval is { } tau && infusionHours > tau)
                throw Bad($"the infusion ({Hours(infusionHours!.Value)}) is longer than the dosing interval ({Hours(tau)})");
        }

        var regimen = new DoseRegimen(compoundId, dose, unit, route)
        {
            InfusionHours = infusionHours,
            IntervalHours = interval,
            DoseCount = count,
            DurationHours = duration,
            StartHours = start ?? 0,
            MissedDoses = missed,
        };
        int scheduled = regimen.ScheduledDoseCount();
        foreach (int i in missed)
            if (i > scheduled) throw Bad($"skip {i}: there are only {scheduled} doses");
        return regimen;
    }

    /// <summary>Checks that the regimen's route has data for its compound in the species.</summary>
    public static void Validate(DoseRegimen regimen, CompoundLibrary library, Organism organism, string? text = null)
    {
        string label = $"regimen \"{(text ?? regimen.ToString()).Trim()}\"";
        var compound = library.Get(regimen.Compound);
        var pk = compound.PkFor(organism)
            ?? throw new PharmacologyInputException(
                $"{label}: compound '{compound.Id}' has no {organism.Name()} PK data; species with data: " +
                (compound.Pk.Count == 0 ? "none" : string.Join(", ", compound.Pk.Keys.Select(o => o.Name()))));
        AbsorptionRoute? needed = regimen.Route switch
        {
            DoseRoute.Oral or DoseRoute.DrinkingWater => AbsorptionRoute.Oral,
            DoseRoute.Intranasal => AbsorptionRoute.Intranasal,
            DoseRoute.Ip => AbsorptionRoute.Ip,
            _ => null,
        };
        if (needed is { } r && !pk.Bioavailability.ContainsKey(r))
        {
            var have = pk.Bioavailability.Keys.Select(k => k.Name()).Append("iv").Append("infusion");
            throw new PharmacologyInputException(
                $"{label}: compound '{compound.Id}' has no {r.Name()} data for {organism.Name()}; routes with data: {string.Join(", ", have)}");
        }
        if (regimen.Route == DoseRoute.DrinkingWater && library.Species[organism].WaterIntake is null)
            throw new PharmacologyInputException($"{label}: drinking-water needs the {organism.Name()} water intake (species.{organism.Name()}.water_intake)");
        if (regimen.Dose < 0 || !double.IsFinite(regimen.Dose))
            throw new PharmacologyInputException($"{label}: dose {regimen.Dose} is not allowed; a dose must be >= 0");
    }

    static bool IsDoseUnit(string s) => s.ToLowerInvariant() is "mg" or "ug" or "µg" or "μg" or "mcg" or "mg/kg" or "mg/ml";

    static bool IsBareNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    static (double Value, DoseUnit Unit) ParseDose(string text, Func<string, PharmacologyInputException> bad)
    {
        var m = NumberWithUnit().Match(text);
        if (!m.Success) throw bad($"dose '{text}': expected a number with a unit; allowed units: {AllowedDoseUnits}");
        double value = double.Parse(m.Groups["num"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (value < 0) throw bad($"dose '{text}' is negative; a dose must be >= 0");
        string unit = m.Groups["unit"].Value;
        return unit.ToLowerInvariant() switch
        {
            "mg" => (value, DoseUnit.Mg),
            "ug" or "µg" or "μg" or "mcg" => (value / 1000.0, DoseUnit.Mg),
            "mg/kg" => (value, DoseUnit.MgPerKg),
            "mg/ml" => (value, DoseUnit.MgPerML),
            "" => throw bad($"dose '{text}' has no unit; allowed units: {AllowedDoseUnits}"),
            _ => throw bad($"dose '{text}': unknown unit '{unit}'; allowed units: {AllowedDoseUnits}"),
        };
    }

    static (DoseRoute Route, double? InfusionHours) ParseRoute(string text, Func<string, PharmacologyInputException> bad)
    {
        string t = text.ToLowerInvariant();
        if (t.StartsWith("infusion", StringComparison.Ordinal))
        {
            if (!t.StartsWith("infusion:", StringComparison.Ordinal) || t.Length == "infusion:".Length)
                throw bad($"route '{text}': an infusion needs its duration, e.g. infusion:40min");
            return (DoseRoute.Infusion, ParseTime(text["infusion:".Length..], "infusion duration", bad, positive: true));
        }
        return t switch
        {
            "oral" or "po" => (DoseRoute.Oral, null),
            "iv" => (DoseRoute.Iv, null),
            "intranasal" or "nasal" => (DoseRoute.Intranasal, null),
            "ip" => (DoseRoute.Ip, null),
            "drinking-water" or "water" => (DoseRoute.DrinkingWater, null),
            _ => throw bad($"unknown route '{text}'; allowed: {AllowedRoutes}"),
        };
    }

    /// <summary>A time with unit (min, h, d, w) in hours.</summary>
    public static double ParseTime(string text, string what, Func<string, PharmacologyInputException> bad, bool positive)
    {
        var m = NumberWithUnit().Match(text);
        if (!m.Success) throw bad($"{what} '{text}': expected a number with a unit; allowed units: {AllowedTimeUnits}");
        double value = double.Parse(m.Groups["num"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        double factor = m.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "min" => 1.0 / 60,
            "h" => 1,
            "d" => 24,
            "w" => 168,
            "" => throw bad($"{what} '{text}' has no unit; allowed units: {AllowedTimeUnits}"),
            var u => throw bad($"{what} '{text}': unknown unit '{u}'; allowed units: {AllowedTimeUnits}"),
        };
        if (value < 0 || (positive && value == 0))
            throw bad($"{what} '{text}' must be {(positive ? "> 0" : ">= 0")}");
        if (!double.IsFinite(value * factor) || value * factor > MaxHours)
            throw bad($"{what} '{text}' is longer than {MaxHours / 8766:0} years");
        return value * factor;
    }

    static ImmutableArray<int> ParseSkips(string text, Func<string, PharmacologyInputException> bad)
    {
        var list = ImmutableArray.CreateBuilder<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int i) || i < 1)
                throw bad($"skip '{text}': expected dose numbers >= 1 separated by commas (e.g. skip 3,5)");
            list.Add(i);
        }
        if (list.Count == 0) throw bad($"skip '{text}': expected dose numbers separated by commas");
        return list.ToImmutable();
    }

    static string Hours(double h) => h.ToString("G4", CultureInfo.InvariantCulture) + " h";
}
