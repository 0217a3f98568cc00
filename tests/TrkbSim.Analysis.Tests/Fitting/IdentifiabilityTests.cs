using System.Text.Json;
using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Fitting;

namespace TrkbSim.Analysis.Tests.Fitting;

/// <summary>
/// Flip-flop kinetics: after an oral dose D, C(t) = D ka / (V (ka - ke)) (exp(-ke t) - exp(-ka t)). Swapping ka and
/// ke and scaling V by ke / ka gives the same curve (D ke / (V ke/ka (ke - ka)) = D ka / (V (ka - ke)) times -1,
/// and the bracket changes sign too), so oral data alone cannot tell absorption from elimination.
/// </summary>
public class IdentifiabilityTests
{
    private const double Dose = 100, TrueKa = 1.0, TrueKe = 0.2, TrueV = 10;
    private static readonly double[] Times = [0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24];

    internal static double Concentration(double ka, double ke, double v, double t) =>
        Math.Abs(ka - ke) <= 1e-9 * ka
            ? Dose * ka * t * Math.Exp(-ka * t) / v
            : Dose * ka / (v * (ka - ke)) * (Math.Exp(-ke * t) - Math.Exp(-ka * t));

    private static DelegateModelEvaluator Oral() => new(
        [new("ka", TrueKa), new("ke", TrueKe), new("V", TrueV)], ["C"],
        (p, t, _) => Concentration(p[0], p[1], p[2], t));

    /// <summary>Data with 3 % proportional noise from a seeded normal stream.</summary>
    internal static ObservedData Data()
    {
        var rng = new Random(7);
        var y = Times.Select(t => Concentration(TrueKa, TrueKe, TrueV, t) * (1 + 0.03 * ExponentialDecay.Gaussian(rng))).ToArray();
        return new ObservedData(Times, ["C"], [y]);
    }

    [Fact]
    public void TheSwappedParametersGiveTheSameCurve()
    {
        foreach (var t in Times)
            Assert.Equal(Concentration(TrueKa, TrueKe, TrueV, t), Concentration(TrueKe, TrueKa, TrueV * TrueKe / TrueKa, t), 12);
    }

    [Fact]
    public void OralDataAloneFindTheFlipFlopPairAndSaySo()
    {
        var r = ParameterEstimator.Fit(Oral(), Data(),
            [new FitParameter("ka", 0.01, 10), new FitParameter("ke", 0.01, 10), new FitParameter("V", 0.1, 100)],
            new FitOptions { Starts = 20, Seed = 1 });
        var id = r.Identifiability;
        Assert.False(id.Identifiable);
        var alt = Assert.Single(id.AlternativeOptima);
        var best = r.Estimates;
        // The two optima are the same curve: ka and ke swap, V scales by ke / ka.
        Assert.Equal(best["ka"], alt.Parameters["ke"], 1e-4 * best["ka"]);
        Assert.Equal(best["ke"], alt.Parameters["ka"], 1e-4 * best["ke"]);
        Assert.Equal(best["V"] * best["ke"] / best["ka"], alt.Parameters["V"], 1e-4 * alt.Parameters["V"]);
        Assert.Equal(r.MinusTwoLogLikelihood, alt.MinusTwoLogLikelihood, 1e-6 * Math.Max(1, Math.Abs(r.MinusTwoLogLikelihood)));
        Assert.Equal(["ka", "ke", "V"], id.DifferingParameters);
        // One of the pair is near the truth (1, 0.2, 10), the other near (0.2, 1, 2).
        var truthLike = best["ka"] > best["ke"] ? best : alt.Parameters;
        Assert.Equal(TrueKa, truthLike["ka"], 0.15);
        Assert.Equal(TrueKe, truthLike["ke"], 0.02);
        Assert.Equal(TrueV, truthLike["V"], 1.0);

        using var doc = JsonDocument.Parse(FitResultJson.Serialize(r));
        var root = doc.RootElement;
        Assert.False(root.GetProperty("identifiable").GetBoolean());
        var alternatives = root.GetProperty("alternative_optima");
        Assert.Equal(1, alternatives.GetArrayLength());
        Assert.Equal(alt.Parameters["V"], alternatives[0].GetProperty("parameters").GetProperty("V").GetDouble());
        Assert.Equal(3, root.GetProperty("differing_parameters").GetArrayLength());
    }

    [Fact]
    public void WithEliminationKnownTheOralDataIdentifyAbsorptionAndVolume()
    {
        var r = ParameterEstimator.Fit(Oral(), Data(),
            [new FitParameter("ka", 0.01, 10), new FitParameter("V", 0.1, 100)],
            new FitOptions { Starts = 20, Seed = 1 });
        Assert.True(r.Identifiability.Identifiable);
        Assert.Empty(r.Identifiability.AlternativeOptima);
        Assert.True(r.Identifiability.ComparedStarts >= 2, $"{r.Identifiability.ComparedStarts} starts compared");
        Assert.Equal(TrueKa, r.Estimates["ka"], 0.15);
        using var doc = JsonDocument.Parse(FitResultJson.Serialize(r));
        Assert.True(doc.RootElement.GetProperty("identifiable").GetBoolean());
        Assert.Equal(0, doc.RootElement.GetProperty("alternative_optima").GetArrayLength());
    }

    [Fact]
    public void OneStartChecksNothing()
    {
        var r = ParameterEstimator.Fit(Oral(), Data(), [new FitParameter("ka", 0.01, 10), new FitParameter("V", 0.1, 100)]);
        Assert.Null(r.Identifiability.Identifiable);
        using var doc = JsonDocument.Parse(FitResultJson.Serialize(r));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("identifiable").ValueKind);
    }

    [Fact]
    public void ParameterDistanceIsRelative()
    {
        var log = new FitParameter("k", 0.01, 10);
        Assert.Equal(Math.Log(2), DistinctOptima.Distance(log, 1, 2), 12);
        var lin = new FitParameter("x", -5, 5) { LogScale = false };
        Assert.Equal(0.5, DistinctOptima.Distance(lin, 1, 2), 12);
        Assert.Equal(0, DistinctOptima.Distance(lin, 0, 0), 12);
    }
}
