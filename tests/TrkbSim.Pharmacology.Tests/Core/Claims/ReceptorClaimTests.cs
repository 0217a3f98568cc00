using Xunit.Abstractions;

namespace TrkbSim.Pharmacology.Tests.Core.Claims;

/// <summary>Receptor-level research claims (Casarotto 2021) stated in numbers for the core driven by a prescribed drug load.</summary>
public sealed class ReceptorClaimTests(ITestOutputHelper output)
{
    private static readonly DrugLoad Therapeutic = new(10.0);   // a therapeutic membrane-exposure load (fluoxetine 20 mg/day: ~20)
    private const double SsriSertOccupancy = 0.8;        // typical SSRI SERT occupancy, so the serotonergic side runs too

    private static Dictionary<string, double> S(params (string Id, double Value)[] settings) =>
        settings.ToDictionary(s => s.Id, s => s.Value);

    private static double DrugRise(double alleles, double hours = 24)
    {
        var genotype = S(("y433f_alleles", alleles));
        var drug = CoreHarness.Run(hours, Therapeutic, SsriSertOccupancy, settings: genotype);
        var none = CoreHarness.Run(hours, settings: genotype);
        return drug.At("trkb_signal", hours) - none.At("trkb_signal", hours);
    }

    /// <summary>Rise of trkb_signal 15 min after exogenous BDNF at about its Kd, no drug (the in-vitro protocol of Fig. 1B).</summary>
    private static double BdnfResponse(params (string Id, double Value)[] settings)
    {
        var rest = CoreHarness.Run(0.25, settings: S(settings), step: 0.05);
        var bdnf = CoreHarness.Run(0.25, settings: S([.. settings, ("bdnf_applied", 1.0)]), step: 0.05);
        return bdnf.At("trkb_signal", 0.25) - rest.At("trkb_signal", 0.25);
    }

    [Fact]
    public void UntreatedCoreStaysAtItsBaseline()
    {
        var run = CoreHarness.Run(4 * 168, step: 24);
        foreach (var id in new[] { "trkb_signal", "trkb_surface", "bdnf" })
        {
            Assert.Equal(1.0, run.At(id, 0), 6);
            Assert.Equal(1.0, run.At(id, 4 * 168), 6);
        }
        Assert.Equal(30.0, run.At("madrs", 4 * 168), 6);
        Assert.Equal(0.0, run.MaxAbs("plasticity"), 9);
        Assert.Equal(0.0, run.MaxAbs("occupancy_TRKB"), 12);
    }

    [Fact]
    public void Y433FHomozygoteLosesTheDrugEffectButKeepsBdnfSignalling()
    {
        double wt = DrugRise(0), hom = DrugRise(2);
        double bdnfWt = BdnfResponse(("y433f_alleles", 0)), bdnfHom = BdnfResponse(("y433f_alleles", 2));
        output.WriteLine($"drug-induced rise in trkb_signal at 24 h (load 10): WT {wt:F4}, Y433F/Y433F {hom:F4} ({100 * hom / wt:F2} % of WT)");
        output.WriteLine($"BDNF-induced rise at 15 min: WT {bdnfWt:F4}, Y433F/Y433F {bdnfHom:F4} (ratio {bdnfHom / bdnfWt:F3})");
        Assert.True(wt > 0.5, $"wild-type drug effect too small to judge: {wt}");
        Assert.True(hom < 0.05 * wt, $"Y433F homozygote keeps {100 * hom / wt:F1} % of the drug effect");
        Assert.InRange(bdnfHom / bdnfWt, 0.9, 1.1);
    }

    [Fact]
    public void Y433FHeterozygoteLosesMostOfTheDrugEffect()
    {
        double wt = DrugRise(0), het = DrugRise(1), hom = DrugRise(2);
        output.WriteLine($"drug-induced rise at 24 h: WT {wt:F4}, heterozygote {het:F4} (loss {100 * (1 - het / wt):F1} %), homozygote {hom:F4}");
        // Random pairing leaves a quarter of the dimers wild type; the disturbed heterodimer pocket binds almost nothing.
        Assert.InRange(het / wt, 0.15, 0.4);
        Assert.True(het < 0.5 * wt, $"heterozygote keeps {100 * het / wt:F1} % of the drug effect");
        Assert.True(het > hom, "a heterozygote should keep more than a homozygote");
    }

    [Fact]
    public void WithoutBdnfThereIsNoActivationAndNoDrugEffect()
    {
        var ko = S(("bdnf_knockout", 1));
        var drug = CoreHarness.Run(72, new DrugLoad(10), SsriSertOccupancy, settings: ko);
        var none = CoreHarness.Run(72, settings: ko);
        output.WriteLine($"knockout: max trkb_signal with drug {drug.MaxAbs("trkb_signal"):E2}, without {none.MaxAbs("trkb_signal"):E2}; occupancy_TRKB {drug.At("occupancy_TRKB", 24):F3}");
        Assert.True(drug.At("occupancy_TRKB", 24) > 0.5, "the drug should still bind TRKB");
        Assert.True(drug.MaxAbs("trkb_signal") < 1e-9, "no activation without BDNF, however high the drug load");
        Assert.True(none.MaxAbs("trkb_signal") < 1e-9);
        Assert.True(drug.MaxAbs("plasticity") < 1e-9);
    }

    [Fact]
    public void BdnfSignallingIsBellShapedInMembraneCholesterol()
    {
        double[] molpct = [0, 10, 20, 30, 40];
        var response = molpct.Select(c => BdnfResponse(("cholesterol_molpct", c))).ToArray();
        output.WriteLine("BDNF-induced rise vs cholesterol: " + string.Join(", ", molpct.Zip(response, (c, r) => $"{c} mol% {r:F3}")));
        double max = response.Max();
        int argMax = Array.IndexOf(response, max);
        Assert.InRange(argMax, 1, 3);
        Assert.True(response[0] < 0.6 * max, "low cholesterol should inhibit");
        Assert.True(response[^1] < 0.6 * max, "high cholesterol should inhibit");
        Assert.True(response[2] > 0.9 * max, "20 mol% should be near the maximum");
    }

    [Fact]
    public void CholesterolDepletionBlocksTheDrugInducedRiseOfSurfaceTrkb()
    {
        double Rise(double depletion)
        {
            var s = S(("cholesterol_depletion", depletion));
            return CoreHarness.Run(24, Therapeutic, settings: s).At("trkb_surface", 24) - CoreHarness.Run(24, settings: s).At("trkb_surface", 24);
        }
        double intact = Rise(0), depleted = Rise(0.5);
        output.WriteLine($"drug-induced rise of trkb_surface at 24 h: intact {intact:F4}, 50 % depleted {depleted:F4}");
        Assert.True(intact > 0.1, $"drug should raise surface TRKB: {intact}"); // ~20 % at a saturating load (retention_max)
        Assert.True(depleted < 0.25 * intact, $"depletion leaves {100 * depleted / intact:F1} % of the rise");
    }

    [Fact]
    public void SaturatingBdnfHalvesSurfaceTrkbInTwoToThreeHours()
    {
        var run = CoreHarness.Run(6, settings: S(("bdnf_applied", 20)), step: 0.1);
        output.WriteLine($"surface TRKB after saturating BDNF: 2 h {run.At("trkb_surface", 2):F3}, 2.5 h {run.At("trkb_surface", 2.5):F3}, 3 h {run.At("trkb_surface", 3):F3}");
        Assert.True(run.At("trkb_surface", 2) > 0.5 && run.At("trkb_surface", 3) < 0.5,
            $"half-time outside 2-3 h (Proenca 2016): 2 h {run.At("trkb_surface", 2)}, 3 h {run.At("trkb_surface", 3)}");
    }
}
