using System.Text.RegularExpressions;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;

namespace TrkbSim.Pharmacology.Tests.Mechanism;

public class ExposurePartGeneratorTests
{
    static readonly CompoundLibrary Lib = CompoundLibrary.LoadDefault();

    static ExposurePart Generate(Organism org, params string[] regimens) =>
        ExposurePartGenerator.Generate(Lib, org, null, [.. regimens.Select(r => RegimenParser.Parse(r, Lib, org))]);

    static int Count(string text, string pattern) => Regex.Count(text, pattern, RegexOptions.Multiline);

    [Fact]
    public void FluoxetineBringsNorfluoxetineAndAllContractOutputs()
    {
        var part = Generate(Organism.Human, "fluoxetine 20mg oral every 24h for 8w");
        Assert.Equal(["fluoxetine", "norfluoxetine"], part.Compounds.ToArray());
        foreach (var x in part.Compounds)
            foreach (var sym in new[] { $"plasma_{x}_nM", $"plasma_{x}_ng_per_mL", $"brain_{x}_nM", $"brain_free_{x}_nM", $"brain_membrane_{x}_nM" })
                Assert.Matches($@"(?m)^{sym} := ", part.Text);
        foreach (var sym in new[] { "occupancy_SERT", "occupancy_NET", "occupancy_NMDA", "trkb_drug_load" })
            Assert.Matches($@"(?m)^{sym} := ", part.Text);
        Assert.Contains("occupancy_NMDA := 0;", part.Text);
        Assert.Contains("fluoxetine_to_norfluoxetine: fluoxetine_central -> norfluoxetine_central; norfluoxetine_fraction_formed * fluoxetine_CL * fluoxetine_extraction / fluoxetine_hepatic_extraction * plasma_fluoxetine_nM;", part.Text);
        Assert.Contains("fluoxetine_fraction_eliminated = 1 - norfluoxetine_fraction_formed;", part.Text);
        Assert.Contains("exposure_membrane = 1;", part.Text);
        Assert.Contains("fluoxetine_Vc = fluoxetine_Vc_per_kg * body_weight_kg;", part.Text);
        // Unbound drug crosses into the brain; the membrane pool fills from it towards the partition that Kp implies.
        Assert.Contains("fluoxetine_brain_free' = fluoxetine_k_bbb * (fluoxetine_kp_uu * fluoxetine_fu * plasma_fluoxetine_nM - fluoxetine_brain_free);", part.Text);
        Assert.Contains("fluoxetine_brain_membrane' = fluoxetine_k_membrane * (fluoxetine_membrane_partition * fluoxetine_brain_free - fluoxetine_brain_membrane);", part.Text);
        Assert.Contains("fluoxetine_membrane_partition = max(0, fluoxetine_kp / (fluoxetine_fu * fluoxetine_kp_uu) - 1);", part.Text);
        Assert.Contains("brain_fluoxetine_nM := fluoxetine_brain_free + fluoxetine_brain_membrane;", part.Text);
        // Fluoxetine and norfluoxetine inhibit CYP2D6, which carries most of fluoxetine's clearance.
        Assert.Contains("cyp2d6_available := 1 / (1 + plasma_fluoxetine_nM / fluoxetine_Ki_cyp2d6 + plasma_norfluoxetine_nM / norfluoxetine_Ki_cyp2d6);", part.Text);
        Assert.Contains("fluoxetine_clearance_factor := max(0, 1 + fluoxetine_fm_cyp2d6 * (cyp2d6_activity * cyp2d6_available - 1));", part.Text);
    }

    [Fact]
    public void DailyDosesBecomeOneInitialDoseAndTimeEvents()
    {
        var part = Generate(Organism.Human, "fluoxetine 20mg oral every 24h for 8w");
        // 56 doses: the one at t = 0 is the gut's initial amount, 55 are events.
        Assert.Equal(55, Count(part.Text, @"^fluoxetine_r1_dose\d+: at time >= "));
        Assert.Contains("fluoxetine_gut = fluoxetine_fa_oral * fluoxetine_r1_dose_nmol;", part.Text);
        Assert.Contains("fluoxetine_r1_dose56: at time >= 1320, fromTrigger=false: fluoxetine_gut = fluoxetine_gut + fluoxetine_fa_oral * fluoxetine_r1_dose_nmol;", part.Text);
        Assert.Contains("fluoxetine_r1_dose_nmol = 20 * 1e6 / fluoxetine_mw;", part.Text);
    }

    [Fact]
    public void MissedDosesProduceNoEvent()
    {
        var part = Generate(Organism.Human, "fluoxetine 20mg oral every 24h doses 5 skip 1,3");
        Assert.DoesNotContain("fluoxetine_r1_dose3:", part.Text);
        Assert.Contains("fluoxetine_r1_dose2: at time >= 24, fromTrigger=false:", part.Text);
        Assert.Contains("fluoxetine_gut = 0;", part.Text); // the first dose is missed
        Assert.Equal(3, Count(part.Text, @"^fluoxetine_r1_dose\d+: at"));
    }

    [Fact]
    public void InfusionIsARateSwitchedOnAndOff()
    {
        var part = Generate(Organism.Human, "ketamine 0.5mg/kg infusion:40min doses 1 from 14d");
        Assert.Contains("ketamine_r1_dose_nmol = 0.5 * body_weight_kg * 1e6 / ketamine_mw;", part.Text);
        Assert.Contains("ketamine_r1_infusion_rate = 0;", part.Text);
        Assert.Contains("ketamine_r1_on1: at time >= 336: ketamine_r1_infusion_rate = ketamine_r1_dose_nmol / ketamine_r1_infusion_hours;", part.Text);
        Assert.Matches(@"ketamine_r1_off1: at time >= 336\.66666666666\d+: ketamine_r1_infusion_rate = 0;", part.Text);
        Assert.Contains("ketamine_r1_infusion: -> ketamine_central; ketamine_r1_infusion_rate;", part.Text);
        Assert.Equal(["ketamine", "norketamine", "hydroxynorketamine"], part.Compounds.ToArray());
        Assert.Contains("ketamine_distribution: ketamine_central -> ketamine_peripheral;", part.Text);
        Assert.Matches(@"(?m)^load_NMDA := brain_free_ketamine_nM / ketamine_K_NMDA \+ brain_free_norketamine_nM / norketamine_K_NMDA \+ brain_free_hydroxynorketamine_nM / hydroxynorketamine_K_NMDA;", part.Text);
    }

    [Fact]
    public void BackToBackInfusionsMergeIntoOnePeriod()
    {
        var part = Generate(Organism.Human, "ketamine 1mg/kg infusion:1h every 1h doses 3");
        Assert.Contains("ketamine_r1_infusion_rate = ketamine_r1_dose_nmol / ketamine_r1_infusion_hours;", part.Text);
        Assert.Equal(0, Count(part.Text, @"^ketamine_r1_on"));
        Assert.Contains("ketamine_r1_off1: at time >= 3:", part.Text);
    }

    [Fact]
    public void NasalDoseSplitsIntoMucosaAndSwallowedPart()
    {
        var part = Generate(Organism.Human, "esketamine 56mg intranasal every 3.5d doses 8");
        Assert.Contains("esketamine_nasal = esketamine_F_intranasal * esketamine_r1_dose_nmol;", part.Text);
        Assert.Contains("esketamine_gut = esketamine_swallowed_fraction * esketamine_fa_oral * esketamine_r1_dose_nmol;", part.Text);
        Assert.Contains("esketamine_r1_dose2: at time >= 84, fromTrigger=false: esketamine_nasal = esketamine_nasal + esketamine_F_intranasal * esketamine_r1_dose_nmol, esketamine_gut = esketamine_gut + esketamine_swallowed_fraction * esketamine_fa_oral * esketamine_r1_dose_nmol;", part.Text);
    }

    [Fact]
    public void DrinkingWaterIsAContinuousInputOverItsPeriod()
    {
        var part = Generate(Organism.Mouse, "fluoxetine 0.08mg/mL drinking-water for 3w from 1d");
        Assert.Contains("water_intake_mL_per_day = 5;", part.Text);
        Assert.Contains("fluoxetine_r1_water_level = 0.08 * water_intake_mL_per_day / 24 * 1e6 / fluoxetine_mw;", part.Text);
        Assert.Contains("fluoxetine_r1_water_on: at time >= 24: fluoxetine_r1_water_rate = fluoxetine_r1_water_level;", part.Text);
        Assert.Contains("fluoxetine_r1_water_off: at time >= 528: fluoxetine_r1_water_rate = 0;", part.Text);
        Assert.Contains("fluoxetine_r1_drinking: -> fluoxetine_gut; fluoxetine_fa_oral * fluoxetine_r1_water_rate;", part.Text);
        Assert.Contains("body_weight_kg = 0.025;", part.Text);
    }

    [Fact]
    public void OralDosePassesTheLiverAndFormsMetaboliteOnFirstPass()
    {
        var part = Generate(Organism.Human, "imipramine 150mg oral");
        Assert.Contains("imipramine_fa_oral = imipramine_F_oral / (1 - imipramine_hepatic_extraction);", part.Text);
        Assert.Contains("imipramine_gut = imipramine_fa_oral * imipramine_r1_dose_nmol;", part.Text);
        Assert.Contains("imipramine_extraction := imipramine_hepatic_extraction;", part.Text); // no polymorphic CYP share: constant extraction
        Assert.Contains("imipramine_absorption_oral: imipramine_gut -> imipramine_central; (1 - imipramine_extraction) * imipramine_ka_oral * imipramine_gut;", part.Text);
        Assert.Contains("imipramine_first_pass_oral: imipramine_gut -> ; imipramine_fraction_eliminated * imipramine_extraction * imipramine_ka_oral * imipramine_gut;", part.Text);
        Assert.Contains("imipramine_first_pass_oral_to_desipramine: imipramine_gut -> desipramine_central; desipramine_fraction_formed * imipramine_extraction * imipramine_ka_oral * imipramine_gut;", part.Text);
    }

    [Fact]
    public void CompoundWithoutExtractionDataAbsorbsItsBioavailableFractionDirectly()
    {
        var part = Generate(Organism.Human, "sertraline 50mg oral");
        Assert.DoesNotContain("hepatic_extraction", part.Text);
        Assert.Contains("sertraline_gut = sertraline_F_oral * sertraline_r1_dose_nmol;", part.Text);
        Assert.Contains("sertraline_absorption_oral: sertraline_gut -> sertraline_central; sertraline_ka_oral * sertraline_gut;", part.Text);
    }

    [Fact]
    public void IntraperitonealDosePassesTheLiverToo()
    {
        var part = Generate(Organism.Mouse, "fluoxetine 10mg/kg ip");
        Assert.Contains("fluoxetine_ip = fluoxetine_fa_ip * fluoxetine_r1_dose_nmol;", part.Text);
        Assert.Contains("fluoxetine_first_pass_ip_to_norfluoxetine: fluoxetine_ip -> norfluoxetine_central;", part.Text);
    }

    [Fact]
    public void MouseImipramineHasNoDesipramineWithoutMouseData()
    {
        var part = Generate(Organism.Mouse, "imipramine 20mg/kg ip");
        Assert.Equal(["imipramine"], part.Compounds.ToArray());
        Assert.Contains("imipramine_ip = imipramine_F_ip * imipramine_r1_dose_nmol;", part.Text);
        Assert.Contains("imipramine_fraction_eliminated = 1;", part.Text);
    }

    [Fact]
    public void NoCompoundGivesZeroOutputs()
    {
        var part = ExposurePartGenerator.Generate(Lib, Organism.Human, 80, []);
        Assert.Empty(part.Compounds.ToArray());
        foreach (var sym in new[] { "occupancy_SERT", "occupancy_NET", "occupancy_NMDA", "trkb_drug_load" })
            Assert.Contains($"{sym} := 0;", part.Text);
        Assert.Contains("body_weight_kg = 80;", part.Text);
    }

    [Fact]
    public void TrkbLoadFollowsTheExposureHypothesisSwitch()
    {
        var part = Generate(Organism.Human, "fluoxetine 20mg oral", "lsd 0.1mg oral");
        // Membrane: drug in the lipid phase against the affinity moved into that phase; free: unbound drug against the affinity.
        static string Term(string x) =>
            $"(exposure_membrane * brain_membrane_{x}_nM / (brain_lipid_fraction * trkb_assay_membrane_ratio) + (1 - exposure_membrane) * brain_free_{x}_nM) / {x}_K_TRKB";
        Assert.Contains($"trkb_drug_load := {Term("fluoxetine")} + {Term("norfluoxetine")} + {Term("lsd")};", part.Text);
    }

    [Fact]
    public void EverySymbolIsDefinedOnce()
    {
        var part = Generate(Organism.Human, "fluoxetine 20mg oral every 24h doses 3", "ketamine 35mg iv from 1d", "esketamine 56mg intranasal");
        var defined = Regex.Matches(part.Text, @"(?m)^(species )?([A-Za-z_][A-Za-z0-9_]*) (:?=) ")
            .Select(m => m.Groups[2].Value).ToList();
        var dup = defined.GroupBy(d => d).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(dup);
    }

    [Fact]
    public void PhenotypeSharesGoIntoTheExtractionOfTheFirstPass()
    {
        var part = Generate(Organism.Human, "amitriptyline 75mg oral");
        Assert.Equal(["amitriptyline", "nortriptyline"], part.Compounds.ToArray());
        // Well-stirred liver: intrinsic clearance scaled by r moves the extraction E to r E / (1 - E + r E).
        Assert.Contains("amitriptyline_extraction := amitriptyline_clearance_factor * amitriptyline_hepatic_extraction / (1 - amitriptyline_hepatic_extraction + amitriptyline_clearance_factor * amitriptyline_hepatic_extraction);", part.Text);
        Assert.Contains("cyp2c19_available = 1;", part.Text); // no CYP2C19 inhibitor present
    }

    [Fact]
    public void EveryLibraryValueInTheTextIsListedWithItsSymbol()
    {
        var part = Generate(Organism.Human, "paroxetine 20mg oral every 24h for 2w");
        var symbols = part.Parameters.Select(p => p.Symbol).ToList();
        Assert.Equal(symbols.Count, symbols.Distinct().Count());
        foreach (var p in part.Parameters)
            Assert.Matches($@"(?m)^{p.Symbol} = ", part.Text);
        Assert.Contains(part.Parameters, p => p.Symbol == "paroxetine_Ki_cyp2d6" && p.Value.Uncertainty is not null);
        Assert.Contains(part.Parameters, p => p.Symbol == "trkb_assay_membrane_ratio");
    }
}
