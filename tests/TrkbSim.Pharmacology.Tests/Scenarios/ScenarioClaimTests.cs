using Xunit.Abstractions;

namespace TrkbSim.Pharmacology.Tests.Scenarios;

/// <summary>The research claims at the level of whole regimens, read from the scenarios' runs.</summary>
[Collection(ScenarioCollection.Name)]
public class ScenarioClaimTests(AllScenariosFixture all, ITestOutputHelper output)
{
    [Fact]
    public void Y433FHomozygoteLosesTheFluoxetineInducedRiseOfTrkbSignalling()
    {
        var r = all.Results("y433f");
        double wt = r.Rise("wild type + fluoxetine", "trkb_signal");
        double het = r.Rise("Y433F heterozygous + fluoxetine", "trkb_signal");
        double hom = r.Rise("Y433F homozygous + fluoxetine", "trkb_signal");
        output.WriteLine($"rise of trkb_signal: WT {wt:F3}, het {het:F3}, hom {hom:F4}");
        Assert.True(wt > 0.2, "wild type must respond to fluoxetine");
        Assert.True(hom < 0.05 * wt, $"homozygote rise {hom} is not below 5 % of wild type {wt}");
        Assert.True(het < 0.5 * wt, "one mutant copy removes most of the effect (dominant)");
        Assert.Equal(1.0, r.At("Y433F homozygous + fluoxetine", "trkb_signal", 0), 6); // BDNF signalling kept
        Assert.True(r.Rise("Y433F homozygous + ketamine", "trkb_signal") < 0.05 * r.Rise("wild type + ketamine", "trkb_signal"));
    }

    [Fact]
    public void WithoutBdnfTheDrugHasNoEffect()
    {
        var r = all.Results("bdnf-knockout");
        output.WriteLine($"occupancy KO {r.Final("BDNF knockout + fluoxetine", "occupancy_TRKB"):F3}, max signal KO {r.Max("BDNF knockout + fluoxetine", "trkb_signal"):G3}");
        Assert.True(r.Final("BDNF knockout + fluoxetine", "occupancy_TRKB") > 0.3, "the drug still binds TRKB");
        Assert.True(r.Max("BDNF knockout + fluoxetine", "trkb_signal") < 1e-6);
        Assert.True(r.Max("BDNF knockout + fluoxetine", "plasticity") < 1e-6);
        Assert.True(r.Max("wild type + fluoxetine", "plasticity") > 0.3);
        Assert.Equal(r.Final("BDNF knockout, untreated", "behavior_score"), r.Final("BDNF knockout + fluoxetine", "behavior_score"), 6);
    }

    [Fact]
    public void PlasticityEffectNeedsTrkbBindingNotSerotonin()
    {
        var r = all.Results("serotonin-independence");
        double on = r.Final("fluoxetine, serotonin pathway on", "plasticity");
        double off = r.Final("fluoxetine, serotonin pathway off", "plasticity");
        double sertOnly = r.Final("fluoxetine without TRKB binding (SERT only)", "plasticity");
        output.WriteLine($"plasticity at 8 weeks: on {on:F3}, off {off:F3}, SERT only {sertOnly:F4}");
        Assert.True(on > 0.1);
        Assert.True(off > 0.8 * on, "switching serotonin off must keep most of the plasticity effect");
        Assert.True(sertOnly < 0.05 * on, "SERT blockade alone must not open the window");
        Assert.Equal(r.Final("fluoxetine, serotonin pathway on", "occupancy_SERT"), r.Final("fluoxetine without TRKB binding (SERT only)", "occupancy_SERT"), 9);
    }

    [Fact]
    public void NoGuidanceGivesLittleMoodGainAndStressMakesItWorse()
    {
        var r = all.Results("guidance");
        double Gain(string env) => r.At($"fluoxetine, {env} environment", "madrs", 0) - r.Final($"fluoxetine, {env} environment", "madrs");
        double supportive = Gain("supportive"), usual = Gain("usual"), none = Gain("none"), stressful = Gain("stressful");
        output.WriteLine($"MADRS gain at 12 weeks: supportive {supportive:F1}, usual {usual:F1}, none {none:F1}, stressful {stressful:F1}");
        Assert.True(supportive > usual && usual > none && none > stressful);
        Assert.True(none < 0.2 * supportive, "without guidance the gain must be small");
        Assert.True(stressful < 0, "a stressful environment must leave the patient worse than at baseline");
        Assert.Equal(r.Final("fluoxetine, supportive environment", "plasticity"), r.Final("fluoxetine, stressful environment", "plasticity"), 9);
    }

    [Fact]
    public void FluoxetineEngagesTrkbInWeeksKetamineInHours()
    {
        var r = all.Results("fluoxetine-vs-ketamine");
        var flx = r.Summary("fluoxetine 20 mg oral daily");
        double ketPeak = r.TimeOfMax("ketamine 0.5 mg/kg 40-min infusion, single", "occupancy_TRKB");
        // Fluoxetine's brain membrane pool fills over days, ketamine's within minutes of the infusion.
        Assert.True(flx.TimeToHalfFinalTrkbOccupancyHours >= 24);
        Assert.True(ketPeak <= 2);
        // Clinical onset: fluoxetine's 20 % MADRS fall takes weeks, ketamine's hours.
        Assert.True(flx.OnsetHours is > 14 * 24);
        Assert.True(r.Summary("ketamine 0.5 mg/kg 40-min infusion, single").OnsetHours is < 24);
    }

    [Fact]
    public void CholesterolGivesABellAndDepletionBlocksTheSurfaceRise()
    {
        var r = all.Results("cholesterol");
        double[] resting = [.. new[] { "0", "10", "20", "30", "40" }.Select(c => r.At($"{c} mol% cholesterol", "trkb_signal", 0))];
        output.WriteLine("resting signalling 0-40 mol%: " + string.Join(", ", resting.Select(v => v.ToString("F3"))));
        Assert.Equal(2, Array.IndexOf(resting, resting.Max()));
        Assert.True(resting[0] < 0.5 * resting[2] && resting[4] < 0.5 * resting[2]);
        double Surface(string label) => r.Final(label, "trkb_surface") - r.At(label, "trkb_surface", 0);
        Assert.True(Surface("20 mol% cholesterol") > 0.1);
        Assert.True(Surface("20 mol%, 50 % depleted (statin)") <= 0);
        Assert.True(Surface("20 mol%, 80 % depleted (beta-cyclodextrin)") <= 0);
    }

    [Fact]
    public void TissueExposureEngagesTrkbFarMoreThanFreeExposure()
    {
        var r = all.Results("exposure-hypothesis");
        double membrane = r.Final("fluoxetine 20 mg daily, membrane exposure", "occupancy_TRKB");
        double free = r.Final("fluoxetine 20 mg daily, free exposure", "occupancy_TRKB");
        Assert.True(membrane > 50 * free, $"membrane {membrane} vs free {free}");
    }

    [Fact]
    public void UserDefinedFastSsriEngagesTrkbWithinDays()
    {
        var r = all.Results("new-compound");
        double fast = r.Summary("hypothetical fast SSRI 20 mg oral daily").TimeToHalfFinalTrkbOccupancyHours!.Value;
        double flx = r.Summary("fluoxetine 20 mg oral daily").TimeToHalfFinalTrkbOccupancyHours!.Value;
        output.WriteLine($"half of the final TRKB occupancy: fast SSRI {fast:F1} h, fluoxetine {flx:F1} h");
        Assert.True(fast < 0.5 * flx, "a membrane pool that fills in hours engages TRKB sooner than fluoxetine's");
    }
}
