using TrkbSim.Pharmacology.Compounds;
using static TrkbSim.Pharmacology.Tests.Mechanism.Simulated.PkHarness;

namespace TrkbSim.Pharmacology.Tests.Mechanism.Simulated;

/// <summary>Exposure of the assembled model against the literature sheet (pk-parameters.md).</summary>
public class PkValidationTests
{
    [Fact]
    public void FluoxetineAndNorfluoxetineTerminalHalfLivesAreInTheirHumanRanges()
    {
        // Single 20 mg dose, followed for 60 days.
        var (t, c) = Run(Organism.Human, 60 * 24, 60 * 24, ["plasma_fluoxetine_nM", "plasma_norfluoxetine_nM"], "fluoxetine 20mg oral");
        double flx = HalfLife(t, c["plasma_fluoxetine_nM"], 10 * 24, 20 * 24) / 24;
        double nflx = HalfLife(t, c["plasma_norfluoxetine_nM"], 40 * 24, 60 * 24) / 24;
        Assert.InRange(flx, 1, 4.05);   // "about 1 to 4 days" (Altamura 1994)
        Assert.InRange(nflx, 7, 15);    // "7 to 15 days"
        // Peak of fluoxetine within the label's 6-8 h.
        int iMax = Array.IndexOf(c["plasma_fluoxetine_nM"], c["plasma_fluoxetine_nM"].Max());
        Assert.InRange(t[iMax], 5, 9);
    }

    [Fact]
    public void DailyFluoxetineReachesPlasmaSteadyStateInFourToSixWeeks()
    {
        // 20 mg/day for 16 weeks; plasma fluoxetine + norfluoxetine (ng/mL).
        var (t, c) = Run(Organism.Human, 16 * 168, 16 * 168 / 6, ["plasma_fluoxetine_ng_per_mL", "plasma_norfluoxetine_ng_per_mL"],
            "fluoxetine 20mg oral every 24h for 16w");
        double[] total = c["plasma_fluoxetine_ng_per_mL"].Zip(c["plasma_norfluoxetine_ng_per_mL"], (a, b) => a + b).ToArray();
        // Daily-average level of the last week approximates steady state.
        double ss = Enumerable.Range(0, 28).Average(k => Interp(t, total, 15 * 168 + 6 * k));
        double t90 = FirstTimeAbove(t, total, 0.9 * ss) / 168;
        Assert.InRange(t90, 3, 8); // "Steady state is typically reached after 4-5 weeks" / "4-6 weeks"; CYP2D6 inhibition lengthens it
        // Level after 6 weeks of 20 mg/day: FLX 82 +/- 60, NFLX 66 +/- 29 ng/mL (Int Clin Psychopharmacol 1993).
        double flx6 = Interp(t, c["plasma_fluoxetine_ng_per_mL"], 6 * 168 - 12);
        double nflx6 = Interp(t, c["plasma_norfluoxetine_ng_per_mL"], 6 * 168 - 12);
        Assert.InRange(flx6, 22, 142);
        Assert.InRange(nflx6, 37, 95);
    }

    [Fact]
    public void KetamineInfusionPeaksNear185NgPerMLAtTheEndOfInfusion()
    {
        var (t, c) = Run(Organism.Human, 4, 240, ["plasma_ketamine_ng_per_mL", "brain_ketamine_nM"], "ketamine 0.5mg/kg infusion:40min");
        var y = c["plasma_ketamine_ng_per_mL"];
        int iMax = Array.IndexOf(y, y.Max());
        Assert.InRange(t[iMax], 0.6, 0.7);      // end of the 40-min infusion
        Assert.InRange(y[iMax], 170, 200);      // 185 ng/mL (Zanos 2018, citing Zarate 2006)
        var b = c["brain_ketamine_nM"];
        Assert.True(t[Array.IndexOf(b, b.Max())] < 2, "brain ketamine must peak within 2 h");
    }

    [Fact]
    public void FluoxetineBrainFollowsItsSlowPlasmaWhileKetamineBrainIsFast()
    {
        var (t, c) = Run(Organism.Human, 8 * 168, 8 * 168 / 4, ["brain_fluoxetine_nM", "brain_norfluoxetine_nM"],
            "fluoxetine 20mg oral every 24h for 8w");
        double[] brain = c["brain_fluoxetine_nM"].Zip(c["brain_norfluoxetine_nM"], (a, b) => a + b).ToArray();
        double half = FirstTimeAbove(t, brain, 0.5 * brain[^1]);
        Assert.True(half >= 168, $"fluoxetine brain reached half its 8-week level at {half / 24:F1} d; expected a week or more");
    }

    [Fact]
    public void EsketamineNasalPeaksWithinAnHour()
    {
        var (t, c) = Run(Organism.Human, 6, 360, ["plasma_esketamine_ng_per_mL", "plasma_noresketamine_ng_per_mL"], "esketamine 56mg intranasal");
        var y = c["plasma_esketamine_ng_per_mL"];
        Assert.InRange(t[Array.IndexOf(y, y.Max())], 0.2, 1.0); // Tmax 20-40 min after the last spray
        Assert.True(c["plasma_noresketamine_ng_per_mL"].Max() > 0);
    }

    [Fact]
    public void FirstPassFormsMetaboliteFromTheExtractedDoseAsMassBalanceRequires()
    {
        // Known answer for linear kinetics: AUC_parent = F * D / CL_parent, and the metabolite forms from all drug that
        // reaches the liver (systemic and first-pass), AUC_metabolite = fm * fa * D / CL_metabolite with fa = F / (1 - E_H).
        var lib = CompoundLibrary.LoadDefault();
        var imi = lib.Get("imipramine").PkFor(Organism.Human)!;
        var dmi = lib.Get("desipramine").PkFor(Organism.Human)!;
        double bw = lib.Species[Organism.Human].BodyWeight.Value;
        double dose = 150e6 / lib.Get("imipramine").MolecularWeight.Value; // nmol
        double f = imi.Bioavailability[AbsorptionRoute.Oral].Value, e = imi.HepaticExtraction!.Value;
        double fa = f / (1 - e), fm = dmi.FractionFormed!.Value;
        // Linear kinetics: desipramine's CYP2D6 self-inhibition is switched off (an inhibition constant far above any level).
        var (t, c) = Run(Organism.Human, 600, 6000, ["plasma_imipramine_nM", "plasma_desipramine_nM"], ["imipramine 150mg oral"],
            new Dictionary<string, double> { ["desipramine_Ki_cyp2d6"] = 1e15 });
        double Auc(double[] y) { double a = 0; for (int i = 1; i < t.Length; i++) a += 0.5 * (y[i] + y[i - 1]) * (t[i] - t[i - 1]); return a; }
        double expectedParent = f * dose / (imi.Clearance.Value * bw);
        double expectedMetabolite = fm * fa * dose / (dmi.Clearance.Value * bw);
        Assert.InRange(Auc(c["plasma_imipramine_nM"]) / expectedParent, 0.99, 1.01);
        Assert.InRange(Auc(c["plasma_desipramine_nM"]) / expectedMetabolite, 0.99, 1.01);
        // Without the first pass the metabolite would have only fm * F * D: the extraction must show.
        Assert.True(expectedMetabolite / (fm * f * dose / (dmi.Clearance.Value * bw)) > 2);
    }

    [Fact]
    public void EsketamineHasATerminalPhaseInTheLabelRange()
    {
        var (t, c) = Run(Organism.Human, 72, 720, ["plasma_esketamine_nM"], "esketamine 56mg intranasal");
        var y = c["plasma_esketamine_nM"];
        double early = HalfLife(t, y, 1.5, 3), terminal = HalfLife(t, y, 36, 60);
        Assert.InRange(terminal, 7, 12); // label: terminal half-life 7-12 h
        Assert.True(early < terminal / 2, $"initial decline half-life {early:F2} h should be well below the terminal {terminal:F2} h");
    }

    [Fact]
    public void PsychedelicPeaksMatchTheirCalibrationTargets()
    {
        var (t, c) = Run(Organism.Human, 12, 720, ["plasma_psilocin_ng_per_mL"], "psilocin 17.97mg oral");
        var y = c["plasma_psilocin_ng_per_mL"];
        Assert.InRange(y.Max(), 16, 18);                     // 17 ng/mL after 25 mg psilocybin (Holze 2023)
        Assert.InRange(t[Array.IndexOf(y, y.Max())], 1.8, 2.2);
        var (t2, c2) = Run(Organism.Human, 12, 720, ["plasma_lsd_ng_per_mL"], "lsd 100ug oral");
        var z = c2["plasma_lsd_ng_per_mL"];
        Assert.InRange(z.Max(), 1.6, 1.8);                   // 1.7 ng/mL after 100 ug (Holze 2019)
        Assert.InRange(t2[Array.IndexOf(z, z.Max())], 1.5, 1.9);
    }

    [Fact]
    public void MouseDrinkingWaterFluoxetineBuildsUpAndStops()
    {
        var (t, c) = Run(Organism.Mouse, 6 * 168, 6 * 168, ["plasma_fluoxetine_nM", "brain_fluoxetine_nM"],
            "fluoxetine 0.08mg/mL drinking-water for 3w");
        double during = Interp(t, c["plasma_fluoxetine_nM"], 2 * 168);
        double after = Interp(t, c["plasma_fluoxetine_nM"], 5 * 168);
        Assert.True(during > 10, $"plasma fluoxetine during drinking: {during} nM");
        Assert.True(after < 0.01 * during);
        // Rodent brain equilibrates within hours: brain/plasma near Kp (20) during steady intake.
        Assert.InRange(Interp(t, c["brain_fluoxetine_nM"], 2 * 168) / during, 15, 21);
    }

    [Fact]
    public void OccupanciesAndTrkbLoadAreConsistentWithFreeAndMembraneBrainLevels()
    {
        var (t, c) = Run(Organism.Human, 8 * 168, 8 * 168 / 12, ["occupancy_SERT", "occupancy_NMDA", "trkb_drug_load",
            "brain_membrane_fluoxetine_nM", "brain_membrane_norfluoxetine_nM", "brain_free_fluoxetine_nM", "brain_fluoxetine_nM",
            "plasma_fluoxetine_nM"], "fluoxetine 20mg oral every 24h for 8w");
        double sert = c["occupancy_SERT"][^1];
        Assert.InRange(sert, 0.7, 1.0);          // therapeutic SSRI doses occupy most SERT
        Assert.All(c["occupancy_NMDA"], v => Assert.Equal(0, v));
        var lib = CompoundLibrary.LoadDefault();
        // Membrane hypothesis: lipid-phase drug (membrane pool / lipid fraction) against the affinity moved into that phase.
        double phase = lib.Species[Organism.Human].BrainLipidFraction!.Value * lib.TrkbAssayMembraneRatio.Value;
        double expected = c["brain_membrane_fluoxetine_nM"][^1] / phase / lib.Get("fluoxetine").Affinities[Target.TRKB].Value
            + c["brain_membrane_norfluoxetine_nM"][^1] / phase / lib.Get("norfluoxetine").Affinities[Target.TRKB].Value;
        Assert.Equal(expected, c["trkb_drug_load"][^1], 1e-9 * expected + 1e-12);
        // Unbound brain fluoxetine is nanomolar and follows unbound plasma (Kp,uu = 1); tissue brain fluoxetine is micromolar.
        double free = c["brain_free_fluoxetine_nM"][^1];
        Assert.InRange(free, 0.5, 50);
        Assert.InRange(free / (lib.Get("fluoxetine").PkFor(Organism.Human)!.FuPlasma.Value * c["plasma_fluoxetine_nM"][^1]), 0.8, 1.25);
        Assert.True(c["brain_fluoxetine_nM"][^1] > 100 * free);
    }
}
