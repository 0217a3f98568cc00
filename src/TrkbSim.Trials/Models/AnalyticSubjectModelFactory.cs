using System.Globalization;
using System.Text.RegularExpressions;
using TrkbSim.Trials.Population;

namespace TrkbSim.Trials.Models;

/// <summary>
/// A closed-form stand-in for the mechanism: repeated dosing gives an improvement that builds over weeks towards
/// an Emax of relative exposure (dose / clearance), a single dose gives a transient improvement peaking at one day,
/// and every arm has the placebo component. For tests of the trial machinery and quick dry runs; it is not
/// the TRKB mechanism.
/// </summary>
public sealed partial class AnalyticSubjectModelFactory : ISubjectModelFactory
{
    /// <summary>Compound ids the stand-in accepts (those of the compound library).</summary>
    public static readonly IReadOnlyList<string> KnownCompounds =
    [
        "fluoxetine", "norfluoxetine", "sertraline", "escitalopram", "imipramine", "desipramine", "ketamine",
        "norketamine", "hydroxynorketamine", "esketamine", "noresketamine", "psilocin", "lsd",
    ];

    /// <inheritdoc/>
    public string Name => "analytic stand-in";

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]*)?|\.[0-9]+)(?<u>mg/kg|mg|ug|µg|mcg)$", RegexOptions.IgnoreCase)]
    private static partial Regex DosePattern();

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]*)?|\.[0-9]+)(?<u>min|h|d|w)$", RegexOptions.IgnoreCase)]
    private static partial Regex TimePattern();

    /// <inheritdoc/>
    public IArmModel CreateArm(ArmSpec arm, TrialOptions options, PopulationSpec population)
    {
        var doses = arm.RegimenParts.Select(p => ParsePart(arm, p)).ToList();
        var parameters = new List<SubjectParameter>
        {
            new("body_weight_kg", "body_weight", SubjectParameterKind.Covariate, "body_weight", 70),
            new("madrs_baseline", "madrs_baseline", SubjectParameterKind.Covariate, "baseline_madrs", 30),
            new("placebo_madrs", "placebo_madrs", SubjectParameterKind.Covariate, "placebo_madrs", 10.4),
            new("tau_placebo_h", "tau_placebo", SubjectParameterKind.Covariate, "placebo_tau", 168),
            new("k_rewire", "k_rewire", SubjectParameterKind.Pd, "k_rewire", 0.015),
        };
        foreach (var c in doses.Select(d => d.Compound).Distinct())
            parameters.Add(new SubjectParameter($"clearance_{c}", $"clearance_{c}", SubjectParameterKind.Pk, "clearance", 1.0)
            {
                Compound = c,
                // The stand-in has no enzymes: the population's cyp_effects give each phenotype's exposure change (exposure ~ 1 / clearance).
                PhenotypeFactor = (d6, c19) => 1 / population.ExposureFold(c, d6, c19),
            });
        return new AnalyticArm(arm, doses, parameters);
    }

    static PartDose ParsePart(ArmSpec arm, string text)
    {
        var t = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        TrialInputException Bad(string why) => new($"--arm \"{arm.Label}: {arm.Regimen}\": regimen \"{text}\": {why} (form: COMPOUND DOSE ROUTE [every INTERVAL] [for DURATION | doses N] [from TIME])");
        if (t.Length < 3) throw Bad("expected at least a compound, a dose and a route");
        string compound = t[0].ToLowerInvariant();
        if (!KnownCompounds.Contains(compound)) throw Bad($"unknown compound '{t[0]}'; known: {string.Join(", ", KnownCompounds)}");
        int i = 1;
        string doseText = t[1];
        if (double.TryParse(doseText, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && t.Length > 3) { doseText += t[2]; i = 2; }
        var m = DosePattern().Match(doseText);
        if (!m.Success) throw Bad($"dose '{doseText}': expected a number with mg, ug or mg/kg");
        double dose = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        string unit = m.Groups["u"].Value.ToLowerInvariant();
        if (unit is "ug" or "µg" or "mcg") { dose /= 1000; unit = "mg"; }
        i++;
        double? every = null;
        for (int k = i + 1; k < t.Length; k++)
        {
            string kw = t[k - 1].ToLowerInvariant();
            if (kw is "every" or "for" or "from")
            {
                var tm = TimePattern().Match(t[k]);
                if (!tm.Success) throw Bad($"'{t[k - 1]} {t[k]}': expected a time such as 24h, 3d or 8w");
                if (kw == "every") every = Hours(tm);
            }
        }
        return new PartDose(compound, dose, unit == "mg/kg", every);
    }

    static double Hours(Match m)
    {
        double v = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        return m.Groups["u"].Value.ToLowerInvariant() switch { "min" => v / 60, "h" => v, "d" => v * 24, _ => v * 168 };
    }

    sealed record PartDose(string Compound, double Dose, bool PerKg, double? IntervalHours);

    sealed class AnalyticArm(ArmSpec arm, List<PartDose> doses, List<SubjectParameter> parameters) : IArmModel
    {
        public ArmSpec Arm => arm;
        public IReadOnlyList<string> Compounds { get; } = doses.Select(d => d.Compound).Distinct().ToList();
        public IReadOnlyList<SubjectParameter> Parameters => parameters;
        public IReadOnlyList<string> Outputs { get; } = ["exposure_relative", "improvement_fraction"];
        public ISubjectModel CreateSimulator() => new Simulator(doses, parameters);
    }

    sealed class Simulator(List<PartDose> doses, List<SubjectParameter> parameters) : ISubjectModel
    {
        readonly int[] _clearanceIndex = doses.Select(d => parameters.FindIndex(p => p.Name == $"clearance_{d.Compound}")).ToArray();

        public void Simulate(ReadOnlySpan<double> p, ReadOnlySpan<double> times, Span<double> madrs, Span<double> outputs)
        {
            double weight = p[0], baseline = p[1], placebo = p[2], tauPlacebo = p[3], kRewire = p[4];
            // Chronic dosing: exposure relative to a 20 mg/day, 70 kg reference; Emax 0.6 of baseline, EC50 = 1.
            double chronicExposure = 0, acuteDose = 0;
            for (int d = 0; d < doses.Count; d++)
            {
                double mg = doses[d].PerKg ? doses[d].Dose * weight : doses[d].Dose;
                double cl = p[_clearanceIndex[d]];
                if (doses[d].IntervalHours is { } tau) chronicExposure += mg / 20.0 * (24.0 / tau) / cl;
                else acuteDose += mg / 35.0 / cl; // relative to 0.5 mg/kg in 70 kg
            }
            double chronicMax = 0.6 * chronicExposure / (1 + chronicExposure);
            double acuteMax = 0.55 * acuteDose / (0.3 + acuteDose);
            double kOnset = kRewire / 10; // 1/h: weeks-scale build-up of the slow improvement
            for (int i = 0; i < times.Length; i++)
            {
                double t = times[i];
                double chronic = chronicMax * (1 - Math.Exp(-kOnset * t));
                double x = t / 24.0;
                double acute = acuteMax * x * Math.Exp(1 - x);
                double improvement = Math.Min(0.95, chronic + acute);
                double placeboPart = placebo * (1 - Math.Exp(-t / tauPlacebo));
                // The expectation acts on the symptoms the drug leaves, as in the mechanism (independent action).
                double placeboShare = baseline > 0 ? placeboPart / baseline : 0;
                madrs[i] = Math.Clamp(baseline * (1 - improvement) * (1 - placeboShare), 0, 60);
                outputs[2 * i] = chronicExposure + acuteDose;
                outputs[2 * i + 1] = improvement;
            }
        }
    }
}
