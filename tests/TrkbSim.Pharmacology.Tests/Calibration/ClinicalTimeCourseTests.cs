using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;
using Xunit.Abstractions;

namespace TrkbSim.Pharmacology.Tests.Calibration;

/// <summary>
/// Clinical time courses of a single typical subject (usual environment, no placebo component, so the drug's own
/// effect is seen). A "clinically meaningful" fall is taken as at least 6 MADRS points: about twice the 2-3 point
/// minimal important difference usually quoted for MADRS and the size of the trial layer's rating error (SD 3).
/// </summary>
public sealed class ClinicalTimeCourseTests(ITestOutputHelper output)
{
    static RegimenResult Run(string regimen, double hours, double step, bool ketamineBdnf = false) =>
        RegimenRunner.Run(new MechanismSettings
        {
            Regimens = [RegimenParser.Parse(regimen, CompoundLibrary.LoadDefault())],
            KetamineBdnfSynthesis = ketamineBdnf ? true : null,
        }, hours, step);

    [Fact]
    public void KetamineInfusionGivesAFastFallThatFadesWithinTwoWeeks()
    {
        var r = Run("ketamine 0.5mg/kg infusion:40min", 21 * 24, 1);
        double m0 = r.At("madrs", 0), m24 = r.At("madrs", 24), m7 = r.At("madrs", 168), m14 = r.At("madrs", 336);
        output.WriteLine($"ketamine MADRS: 0 h {m0:F1}, 24 h {m24:F1}, 1 w {m7:F1}, 2 w {m14:F1}");
        Assert.True(m0 - m24 >= 6, $"24-h fall {m0 - m24:F1} MADRS points is below 6");
        Assert.True(m0 - m7 < 0.75 * (m0 - m24), "the effect should be fading after one week");
        Assert.True(m0 - m14 < 0.25 * (m0 - m24), "most of the effect should be gone by two weeks");
    }

    [Fact]
    public void KetamineFastBdnfHypothesisAddsToTheTrkbView()
    {
        var trkb = Run("ketamine 0.5mg/kg infusion:40min", 48, 1);
        var both = Run("ketamine 0.5mg/kg infusion:40min", 48, 1, ketamineBdnf: true);
        double a = trkb.At("madrs", 0) - trkb.At("madrs", 24), b = both.At("madrs", 0) - both.At("madrs", 24);
        output.WriteLine($"24-h fall: TRKB binding only {a:F2}, with NMDA -> fast BDNF synthesis {b:F2}");
        Assert.True(b >= a - 1e-9, "the extra BDNF cannot lower the acute response");
    }

    [Fact]
    public void FluoxetineImprovesGraduallyOverWeeks()
    {
        var r = Run("fluoxetine 20mg oral every 24h for 12w", 12 * 168, 6);
        double m0 = r.At("madrs", 0);
        double? onset = r.Times.Zip(r.Column("madrs")).Where(x => x.Second <= 0.8 * m0).Select(x => (double?)x.First).FirstOrDefault();
        output.WriteLine($"fluoxetine MADRS: 1 w {r.At("madrs", 168):F1}, 4 w {r.At("madrs", 672):F1}, 8 w {r.At("madrs", 1344):F1}, 12 w {r.At("madrs", 2016):F1}; onset (20 %) {onset / 24:F1} d");
        // Only the early monoaminergic part (one third of a ~3-point drug-placebo difference, Taylor 2007) acts in week 1.
        Assert.True(m0 - r.At("madrs", 168) < 2.5, "no real improvement within the first week");
        Assert.NotNull(onset);
        Assert.InRange(onset!.Value, 14 * 24, 10 * 168);
        Assert.True(r.At("madrs", 2016) < r.At("madrs", 1344) && r.At("madrs", 1344) < r.At("madrs", 672), "improvement keeps building");
    }

    [Fact]
    public void PsilocybinDoseActsFastAndOutlastsKetamine()
    {
        // Shao 2021: one psilocybin dose increases spine size and density within 24 h, persisting for a month.
        var psi = Run("psilocin 17.966mg oral", 28 * 24, 1);
        var ket = Run("ketamine 0.5mg/kg infusion:40min", 28 * 24, 1);
        double p0 = psi.At("madrs", 0), k0 = ket.At("madrs", 0);
        output.WriteLine($"psilocin fall: 24 h {p0 - psi.At("madrs", 24):F1}, 1 w {p0 - psi.At("madrs", 168):F1}, 2 w {p0 - psi.At("madrs", 336):F1}, 4 w {p0 - psi.At("madrs", 672):F1}; ketamine: 1 w {k0 - ket.At("madrs", 168):F1}, 2 w {k0 - ket.At("madrs", 336):F1}");
        Assert.True(p0 - psi.At("madrs", 24) >= 6, "psilocin should act within a day");
        Assert.True(p0 - psi.At("madrs", 168) > 1.3 * (k0 - ket.At("madrs", 168)), "psilocin's effect should outlast ketamine's at 1 week");
        Assert.True(p0 - psi.At("madrs", 336) > 2 * (k0 - ket.At("madrs", 336)), "and at 2 weeks");
    }
}
