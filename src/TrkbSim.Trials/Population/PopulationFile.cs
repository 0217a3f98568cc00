using TrkbSim.Pharmacology.Compounds;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Trials.Population;

/// <summary>
/// Reads population files (format <c>trkbsim-population/1</c>): the embedded default, and user files that
/// replace the entries they name (a covariate, a variability class, the placebo or rating block; a
/// <c>cyp_effects</c> list replaces the whole list). Unknown names are errors that list what is allowed.
/// </summary>
public static class PopulationFile
{
    /// <summary>Name of the embedded default file.</summary>
    public const string DefaultResource = "TrkbSim.Trials.Data.population.json";
    const string Format = "trkbsim-population/1";

    static readonly Lazy<PopulationSpec> s_default = new(() =>
    {
        using var stream = typeof(PopulationFile).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"embedded resource {DefaultResource} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "population.json (embedded)", null);
    });

    /// <summary>The embedded default population.</summary>
    public static PopulationSpec Default => s_default.Value;

    /// <summary>The embedded default file text (for inspection and as a template).</summary>
    public static string DefaultText()
    {
        using var stream = typeof(PopulationFile).Assembly.GetManifestResourceStream(DefaultResource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Loads a user file over the default; null path gives the default.</summary>
    public static PopulationSpec Load(string? path) => path is null ? Default : Parse(ReadText(path), path, Default);

    /// <summary>The text of a user population file (what a trial's chunks carry to other machines).</summary>
    public static string ReadText(string path)
    {
        try { return InputFile.ReadAllText(path, "population file", 64L * 1024 * 1024); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        { throw new TrialInputException($"--population {path}: cannot read the file ({ex.Message})", ex); }
    }

    /// <summary>A population from a user file's text (null: the embedded default); <paramref name="source"/> names it in messages.</summary>
    public static PopulationSpec FromText(string? text, string? source) =>
        text is null ? Default : Parse(text, source ?? "population file", Default);

    /// <summary>Parses file text; entries missing from it come from <paramref name="baseSpec"/> (null: all are required).</summary>
    public static PopulationSpec Parse(string json, string fileName, PopulationSpec? baseSpec)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException ex)
        { throw new TrialInputException($"{fileName}: not valid JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: {ex.Message}", ex); }
        using (doc)
            return new Reader(fileName, baseSpec).Read(doc.RootElement);
    }

    sealed class Reader(string file, PopulationSpec? baseSpec)
    {
        TrialInputException Bad(string path, string problem) => new($"{file}: {path}: {problem}");

        public PopulationSpec Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object) throw Bad("(top)", "expected a JSON object");
            CheckKeys(root, "(top)", ["format", "description", "covariates", "placebo", "rating", "cyp_effects", "variability"]);
            if (root.TryGetProperty("format", out var fmt) && fmt.GetString() != Format)
                throw Bad("format", $"expected \"{Format}\", found \"{fmt}\"");

            var cov = root.TryGetProperty("covariates", out var c) ? c : default;
            if (cov.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object)) throw Bad("covariates", "expected an object");
            if (cov.ValueKind == JsonValueKind.Object)
                foreach (var p in cov.EnumerateObject())
                    if (!PopulationSpec.CovariateNames.Contains(p.Name))
                        throw Bad($"covariates.{p.Name}", $"unknown covariate '{p.Name}'; known covariates: {string.Join(", ", PopulationSpec.CovariateNames)}");

            bool Has(string name) => cov.ValueKind == JsonValueKind.Object && cov.TryGetProperty(name, out _);
            T Need<T>(string path, T? fallback) where T : class =>
                fallback ?? throw Bad(path, "missing (required in a complete population file)");

            var sex = Has("sex") ? Frequencies<Sex>(cov.GetProperty("sex"), "covariates.sex") : Need("covariates.sex", baseSpec?.SexFrequency);
            var weight = Has("body_weight") ? BodyWeight(cov.GetProperty("body_weight")) : Need("covariates.body_weight", baseSpec?.BodyWeightKg);
            var d6 = Has("cyp2d6") ? Frequencies<MetaboliserPhenotype>(cov.GetProperty("cyp2d6"), "covariates.cyp2d6") : Need("covariates.cyp2d6", baseSpec?.Cyp2d6Frequency);
            var c19 = Has("cyp2c19") ? Frequencies<MetaboliserPhenotype>(cov.GetProperty("cyp2c19"), "covariates.cyp2c19") : Need("covariates.cyp2c19", baseSpec?.Cyp2c19Frequency);
            var baseline = Has("baseline_madrs") ? Normal(cov.GetProperty("baseline_madrs"), "covariates.baseline_madrs", 0, 60) : Need("covariates.baseline_madrs", baseSpec?.BaselineMadrs);
            var placebo = Has("placebo_madrs") ? Normal(cov.GetProperty("placebo_madrs"), "covariates.placebo_madrs", -60, 60) : Need("covariates.placebo_madrs", baseSpec?.PlaceboMadrs);

            SourcedNumber? tau = baseSpec?.PlaceboTauHours;
            if (root.TryGetProperty("placebo", out var pl))
            {
                CheckKeys(pl, "placebo", ["tau_hours"]);
                if (pl.TryGetProperty("tau_hours", out var t)) tau = Positive(Number(t, "placebo.tau_hours"), "placebo.tau_hours");
            }
            SourcedNumber? noise = baseSpec?.RatingNoiseSd;
            if (root.TryGetProperty("rating", out var ra))
            {
                CheckKeys(ra, "rating", ["noise_sd"]);
                if (ra.TryGetProperty("noise_sd", out var n)) noise = NonNegative(Number(n, "rating.noise_sd"), "rating.noise_sd");
            }

            var effects = root.TryGetProperty("cyp_effects", out var ce) ? CypEffects(ce) : (baseSpec?.CypEffects ?? throw Bad("cyp_effects", "missing"));

            var pk = baseSpec?.PkVariability ?? ImmutableDictionary<string, VariabilitySpec>.Empty;
            var pd = baseSpec?.PdVariability ?? ImmutableDictionary<string, VariabilitySpec>.Empty;
            if (root.TryGetProperty("variability", out var va))
            {
                CheckKeys(va, "variability", ["pk", "pd"]);
                if (va.TryGetProperty("pk", out var pkEl))
                    foreach (var p in Object(pkEl, "variability.pk").EnumerateObject())
                    {
                        if (!PopulationSpec.PkClasses.Contains(p.Name))
                            throw Bad($"variability.pk.{p.Name}", $"unknown PK parameter class; known: {string.Join(", ", PopulationSpec.PkClasses)}");
                        pk = pk.SetItem(p.Name, Variability(p.Value, $"variability.pk.{p.Name}"));
                    }
                if (va.TryGetProperty("pd", out var pdEl))
                    foreach (var p in Object(pdEl, "variability.pd").EnumerateObject())
                        pd = pd.SetItem(p.Name, Variability(p.Value, $"variability.pd.{p.Name}"));
            }

            return new PopulationSpec
            {
                SexFrequency = sex,
                BodyWeightKg = weight,
                Cyp2d6Frequency = d6,
                Cyp2c19Frequency = c19,
                BaselineMadrs = baseline,
                PlaceboMadrs = placebo,
                PlaceboTauHours = tau ?? throw Bad("placebo.tau_hours", "missing"),
                RatingNoiseSd = noise ?? throw Bad("rating.noise_sd", "missing"),
                CypEffects = effects,
                PkVariability = pk,
                PdVariability = pd,
            };
        }

        JsonElement Object(JsonElement e, string path) =>
            e.ValueKind == JsonValueKind.Object ? e : throw Bad(path, $"expected an object, found {e.ValueKind}");

        void CheckKeys(JsonElement e, string path, string[] allowed)
        {
            Object(e, path);
            foreach (var p in e.EnumerateObject())
                if (!allowed.Contains(p.Name))
                    throw Bad(path == "(top)" ? p.Name : $"{path}.{p.Name}", $"unknown entry '{p.Name}'; allowed: {string.Join(", ", allowed)}");
        }

        SourcedNumber Number(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Number) return SourcedNumber.FromUser(e.GetDouble(), file);
            Object(e, path);
            CheckKeys(e, path, ["value", "unit", "source", "quote", "derivation", "status", "note"]);
            if (!e.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.Number) throw Bad(path, "needs a numeric 'value'");
            string source = e.TryGetProperty("source", out var s) ? s.GetString() ?? "" : "";
            string status = e.TryGetProperty("status", out var st) ? st.GetString() ?? "" : "";
            if (source.Length == 0) throw Bad(path, "needs a 'source' (a citation, or 'assumption ...')");
            if (!SourcedNumber.Statuses.Contains(status)) throw Bad(path, $"'status' must be one of {string.Join(", ", SourcedNumber.Statuses)}, found '{status}'");
            double value = v.GetDouble();
            if (!double.IsFinite(value)) throw Bad(path, "value must be finite");
            return new SourcedNumber(value, source, status)
            {
                Quote = Str(e, "quote"), Derivation = Str(e, "derivation"), Note = Str(e, "note"), Unit = Str(e, "unit"),
            };
        }

        static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var p) ? p.GetString() : null;

        SourcedNumber Positive(SourcedNumber n, string path) => n.Value > 0 ? n : throw Bad(path, $"must be > 0, found {Fmt(n.Value)}");
        SourcedNumber NonNegative(SourcedNumber n, string path) => n.Value >= 0 ? n : throw Bad(path, $"must be >= 0, found {Fmt(n.Value)}");
        static string Fmt(double v) => v.ToString("G", CultureInfo.InvariantCulture);

        double Plain(JsonElement e, string name, string path)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number) throw Bad($"{path}.{name}", "needs a number");
            return v.GetDouble();
        }

        IReadOnlyDictionary<TEnum, SourcedNumber> Frequencies<TEnum>(JsonElement e, string path) where TEnum : struct, Enum
        {
            var names = Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()).ToArray();
            CheckKeys(e, path, names);
            var b = new Dictionary<TEnum, SourcedNumber>();
            foreach (var n in names)
            {
                if (!e.TryGetProperty(n, out var v)) throw Bad(path, $"missing '{n}' (give all of {string.Join(", ", names)})");
                var num = NonNegative(Number(v, $"{path}.{n}"), $"{path}.{n}");
                b[Enum.Parse<TEnum>(n, ignoreCase: true)] = num;
            }
            double sum = b.Values.Sum(x => x.Value);
            if (Math.Abs(sum - 1) > 0.01) throw Bad(path, $"frequencies must sum to 1, they sum to {Fmt(sum)}");
            return b;
        }

        IReadOnlyDictionary<Sex, LogNormalSpec> BodyWeight(JsonElement e)
        {
            const string path = "covariates.body_weight";
            CheckKeys(e, path, ["unit", "min", "max", "female", "male"]);
            if (e.TryGetProperty("unit", out var u) && u.GetString() != "kg") throw Bad($"{path}.unit", "must be \"kg\"");
            double min = Plain(e, "min", path), max = Plain(e, "max", path);
            if (!(min > 0 && max > min)) throw Bad(path, "needs 0 < min < max");
            var b = new Dictionary<Sex, LogNormalSpec>();
            foreach (var sex in new[] { Sex.Female, Sex.Male })
            {
                string key = sex.ToString().ToLowerInvariant();
                if (!e.TryGetProperty(key, out var s)) throw Bad(path, $"missing '{key}'");
                CheckKeys(s, $"{path}.{key}", ["median", "cv"]);
                if (!s.TryGetProperty("median", out var med) || !s.TryGetProperty("cv", out var cv)) throw Bad($"{path}.{key}", "needs 'median' and 'cv'");
                b[sex] = new LogNormalSpec(Positive(Number(med, $"{path}.{key}.median"), $"{path}.{key}.median"),
                    NonNegative(Number(cv, $"{path}.{key}.cv"), $"{path}.{key}.cv"), min, max);
            }
            return b;
        }

        NormalSpec Normal(JsonElement e, string path, double lowest, double highest)
        {
            CheckKeys(e, path, ["mean", "sd", "min", "max"]);
            if (!e.TryGetProperty("mean", out var m) || !e.TryGetProperty("sd", out var sd)) throw Bad(path, "needs 'mean' and 'sd'");
            double min = Plain(e, "min", path), max = Plain(e, "max", path);
            if (!(min < max) || min < lowest || max > highest) throw Bad(path, $"needs {Fmt(lowest)} <= min < max <= {Fmt(highest)}");
            var mean = Number(m, $"{path}.mean");
            if (mean.Value < min || mean.Value > max) throw Bad($"{path}.mean", $"must lie within [min, max] = [{Fmt(min)}, {Fmt(max)}]");
            return new NormalSpec(mean, NonNegative(Number(sd, $"{path}.sd"), $"{path}.sd"), min, max);
        }

        VariabilitySpec Variability(JsonElement e, string path)
        {
            CheckKeys(e, path, ["cv"]);
            if (!e.TryGetProperty("cv", out var cv)) throw Bad(path, "needs 'cv'");
            var n = NonNegative(Number(cv, $"{path}.cv"), $"{path}.cv");
            if (n.Value > 5) throw Bad($"{path}.cv", $"a CV of {Fmt(n.Value)} is implausible (give a fraction, e.g. 0.3 for 30 %)");
            return new VariabilitySpec(n);
        }

        ImmutableArray<CypEffect> CypEffects(JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Array) throw Bad("cyp_effects", "expected a list");
            var list = ImmutableArray.CreateBuilder<CypEffect>();
            int i = 0;
            foreach (var item in e.EnumerateArray())
            {
                string path = $"cyp_effects[{i++}]";
                CheckKeys(item, path, ["enzyme", "compound", "exposure_fold", "note"]);
                string enzyme = Str(item, "enzyme")?.ToLowerInvariant() ?? throw Bad(path, "needs 'enzyme'");
                if (enzyme is not ("cyp2d6" or "cyp2c19")) throw Bad($"{path}.enzyme", $"unknown enzyme '{enzyme}'; known: cyp2d6, cyp2c19");
                string compound = Str(item, "compound")?.ToLowerInvariant() ?? throw Bad(path, "needs 'compound'");
                if (!item.TryGetProperty("exposure_fold", out var f)) throw Bad(path, "needs 'exposure_fold'");
                var names = Enum.GetNames<MetaboliserPhenotype>().Select(n => n.ToLowerInvariant()).ToArray();
                CheckKeys(f, $"{path}.exposure_fold", names);
                var b = new Dictionary<MetaboliserPhenotype, SourcedNumber>();
                foreach (var p in f.EnumerateObject())
                    b[Enum.Parse<MetaboliserPhenotype>(p.Name, true)] = Positive(Number(p.Value, $"{path}.exposure_fold.{p.Name}"), $"{path}.exposure_fold.{p.Name}");
                if (list.Any(x => x.Enzyme == enzyme && x.Compound == compound)) throw Bad(path, $"{enzyme} on {compound} is given twice");
                list.Add(new CypEffect(enzyme, compound, b));
            }
            return list.ToImmutable();
        }
    }
}
