using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Fitting;

namespace TrkbSim.Analysis.Tests.Fitting;

/// <summary>y = A exp(-k t) with synthetic noisy data, the analytic test problem for fitting.</summary>
internal static class ExponentialDecay
{
    public const double TrueA = 10.0;
    public const double TrueK = 0.3;

    public static DelegateModelEvaluator Evaluator() => new(
        [new("A", 1.0), new("k", 1.0)], ["y"],
        (p, t, _) => p[0] * Math.Exp(-p[1] * t));

    public static double[] Times(int n = 15) => Enumerable.Range(0, n).Select(i => 0.5 * i).ToArray();

    /// <summary>Data with additive noise sd or proportional noise cv, from a seeded normal stream.</summary>
    public static ObservedData Data(int seed, double sd, bool proportional = false, int n = 15)
    {
        var rng = new Random(seed);
        var t = Times(n);
        var y = t.Select(ti =>
        {
            var f = TrueA * Math.Exp(-TrueK * ti);
            var e = Gaussian(rng);
            return proportional ? f * (1 + sd * e) : f + sd * e;
        }).ToArray();
        return new ObservedData(t, ["y"], [y]);
    }

    public static FitParameter[] Parameters() => [new("A", 0.1, 100), new("k", 0.001, 10)];

    public static double Gaussian(Random rng)
    {
        // Box-Muller; one variate per call keeps the stream easy to reason about.
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
