using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Trials.Models;
using TrkbSim.Trials.Randomness;

namespace TrkbSim.Trials.Population;

/// <summary>
/// Draws a virtual subject of one arm: covariates first (fixed order), then one normal deviate per arm parameter,
/// so that a subject's draws depend only on its own random stream and the arm's parameter list.
/// </summary>
public sealed class SubjectSampler
{
    readonly PopulationSpec _pop;
    readonly IReadOnlyList<SubjectParameter> _parameters;
    readonly double[] _sexP, _d6P, _c19P;
    readonly Sex[] _sexes = [Sex.Female, Sex.Male];
    readonly MetaboliserPhenotype[] _phenotypes = Enum.GetValues<MetaboliserPhenotype>();
    readonly double[] _omega;

    /// <summary>A sampler for the arm's parameter list (the arm model decides which PD parameters it exposes).</summary>
    public SubjectSampler(PopulationSpec population, IReadOnlyList<SubjectParameter> parameters)
    {
        _pop = population;
        _parameters = parameters;
        _sexP = Normalised(_sexes.Select(s => population.SexFrequency[s].Value));
        _d6P = Normalised(_phenotypes.Select(p => population.Cyp2d6Frequency[p].Value));
        _c19P = Normalised(_phenotypes.Select(p => population.Cyp2c19Frequency[p].Value));
        _omega = new double[parameters.Count];
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            VariabilitySpec? v = p.Kind switch
            {
                SubjectParameterKind.Pk => population.PkVariability.GetValueOrDefault(p.Role),
                SubjectParameterKind.Pd => population.PdVariability.GetValueOrDefault(p.Role),
                _ => null,
            };
            _omega[i] = v is null ? 0 : Math.Sqrt(Math.Log(1 + v.Cv.Value * v.Cv.Value));
        }
    }

    static double[] Normalised(IEnumerable<double> values)
    {
        var a = values.ToArray();
        double s = a.Sum();
        for (int i = 0; i < a.Length; i++) a[i] /= s;
        return a;
    }

    /// <summary>Draws the covariates and fills <paramref name="values"/> (aligned with the arm parameters).</summary>
    public Covariates Draw(SubjectRandom rng, Span<double> values)
    {
        var sex = _sexes[rng.NextCategory(_sexP)];
        var w = _pop.BodyWeightKg[sex];
        double weight = Math.Clamp(w.Median.Value * Math.Exp(w.Omega * rng.NextNormal()), w.Min, w.Max);
        var d6 = _phenotypes[rng.NextCategory(_d6P)];
        var c19 = _phenotypes[rng.NextCategory(_c19P)];
        double baseline = TruncatedNormal(rng, _pop.BaselineMadrs);
        double placebo = TruncatedNormal(rng, _pop.PlaceboMadrs);
        var cov = new Covariates(sex, weight, d6, c19, baseline, placebo);

        for (int i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            double z = rng.NextNormal(); // drawn for every parameter, so adding variability never shifts other draws
            double v = p.Kind switch
            {
                SubjectParameterKind.Covariate => p.Role switch
                {
                    "body_weight" => weight,
                    "baseline_madrs" => baseline,
                    "placebo_madrs" => placebo,
                    "placebo_tau" => _pop.PlaceboTauHours.Value,
                    _ => p.Nominal,
                },
                _ => p.Nominal * Math.Exp(_omega[i] * z),
            };
            if (p.PhenotypeFactor is { } phenotype) v *= phenotype(d6, c19);
            if (p.PerKg) v *= weight;
            values[i] = v;
        }
        return cov;
    }

    /// <summary>Normal draw truncated to [min, max] by redrawing (bounded; falls back to clamping).</summary>
    static double TruncatedNormal(SubjectRandom rng, NormalSpec spec)
    {
        for (int attempt = 0; attempt < 64; attempt++)
        {
            double x = spec.Mean.Value + spec.Sd.Value * rng.NextNormal();
            if (x >= spec.Min && x <= spec.Max) return x;
        }
        return Math.Clamp(spec.Mean.Value, spec.Min, spec.Max);
    }
}
