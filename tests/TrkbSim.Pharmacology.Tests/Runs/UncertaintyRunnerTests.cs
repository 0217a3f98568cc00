using System.Collections.Immutable;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;
using Xunit.Abstractions;

namespace TrkbSim.Pharmacology.Tests.Runs;

/// <summary>Uncertainty runs: bands against the known quantiles of a sampled parameter, determinism, overrides, bad input.</summary>
public class UncertaintyRunnerTests(ITestOutputHelper output)
{
    static readonly CompoundLibrary Library = CompoundLibrary.LoadDefault();
    static readonly RegimenRunOptions ThreeDays = new() { DurationHours = 72, OutputStepHours = 12 };

    static MechanismSettings Fluoxetine(ImmutableDictionary<string, double>? overrides = null) => new()
    {
        Regimens = [RegimenParser.Parse("fluoxetine 20mg oral every 24h for 3d", Library, Organism.Human)],
        ParameterOverrides = overrides ?? ImmutableDictionary<string, double>.Empty,
    };

    [Fact]
    public void WithOneParameterLeftFreeTheBandsAreThatParametersQuantilesPushedThroughTheModel()
    {
        // Fix every uncertain parameter but the assay membrane ratio (loguniform 1-1000) at its library value.
        var all = UncertaintyRunner.Run(Fluoxetine(), ThreeDays, 2, 1).Uncertainty!.Parameters;
        Assert.Contains("trkb_assay_membrane_ratio", all);
        var exposure = MechanismAssembler.AssembleWithExposure(Fluoxetine(), Library).Exposure.Parameters.ToDictionary(p => p.Symbol, p => p.Value.Value);
        var fixedOthers = all.Where(p => p != "trkb_assay_membrane_ratio").ToImmutableDictionary(p => p, p => exposure[p]);
        var r = UncertaintyRunner.Run(Fluoxetine(fixedOthers), ThreeDays, 400, 11);
        Assert.Equal("trkb_assay_membrane_ratio", Assert.Single(r.Uncertainty!.Parameters));

        // TRKB occupancy falls as the ratio rises, so its p5 is the occupancy at the ratio's 95th percentile.
        var range = Library.TrkbAssayMembraneRatio.Uncertainty!;
        double OccupancyAtRatioQuantile(double q) => RegimenRunner.Run(
            Fluoxetine(fixedOthers.SetItem("trkb_assay_membrane_ratio", range.Quantile(q))), ThreeDays).At("occupancy_TRKB", 72);
        double p5 = r.At("occupancy_TRKB_p5", 72), p50 = r.At("occupancy_TRKB_p50", 72), p95 = r.At("occupancy_TRKB_p95", 72);
        output.WriteLine($"occupancy at 72 h: p5 {p5:F4}, p50 {p50:F4}, p95 {p95:F4}");
        // Sampling error of a quantile from 400 draws is about 0.011 (p5) and 0.025 (p50) in probability: allow 3 SE.
        Assert.InRange(p5, OccupancyAtRatioQuantile(0.985), OccupancyAtRatioQuantile(0.915));
        Assert.InRange(p50, OccupancyAtRatioQuantile(0.575), OccupancyAtRatioQuantile(0.425));
        Assert.InRange(p95, OccupancyAtRatioQuantile(0.085), OccupancyAtRatioQuantile(0.015));
        // Plasma does not depend on the ratio: its band collapses onto the typical course (to solver tolerance).
        double plasma = r.At("plasma_fluoxetine_nM", 72);
        Assert.InRange(r.At("plasma_fluoxetine_nM_p5", 72), plasma * (1 - 1e-6), plasma * (1 + 1e-6));
        Assert.InRange(r.At("plasma_fluoxetine_nM_p95", 72), plasma * (1 - 1e-6), plasma * (1 + 1e-6));
    }

    [Fact]
    public void BandsAreOrderedEverywhereAndTheTypicalColumnsAreThoseOfAPlainRun()
    {
        var typical = RegimenRunner.Run(Fluoxetine(), ThreeDays);
        var r = UncertaintyRunner.Run(Fluoxetine(), ThreeDays, 40, 3);
        foreach (var c in typical.Columns)
        {
            Assert.Equal(typical.Column(c), r.Column(c));
            if (c == RegimenColumns.Time) continue;
            var (lo, mid, hi) = (r.Column(c + "_p5"), r.Column(c + "_p50"), r.Column(c + "_p95"));
            for (int i = 0; i < lo.Length; i++)
                Assert.True(lo[i] <= mid[i] && mid[i] <= hi[i], $"{c} at {r.Times[i]} h: {lo[i]} / {mid[i]} / {hi[i]}");
        }
        // Parameters with a range really move the exposure: brain partitioning widens the brain band.
        Assert.True(r.At("brain_fluoxetine_nM_p95", 72) > 1.2 * r.At("brain_fluoxetine_nM_p5", 72));
        Assert.Equal(0, r.Uncertainty!.Failed);
    }

    [Fact]
    public void TheSameSeedGivesTheSameBandsAndAnotherSeedOthers()
    {
        var a = UncertaintyRunner.Run(Fluoxetine(), ThreeDays, 20, 5);
        var b = UncertaintyRunner.Run(Fluoxetine(), ThreeDays, 20, 5);
        var c = UncertaintyRunner.Run(Fluoxetine(), ThreeDays, 20, 6);
        Assert.Equal(a.Column("occupancy_TRKB_p50"), b.Column("occupancy_TRKB_p50"));
        Assert.NotEqual(a.Column("occupancy_TRKB_p50"), c.Column("occupancy_TRKB_p50"));
    }

    [Fact]
    public void AParameterTheUserSetsIsNotSampled()
    {
        var r = UncertaintyRunner.Run(Fluoxetine(ImmutableDictionary<string, double>.Empty.Add("fluoxetine_K_TRKB", 2.0)), ThreeDays, 4, 1);
        Assert.DoesNotContain("fluoxetine_K_TRKB", r.Uncertainty!.Parameters);
        Assert.Contains("norfluoxetine_K_TRKB", r.Uncertainty.Parameters);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(UncertaintyRunner.MaxSamples + 1)]
    public void ASampleCountOutOfRangeIsRefusedWithTheAllowedRange(int n)
    {
        var e = Assert.Throws<PharmacologyInputException>(() => UncertaintyRunner.Run(Fluoxetine(), ThreeDays, n, 1));
        Assert.Contains($"allowed: 2 to {UncertaintyRunner.MaxSamples}", e.Message);
    }
}
