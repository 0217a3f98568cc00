using System.Collections.Immutable;
using System.Globalization;
using TrkbSim.Pharmacology;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;
using TrkbSim.Web.Api;

namespace TrkbSim.Web.Simulations;

/// <summary>A regimen request made ready to run: settings, run options, plausibility warnings and the uncertainty asked for.</summary>
public sealed record PreparedRegimenRun(MechanismSettings Settings, RegimenRunOptions Options, IReadOnlyList<string> Warnings, UncertaintyRequest? Uncertainty);

/// <summary>
/// Turns a POST /api/regimen body into what <c>trkbsim regimen</c> runs for the same options: the same regimen text
/// from the drug's parts, the same parsers, defaults, plausibility check and run options (temporary: this mirrors
/// RegimenCommand until the shared RegimenRequest of TrkbSim.Pharmacology replaces both).
/// </summary>
public static class RegimenMapping
{
    public static PreparedRegimenRun Prepare(RegimenBody body, CompoundLibrary library)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(library);
        string speciesText = body.Species ?? "human";
        if (!OrganismNames.TryParse(speciesText, out var organism))
            throw Bad($"species: unknown species '{speciesText}'; allowed: human, mouse");

        var texts = new List<string>(body.Regimen ?? []);
        if (body.Drug is { } drugName && !drugName.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            var dose = body.Dose ?? throw Bad("dose: required with drug (e.g. \"dose\": \"20mg\")");
            if (body.For is not null && body.Doses is not null) throw Bad("for and doses cannot be used together");
            var parts = new List<string> { drugName, dose, body.Route ?? "oral" };
            if (body.Every is { } e) parts.Add($"every {e}");
            if (body.For is { } f) parts.Add($"for {f}");
            if (body.Doses is { } n) parts.Add($"doses {n.ToString(CultureInfo.InvariantCulture)}");
            if (body.Every is null && body.For is null && body.Doses is null) parts.Add("doses 1");
            if (body.StartAt is { } s) parts.Add($"from {s}");
            texts.Insert(0, string.Join(' ', parts));
        }
        else
        {
            if (body.Dose is not null) throw Bad("dose: give drug as well (or use regimen)");
            var timing = new (string Name, bool Given)[]
            {
                ("every", body.Every is not null), ("for", body.For is not null), ("doses", body.Doses is not null),
                ("start-at", body.StartAt is not null), ("route", body.Route is not null),
            }.Where(o => o.Given).Select(o => o.Name).ToList();
            if (timing.Count > 0)
                throw Bad($"{string.Join(", ", timing)}: only with drug; with regimen write route and timing inside the regimen text (\"{RegimenParser.Syntax}\")");
            if (texts.Count == 0 && body.Drug is null && body.Exercise != true && body.Therapy != true)
                throw Bad("nothing to simulate: give drug and dose, or regimen (or \"drug\": \"none\" for an untreated run)");
        }
        var regimens = texts.Select(t => RegimenParser.Parse(t, library, organism)).ToImmutableArray();
        double? weight = body.Weight is { } w ? Weight(w) : null;
        var warnings = new List<string>();
        foreach (var warning in regimens.SelectMany(r => DosePlausibility.Check(r, library, organism, weight ?? library.Species[organism].BodyWeight.Value)))
        {
            if (body.Strict == true) throw Bad($"{warning} (strict)");
            warnings.Add(warning);
        }

        var settings = new MechanismSettings
        {
            Species = organism,
            Regimens = regimens,
            BodyWeightKg = weight,
            Genotype = SettingNames.ParseGenotype(body.Genotype ?? "wt", "genotype"),
            CholesterolMolPct = body.Cholesterol is { } c ? Percent("cholesterol", c, 0, 100) : null,
            CholesterolDepletion = body.CholesterolDepletion is { } d ? Percent("cholesterol-depletion", d, 0, 100) / 100 : 0,
            Environment = SettingNames.ParseEnvironment(body.Environment ?? "usual", "environment"),
            Exposure = ExposureHypothesisNames.Parse(body.Exposure ?? "membrane", "exposure"),
            Cyp2d6 = SettingNames.ParsePhenotype(body.Cyp2d6 ?? "normal", "cyp2d6"),
            Cyp2c19 = SettingNames.ParsePhenotype(body.Cyp2c19 ?? "normal", "cyp2c19"),
            BdnfKnockout = (body.Bdnf ?? "normal").ToLowerInvariant() switch
            {
                "normal" => false,
                "knockout" => true,
                var v => throw Bad($"bdnf: unknown value '{v}'; allowed: normal, knockout"),
            },
            Exercise = body.Exercise == true,
            Therapy = body.Therapy == true,
            SerotoninPathway = (body.SerotoninPathway ?? "on").ToLowerInvariant() switch
            {
                "on" => true,
                "off" => false,
                var v => throw Bad($"serotonin-pathway: unknown value '{v}'; allowed: on, off"),
            },
            KetamineBdnfSynthesis = body.KetamineBdnfSynthesis == true ? true : null,
            ParameterOverrides = (body.Set ?? ImmutableDictionary<string, double>.Empty).ToImmutableDictionary(),
        };
        double step = Hours("step", body.Step ?? "1h");
        double duration = body.Simulate is { } sim ? Hours("simulate", sim) : DefaultDuration(regimens);
        UncertaintyRequest? uncertainty = null;
        if (body.Uncertainty is { } samples)
        {
            if (samples is < 2 or > UncertaintyRunner.MaxSamples)
                throw Bad($"uncertainty: {samples} is not allowed; allowed: 2 to {UncertaintyRunner.MaxSamples} samples");
            uncertainty = new UncertaintyRequest(samples, body.Seed ?? 1);
        }
        else if (body.Seed is not null) throw Bad("seed: only used with uncertainty");
        return new PreparedRegimenRun(settings, new RegimenRunOptions { DurationHours = duration, OutputStepHours = step, Library = library }, warnings, uncertainty);
    }

    static PharmacologyInputException Bad(string message) => new(message);

    static double Hours(string key, string text) => RegimenParser.ParseTime(text.Trim(), key, m => new PharmacologyInputException(m), positive: true);

    static double DefaultDuration(IReadOnlyList<DoseRegimen> regimens)
    {
        if (regimens.Count == 0) return 8 * 168;
        double end = 0;
        foreach (var r in regimens)
        {
            if (r.Route == DoseRoute.DrinkingWater)
            {
                end = Math.Max(end, r.DrinkingEndHours ?? r.StartHours + 8 * 168);
                continue;
            }
            double last = r.DoseTimes().LastOrDefault(r.StartHours);
            end = Math.Max(end, last + (r.IntervalHours ?? 72));
        }
        return end;
    }

    static double Weight(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        double factor = t.EndsWith("kg", StringComparison.Ordinal) ? 1 : t.EndsWith('g') ? 1e-3 : double.NaN;
        if (double.IsNaN(factor)) throw Bad($"weight: '{text}' needs a unit; allowed: kg, g (e.g. 70kg, 25g)");
        double v = Number("weight", t.EndsWith("kg", StringComparison.Ordinal) ? t[..^2] : t[..^1]) * factor;
        if (!(v > 0) || v > 500) throw Bad($"weight: {text} is out of range; allowed: > 0 and <= 500 kg");
        return v;
    }

    static double Percent(string key, string text, double min, double max)
    {
        var t = text.Trim();
        bool marked = t.EndsWith("mol%", StringComparison.OrdinalIgnoreCase) || t.EndsWith('%');
        t = t.EndsWith("mol%", StringComparison.OrdinalIgnoreCase) ? t[..^4] : t.TrimEnd('%');
        double v = Number(key, t);
        if (!marked && v > 0 && v < 1)
            throw Bad($"{key} {text}: a bare number below 1 looks like a fraction; the value is a percentage: write {(v * 100).ToString("0.##", CultureInfo.InvariantCulture)}% if that is meant");
        if (v < min || v > max) throw Bad($"{key}: {v.ToString(CultureInfo.InvariantCulture)} is out of range; allowed: {min}% to {max}%");
        return v;
    }

    static double Number(string key, string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
        : throw Bad($"{key}: '{text}' is not a number");
}
