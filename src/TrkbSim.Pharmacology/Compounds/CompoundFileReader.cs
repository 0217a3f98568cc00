using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Pharmacology.Compounds;

/// <summary>
/// Reads and validates a compound file (JSON, format <c>trkbsim-compounds/1</c>). Every error names the file,
/// the compound, the field and what is allowed.
/// </summary>
public static partial class CompoundFileReader
{
    public const string Format = "trkbsim-compounds/2";

    /// <summary>What changed since the first format, for the error a file of that format gets.</summary>
    const string FormatOneHint = "format 'trkbsim-compounds/1' is no longer read: set \"format\": \"trkbsim-compounds/2\", rename each " +
        "'brain_half_time' to 'bbb_half_time' (unbound drug across the blood-brain barrier) and add 'membrane_half_time' " +
        "(membrane-associated brain pool); see docs/compounds.md";

    static readonly string[] TopFields = ["format", "description", "species", "defaults", "compounds"];
    static readonly string[] CompoundFields = ["id", "name", "class", "molecular_weight", "parent", "affinities", "cyp_inhibition", "pk", "clinical_dose", "notes"];
    static readonly string[] DoseFields = ["basis", "route", "every", "low", "high", "population"];
    static readonly string[] DoseUnits = ["mg/day", "mg", "mg/kg"];
    static readonly string[] DoseRoutes = ["oral", "intranasal", "iv", "ip", "infusion:DURATION"];
    static readonly string[] PkFields =
    [
        "bioavailability", "absorption_rate", "intranasal_swallowed_fraction", "hepatic_extraction", "central_volume", "peripheral_volume",
        "intercompartmental_clearance", "clearance", "clearance_fraction", "fraction_formed", "fu_plasma", "kp_brain", "kp_uu",
        "bbb_half_time", "membrane_half_time",
    ];
    static readonly string[] ValueFields = ["value", "unit", "source", "quote", "derivation", "status", "note", "stand_in", "uncertainty"];
    static readonly string[] StatusNames = ["measured", "derived", "assumed", "calibrated"];
    static readonly string[] StandIns = ["rat"];

    /// <summary>What a numeric field must look like: its one allowed unit and range.</summary>
    sealed record FieldRule(string Unit, double Min, double Max, bool MinExclusive);

    static readonly FieldRule Fraction = new("fraction", 0, 1, false);
    static readonly FieldRule PositiveFraction = new("fraction", 0, 1, true);
    static FieldRule Positive(string unit) => new(unit, 0, double.PositiveInfinity, true);

    static readonly Dictionary<string, FieldRule> PkRules = new()
    {
        ["bioavailability"] = PositiveFraction,
        ["absorption_rate"] = Positive("1/h"),
        ["intranasal_swallowed_fraction"] = Fraction,
        ["hepatic_extraction"] = Fraction,
        ["central_volume"] = Positive("L/kg"),
        ["peripheral_volume"] = Positive("L/kg"),
        ["intercompartmental_clearance"] = Positive("L/h/kg"),
        ["clearance"] = Positive("L/h/kg"),
        ["fraction_formed"] = PositiveFraction,
        ["fu_plasma"] = PositiveFraction,
        ["kp_brain"] = Positive("ratio"),
        ["kp_uu"] = Positive("ratio"),
        ["bbb_half_time"] = Positive("h"),
        ["membrane_half_time"] = Positive("h"),
        ["clearance_fraction"] = Fraction,
    };

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex IdPattern();

    static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static CompoundFile ReadFile(string path)
    {
        string text;
        try { text = InputFile.ReadAllText(path, "compound file", 64L * 1024 * 1024); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PharmacologyInputException($"{path}: cannot read compound file: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses compound-file text; <paramref name="sourceName"/> prefixes every error message.</summary>
    public static CompoundFile Parse(string json, string sourceName)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, Options); }
        catch (JsonException e)
        {
            throw new PharmacologyInputException(
                $"{sourceName}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            var ctx = new Context(sourceName);
            var root = doc.RootElement;
            ctx.RequireKind(root, JsonValueKind.Object, "the file", "a JSON object");
            ctx.CheckFields(root, TopFields, "the file");
            if (root.TryGetProperty("format", out var format) && format.GetString() != Format)
                throw ctx.Error(format.ValueKind == JsonValueKind.String && format.GetString() == "trkbsim-compounds/1"
                    ? FormatOneHint : $"field 'format' is '{format}', expected '{Format}'");

            var compounds = ImmutableArray.CreateBuilder<Compound>();
            if (root.TryGetProperty("compounds", out var list))
            {
                ctx.RequireKind(list, JsonValueKind.Array, "field 'compounds'", "an array of compound objects");
                var seen = new HashSet<string>();
                foreach (var c in list.EnumerateArray())
                {
                    var compound = ReadCompound(ctx, c);
                    if (!seen.Add(compound.Id))
                        throw ctx.Error($"compound '{compound.Id}' is defined twice");
                    compounds.Add(compound);
                }
            }

            var species = new Dictionary<Organism, SpeciesData>();
            if (root.TryGetProperty("species", out var sp))
            {
                ctx.RequireKind(sp, JsonValueKind.Object, "field 'species'", "an object keyed by species");
                foreach (var p in sp.EnumerateObject())
                {
                    if (!OrganismNames.TryParse(p.Name, out var org) || !p.Name.Equals(p.Name.ToLowerInvariant(), StringComparison.Ordinal))
                        throw ctx.Error($"field 'species.{p.Name}': unknown species; allowed: human, mouse");
                    string where = $"species.{p.Name}";
                    ctx.CheckFields(p.Value, ["body_weight", "water_intake", "brain_lipid_fraction", "cyp_activity"], $"field '{where}'");
                    var bw = ctx.RequiredValue(p.Value, "body_weight", Positive("kg"), where, null);
                    var water = ctx.OptionalValue(p.Value, "water_intake", Positive("mL/day"), where, null);
                    var lipid = ctx.OptionalValue(p.Value, "brain_lipid_fraction", PositiveFraction, where, null);
                    species[org] = new SpeciesData(bw) { WaterIntake = water, BrainLipidFraction = lipid, CypActivity = ReadCypActivity(ctx, p.Value, where) };
                }
            }

            SourcedValue? kpuu = null, assayRatio = null;
            if (root.TryGetProperty("defaults", out var defaults))
            {
                ctx.CheckFields(defaults, ["kp_uu", "trkb_assay_membrane_ratio"], "field 'defaults'");
                kpuu = ctx.OptionalValue(defaults, "kp_uu", PkRules["kp_uu"], "defaults", null);
                assayRatio = ctx.OptionalValue(defaults, "trkb_assay_membrane_ratio", Positive("ratio"), "defaults", null);
            }
            return new CompoundFile(sourceName, compounds.ToImmutable())
            {
                Species = species, DefaultKpUu = kpuu, TrkbAssayMembraneRatio = assayRatio,
            };
        }
    }

    static Compound ReadCompound(Context ctx, JsonElement c)
    {
        ctx.RequireKind(c, JsonValueKind.Object, "an entry of 'compounds'", "a compound object");
        string id = c.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.String ? idEl.GetString()! : "";
        if (!IdPattern().IsMatch(id))
            throw ctx.Error($"compound id '{id}': expected lower-case letters, digits and '_' starting with a letter");
        var cx = ctx with { Compound = id };
        cx.CheckFields(c, CompoundFields, "the compound");
        string name = cx.RequiredString(c, "name");
        string cls = cx.RequiredString(c, "class");
        var mw = cx.RequiredValue(c, "molecular_weight", Positive("g/mol"), "", null);
        string? parent = c.TryGetProperty("parent", out var pEl) && pEl.ValueKind != JsonValueKind.Null ? cx.RequiredString(c, "parent") : null;
        if (parent == id) throw cx.Error("field 'parent': a compound cannot be its own parent");

        var aff = new Dictionary<Target, SourcedValue>();
        if (c.TryGetProperty("affinities", out var affEl))
        {
            cx.RequireKind(affEl, JsonValueKind.Object, "field 'affinities'", "an object keyed by target");
            foreach (var p in affEl.EnumerateObject())
            {
                if (!Enum.TryParse<Target>(p.Name, ignoreCase: false, out var target) || !Enum.IsDefined(target))
                    throw cx.Error($"field 'affinities.{p.Name}': unknown target; allowed: {string.Join(", ", Enum.GetNames<Target>())}");
                if (p.Value.ValueKind == JsonValueKind.Null) continue; // explicit "does not bind"
                aff[target] = cx.ReadValue(p.Value, Positive("nM"), $"affinities.{p.Name}", null);
            }
        }

        var inhibition = ReadEnzymeMap(cx, c, "cyp_inhibition", "", Positive("nM"), null);

        var pk = new Dictionary<Organism, SpeciesPk>();
        if (c.TryGetProperty("pk", out var pkEl))
        {
            cx.RequireKind(pkEl, JsonValueKind.Object, "field 'pk'", "an object keyed by species (human, mouse)");
            foreach (var p in pkEl.EnumerateObject())
            {
                if (!OrganismNames.TryParse(p.Name, out var org) || !p.Name.Equals(p.Name.ToLowerInvariant(), StringComparison.Ordinal))
                    throw cx.Error($"field 'pk.{p.Name}': unknown species; allowed: human, mouse");
                pk[org] = ReadSpeciesPk(cx, p.Value, org);
            }
        }

        ClinicalDose? dose = c.TryGetProperty("clinical_dose", out var doseEl) && doseEl.ValueKind != JsonValueKind.Null
            ? ReadClinicalDose(cx, doseEl) : null;

        var notes = ImmutableArray<string>.Empty;
        if (c.TryGetProperty("notes", out var notesEl))
        {
            cx.RequireKind(notesEl, JsonValueKind.Array, "field 'notes'", "an array of strings");
            notes = [.. notesEl.EnumerateArray().Select(n => n.ValueKind == JsonValueKind.String
                ? n.GetString()! : throw cx.Error("field 'notes': expected an array of strings"))];
        }
        return new Compound(id, name, cls, mw)
        {
            Parent = parent, Affinities = aff, CypInhibition = inhibition, Pk = pk, Notes = notes,
            ClinicalDose = dose,
        };
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?(min|h|d|w)$")]
    private static partial Regex DurationPattern();

    /// <summary><c>"clinical_dose": {"basis", "route", "every", "low", "high", "population"}</c> (human, adults).</summary>
    static ClinicalDose ReadClinicalDose(Context cx, JsonElement el)
    {
        const string where = "clinical_dose";
        cx.RequireKind(el, JsonValueKind.Object, $"field '{where}'", "an object {\"basis\", \"route\", \"every\", \"low\", \"high\"}");
        cx.CheckFields(el, DoseFields, $"field '{where}'");
        string basisText = el.TryGetProperty("basis", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : "";
        DoseBasis basis = basisText switch
        {
            "label" => DoseBasis.Label,
            "research" => DoseBasis.Research,
            _ => throw cx.Error($"field '{where}.basis': '{basisText}' is not allowed; allowed: label, research"),
        };
        string route = el.TryGetProperty("route", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";
        bool routeOk = route is "oral" or "intranasal" or "iv" or "ip"
            || (route.StartsWith("infusion:", StringComparison.Ordinal) && DurationPattern().IsMatch(route["infusion:".Length..]));
        if (!routeOk) throw cx.Error($"field '{where}.route': '{route}' is not allowed; allowed: {string.Join(", ", DoseRoutes)} (e.g. infusion:40min)");
        string? every = null;
        if (el.TryGetProperty("every", out var e) && e.ValueKind != JsonValueKind.Null)
        {
            every = e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
            if (!DurationPattern().IsMatch(every))
                throw cx.Error($"field '{where}.every': '{every}' is not a dosing interval; allowed: a number with h, d or w (24h, 3.5d), or null for a single dose");
        }
        string unit = el.TryGetProperty("low", out var lowEl) && lowEl.ValueKind == JsonValueKind.Object
            && lowEl.TryGetProperty("unit", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "";
        if (Array.IndexOf(DoseUnits, unit) < 0)
            throw cx.Error($"field '{where}.low.unit': '{unit}' is not allowed; allowed: {string.Join(", ", DoseUnits)}");
        if (unit == "mg/day" && every is null)
            throw cx.Error($"field '{where}.every': required with a daily dose (mg/day): the interval its daily amount is split into (24h, 12h)");
        var low = cx.RequiredValue(el, "low", Positive(unit), where, null);
        var high = cx.RequiredValue(el, "high", Positive(unit), where, null);
        if (high.Value < low.Value)
            throw cx.Error($"field '{where}': high ({high.Value} {unit}) is below low ({low.Value} {unit})");
        string? population = el.TryGetProperty("population", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        return new ClinicalDose(basis, route, every, low, high) { Population = population };
    }

    static SpeciesPk ReadSpeciesPk(Context cx, JsonElement el, Organism org)
    {
        string where = $"pk.{org.Name()}";
        cx.RequireKind(el, JsonValueKind.Object, $"field '{where}'", "an object of PK parameters");
        cx.CheckFields(el, PkFields, $"field '{where}'");
        var bio = ReadRouteMap(cx, el, "bioavailability", where, org);
        var ka = ReadRouteMap(cx, el, "absorption_rate", where, org);
        foreach (var route in bio.Keys.Where(r => !ka.ContainsKey(r)))
            throw cx.Error($"field '{where}.absorption_rate.{route.Name()}': required because bioavailability.{route.Name()} is given");
        foreach (var route in ka.Keys.Where(r => !bio.ContainsKey(r)))
            throw cx.Error($"field '{where}.bioavailability.{route.Name()}': required because absorption_rate.{route.Name()} is given");

        var swallowed = cx.OptionalValue(el, "intranasal_swallowed_fraction", PkRules["intranasal_swallowed_fraction"], where, org);
        if (swallowed is { Value: > 0 } && !bio.ContainsKey(AbsorptionRoute.Oral))
            throw cx.Error($"field '{where}.intranasal_swallowed_fraction': needs bioavailability.oral for the swallowed part");
        if (swallowed is not null && !bio.ContainsKey(AbsorptionRoute.Intranasal))
            throw cx.Error($"field '{where}.intranasal_swallowed_fraction': needs bioavailability.intranasal");

        var extraction = cx.OptionalValue(el, "hepatic_extraction", PkRules["hepatic_extraction"], where, org);
        if (extraction is not null)
        {
            // F = fa * (1 - E_H) with fa <= 1: the extraction must leave room for each portal route's bioavailability.
            if (extraction.Value >= 1)
                throw cx.Error($"field '{where}.hepatic_extraction.value': {extraction.Value} is out of range; allowed: [0, 1)");
            var portal = bio.Where(p => p.Key is AbsorptionRoute.Oral or AbsorptionRoute.Ip).ToList();
            if (portal.Count == 0)
                throw cx.Error($"field '{where}.hepatic_extraction': needs bioavailability.oral or bioavailability.ip (a route through the portal vein)");
            foreach (var (route, f) in portal)
                if (f.Value > 1 - extraction.Value + 1e-9)
                    throw cx.Error($"field '{where}.hepatic_extraction': {extraction.Value} leaves at most {1 - extraction.Value:0.###} of the dose "
                        + $"after the liver, below bioavailability.{route.Name()} = {f.Value} (F = fa * (1 - E_H) needs fa <= 1)");
        }

        var fractions = ReadEnzymeMap(cx, el, "clearance_fraction", where, PkRules["clearance_fraction"], org);
        double cypShare = fractions.Values.Sum(v => v.Value);
        if (cypShare > 1 + 1e-12)
            throw cx.Error($"field '{where}.clearance_fraction': the enzymes' fractions sum to {cypShare:G4}; at most 1 is allowed");

        var vp = cx.OptionalValue(el, "peripheral_volume", PkRules["peripheral_volume"], where, org);
        var q = cx.OptionalValue(el, "intercompartmental_clearance", PkRules["intercompartmental_clearance"], where, org);
        if ((vp is null) != (q is null))
            throw cx.Error($"field '{where}': peripheral_volume and intercompartmental_clearance must be given together");

        return new SpeciesPk
        {
            Bioavailability = bio,
            AbsorptionRate = ka,
            IntranasalSwallowedFraction = swallowed,
            HepaticExtraction = extraction,
            CentralVolume = cx.RequiredValue(el, "central_volume", PkRules["central_volume"], where, org),
            PeripheralVolume = vp,
            IntercompartmentalClearance = q,
            Clearance = cx.RequiredValue(el, "clearance", PkRules["clearance"], where, org),
            ClearanceFraction = fractions,
            FractionFormed = cx.OptionalValue(el, "fraction_formed", PkRules["fraction_formed"], where, org),
            FuPlasma = cx.RequiredValue(el, "fu_plasma", PkRules["fu_plasma"], where, org),
            KpBrain = cx.RequiredValue(el, "kp_brain", PkRules["kp_brain"], where, org),
            KpUu = cx.OptionalValue(el, "kp_uu", PkRules["kp_uu"], where, org),
            BbbHalfTime = cx.RequiredValue(el, "bbb_half_time", PkRules["bbb_half_time"], where, org),
            MembraneHalfTime = cx.RequiredValue(el, "membrane_half_time", PkRules["membrane_half_time"], where, org),
        };
    }

    /// <summary>An object keyed by CYP enzyme (cyp2d6, cyp2c19) whose entries are sourced values of one rule.</summary>
    static IReadOnlyDictionary<CypEnzyme, SourcedValue> ReadEnzymeMap(Context cx, JsonElement el, string field, string where, FieldRule rule, Organism? org)
    {
        var map = new Dictionary<CypEnzyme, SourcedValue>();
        string path = where.Length == 0 ? field : $"{where}.{field}";
        if (!el.TryGetProperty(field, out var m)) return map;
        cx.RequireKind(m, JsonValueKind.Object, $"field '{path}'", "an object keyed by enzyme (cyp2d6, cyp2c19)");
        foreach (var p in m.EnumerateObject())
        {
            if (!CypNames.TryParseEnzyme(p.Name, out var enzyme) || p.Name != enzyme.Name())
                throw cx.Error($"field '{path}.{p.Name}': unknown enzyme; allowed: {string.Join(", ", CypNames.Enzymes)}");
            map[enzyme] = cx.ReadValue(p.Value, rule, $"{path}.{p.Name}", org);
        }
        return map;
    }

    /// <summary><c>cyp_activity</c>: per enzyme, the activity of each phenotype relative to normal metabolisers.</summary>
    static IReadOnlyDictionary<CypEnzyme, IReadOnlyDictionary<MetaboliserPhenotype, SourcedValue>> ReadCypActivity(Context cx, JsonElement el, string where)
    {
        var result = new Dictionary<CypEnzyme, IReadOnlyDictionary<MetaboliserPhenotype, SourcedValue>>();
        if (!el.TryGetProperty("cyp_activity", out var m)) return result;
        string path = $"{where}.cyp_activity";
        cx.RequireKind(m, JsonValueKind.Object, $"field '{path}'", "an object keyed by enzyme (cyp2d6, cyp2c19)");
        foreach (var e in m.EnumerateObject())
        {
            if (!CypNames.TryParseEnzyme(e.Name, out var enzyme) || e.Name != enzyme.Name())
                throw cx.Error($"field '{path}.{e.Name}': unknown enzyme; allowed: {string.Join(", ", CypNames.Enzymes)}");
            cx.RequireKind(e.Value, JsonValueKind.Object, $"field '{path}.{e.Name}'", "an object keyed by phenotype");
            var byPhenotype = new Dictionary<MetaboliserPhenotype, SourcedValue>();
            foreach (var p in e.Value.EnumerateObject())
            {
                if (!CypNames.TryParsePhenotype(p.Name, out var phenotype) || p.Name != phenotype.Name())
                    throw cx.Error($"field '{path}.{e.Name}.{p.Name}': unknown phenotype; allowed: {string.Join(", ", CypNames.Phenotypes)}");
                byPhenotype[phenotype] = cx.ReadValue(p.Value, new FieldRule("ratio", 0, double.PositiveInfinity, false), $"{path}.{e.Name}.{p.Name}", null);
            }
            foreach (var phenotype in Enum.GetValues<MetaboliserPhenotype>())
                if (!byPhenotype.ContainsKey(phenotype))
                    throw cx.Error($"field '{path}.{e.Name}.{phenotype.Name()}': required (activity relative to normal metabolisers, ratio)");
            result[enzyme] = byPhenotype;
        }
        return result;
    }

    static IReadOnlyDictionary<AbsorptionRoute, SourcedValue> ReadRouteMap(Context cx, JsonElement el, string field, string where, Organism org)
    {
        var map = new Dictionary<AbsorptionRoute, SourcedValue>();
        if (!el.TryGetProperty(field, out var m)) return map;
        cx.RequireKind(m, JsonValueKind.Object, $"field '{where}.{field}'", "an object keyed by route (oral, intranasal, ip)");
        foreach (var p in m.EnumerateObject())
        {
            if (!AbsorptionRouteNames.TryParse(p.Name, out var route))
                throw cx.Error($"field '{where}.{field}.{p.Name}': unknown route; allowed: {string.Join(", ", AbsorptionRouteNames.All)} (iv needs no data)");
            map[route] = cx.ReadValue(p.Value, PkRules[field], $"{where}.{field}.{p.Name}", org);
        }
        return map;
    }

    /// <summary>Where the reader is, for error messages.</summary>
    sealed record Context(string Source)
    {
        public string? Compound { get; init; }

        public PharmacologyInputException Error(string message) =>
            new(Compound is null ? $"{Source}: {message}" : $"{Source}: compound '{Compound}': {message}");

        public void RequireKind(JsonElement el, JsonValueKind kind, string what, string expected)
        {
            if (el.ValueKind != kind) throw Error($"{what}: expected {expected}, got {Describe(el)}");
        }

        public void CheckFields(JsonElement el, string[] allowed, string what)
        {
            if (el.ValueKind != JsonValueKind.Object) throw Error($"{what}: expected an object, got {Describe(el)}");
            foreach (var p in el.EnumerateObject())
                if (Array.IndexOf(allowed, p.Name) < 0)
                    throw Error($"{what}: unknown field '{p.Name}'; allowed: {string.Join(", ", allowed)}");
        }

        public string RequiredString(JsonElement el, string field)
        {
            if (!el.TryGetProperty(field, out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
                throw Error($"field '{field}': required, a non-empty string");
            return v.GetString()!;
        }

        public SourcedValue RequiredValue(JsonElement el, string field, FieldRule rule, string where, Organism? org)
        {
            string path = where.Length == 0 ? field : $"{where}.{field}";
            if (!el.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
                throw Error($"field '{path}': required ({rule.Unit})");
            return ReadValue(v, rule, path, org);
        }

        public SourcedValue? OptionalValue(JsonElement el, string field, FieldRule rule, string where, Organism? org)
        {
            if (!el.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            return ReadValue(v, rule, where.Length == 0 ? field : $"{where}.{field}", org);
        }

        public SourcedValue ReadValue(JsonElement v, FieldRule rule, string path, Organism? org)
        {
            if (v.ValueKind != JsonValueKind.Object)
                throw Error($"field '{path}': expected an object {{\"value\", \"unit\", \"source\", \"quote\" or \"derivation\", \"status\"}}, got {Describe(v)}");
            CheckFields(v, ValueFields, $"field '{path}'");
            if (!v.TryGetProperty("value", out var valEl) || valEl.ValueKind != JsonValueKind.Number)
                throw Error($"field '{path}.value': required, a number");
            double value = valEl.GetDouble();
            string unit = Str(v, "unit") ?? throw Error($"field '{path}.unit': required; allowed: '{rule.Unit}'");
            if (unit != rule.Unit) throw Error($"field '{path}.unit': '{unit}' is not allowed here; use '{rule.Unit}'");
            bool below = rule.MinExclusive ? value <= rule.Min : value < rule.Min;
            if (below || value > rule.Max || !double.IsFinite(value))
                throw Error($"field '{path}.value': {value} is out of range; allowed: {Range(rule)}");
            string source = Str(v, "source") ?? throw Error($"field '{path}.source': required (URL or reference)");
            string statusText = Str(v, "status") ?? throw Error($"field '{path}.status': required; allowed: {string.Join(", ", StatusNames)}");
            int si = Array.IndexOf(StatusNames, statusText);
            if (si < 0) throw Error($"field '{path}.status': '{statusText}' is not allowed; allowed: {string.Join(", ", StatusNames)}");
            var status = (ValueStatus)si;
            string? quote = Str(v, "quote"), derivation = Str(v, "derivation"), note = Str(v, "note"), standIn = Str(v, "stand_in");
            switch (status)
            {
                case ValueStatus.Measured when quote is null:
                    throw Error($"field '{path}': a measured value needs a 'quote' from its source");
                case ValueStatus.Derived or ValueStatus.Calibrated when derivation is null:
                    throw Error($"field '{path}': a {statusText} value needs a 'derivation' (the arithmetic from cited numbers)");
                case ValueStatus.Assumed when note is null:
                    throw Error($"field '{path}': an assumed value needs a 'note' giving the reasoning");
            }
            if (standIn is not null)
            {
                if (Array.IndexOf(StandIns, standIn) < 0)
                    throw Error($"field '{path}.stand_in': '{standIn}' is not allowed; allowed: {string.Join(", ", StandIns)}");
                if (org is not Organism.Mouse)
                    throw Error($"field '{path}.stand_in': stand-in values are allowed only for mouse");
            }
            UncertaintyRange? uncertainty = null;
            if (v.TryGetProperty("uncertainty", out var u) && u.ValueKind != JsonValueKind.Null)
                uncertainty = ReadUncertainty(u, rule, path, value, unit);
            return new SourcedValue(value, unit, source, status)
            {
                Quote = quote, Derivation = derivation, Note = note, StandIn = standIn, Uncertainty = uncertainty,
            };
        }

        /// <summary><c>"uncertainty": {"low", "high", "distribution"}</c>: bounds in the value's unit, around the value.</summary>
        UncertaintyRange ReadUncertainty(JsonElement u, FieldRule rule, string path, double value, string unit)
        {
            string where = $"{path}.uncertainty";
            if (u.ValueKind != JsonValueKind.Object)
                throw Error($"field '{where}': expected an object {{\"low\", \"high\", \"distribution\"}}, got {Describe(u)}");
            CheckFields(u, ["low", "high", "distribution", "unit"], $"field '{where}'");
            if (Str(u, "unit") is { } uu && uu != unit)
                throw Error($"field '{where}.unit': '{uu}' differs from the value's unit '{unit}'; the bounds are in the value's unit");
            double Bound(string name)
            {
                if (!u.TryGetProperty(name, out var b) || b.ValueKind != JsonValueKind.Number)
                    throw Error($"field '{where}.{name}': required, a number in {unit}");
                double x = b.GetDouble();
                bool below = rule.MinExclusive ? x <= rule.Min : x < rule.Min;
                if (below || x > rule.Max || !double.IsFinite(x))
                    throw Error($"field '{where}.{name}': {x} is out of range; allowed: {Range(rule)}");
                return x;
            }
            double low = Bound("low"), high = Bound("high");
            if (!(low <= value && value <= high))
                throw Error($"field '{where}': the range [{low}, {high}] must contain the value {value} (low <= value <= high)");
            if (low == high) throw Error($"field '{where}': low and high are equal; give a range or leave out 'uncertainty'");
            string distText = Str(u, "distribution") ?? throw Error(
                $"field '{where}.distribution': required; allowed: {string.Join(", ", UncertaintyRange.DistributionNames)}");
            int di = UncertaintyRange.DistributionNames.ToList().IndexOf(distText);
            if (di < 0) throw Error($"field '{where}.distribution': '{distText}' is not allowed; allowed: {string.Join(", ", UncertaintyRange.DistributionNames)}");
            var dist = (UncertaintyDistribution)di;
            if (dist == UncertaintyDistribution.LogUniform && !(low > 0))
                throw Error($"field '{where}': a loguniform range needs low > 0");
            return new UncertaintyRange(low, high, dist);
        }

        string? Str(JsonElement v, string field)
        {
            if (!v.TryGetProperty(field, out var s) || s.ValueKind == JsonValueKind.Null) return null;
            if (s.ValueKind != JsonValueKind.String) throw Error($"field '{field}': expected a string, got {Describe(s)}");
            var text = s.GetString();
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }

        static string Range(FieldRule r) =>
            double.IsPositiveInfinity(r.Max) ? (r.MinExclusive ? $"> {r.Min}" : $">= {r.Min}")
            : $"{(r.MinExclusive ? "(" : "[")}{r.Min}, {r.Max}]";

        static string Describe(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => $"the string \"{e.GetString()}\"",
            JsonValueKind.Number => $"the number {e.GetRawText()}",
            JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
            _ => "null",
        };
    }
}
