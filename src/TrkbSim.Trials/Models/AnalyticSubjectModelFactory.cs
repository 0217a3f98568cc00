using TrkbSim.Pharmacology;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Trials.Population;

namespace TrkbSim.Trials.Models;

/// <summary>
/// A closed-form stand-in for the mechanism: repeated dosing gives an improvement that builds over weeks towards
/// an Emax of relative exposure (dose / clearance), a single dose gives a transient improvement peaking at one day,
/// and every arm has the placebo component. For tests of the trial machinery and quick dry runs; it is not
/// the TRKB mechanism.
/// </summary>
public sealed class AnalyticSubjectModelFactory : ISubjectModelFactory
{
    /// <inheritdoc/>
    public string Name => "analytic stand-in";

    /// <inheritdoc/>
    public IArmModel CreateArm(ArmSpec arm, TrialOptions options, PopulationSpec population)
    {
        var doses = arm.RegimenPartsForTrial(options.Weeks).Select(p => ParsePart(arm, p)).ToList();
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

    /// <summary>One part of an arm, read with the project's one regimen grammar (<see cref="RegimenParser"/>).</summary>
    static PartDose ParsePart(ArmSpec arm, string text)
    {
        DoseRegimen r;
        try { r = RegimenParser.Parse(text, Library.Value, Organism.Human); }
        catch (PharmacologyInputException e) { throw new TrialInputException($"--arm \"{arm.Label}: {arm.Regimen}\": {e.Message}", e); }
        if (r.Unit == DoseUnit.MgPerML)
            throw new TrialInputException($"--arm \"{arm.Label}: {arm.Regimen}\": regimen \"{text}\": drinking-water doses are for mice; trials are human");
        return new PartDose(r.Compound, r.Dose, r.Unit == DoseUnit.MgPerKg, r.IntervalHours);
    }

    static readonly Lazy<CompoundLibrary> Library = new(CompoundLibrary.LoadDefault);

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
