using System.Collections.Immutable;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;

namespace TrkbSim.Pharmacology.Tests.Mechanism;

public class MechanismAssemblerTests
{
    static readonly CompoundLibrary Lib = CompoundLibrary.LoadDefault();

    static MechanismSettings Settings(params string[] regimens) => new()
    {
        Regimens = [.. regimens.Select(r => RegimenParser.Parse(r, Lib, Organism.Human))],
    };

    [Fact]
    public void TextIsExposureThenCoreThenSettings()
    {
        string text = MechanismAssembler.Assemble(Settings("fluoxetine 20mg oral every 24h for 8w"), Lib, StandInCore.Text);
        int exposure = text.IndexOf("===== Exposure part", StringComparison.Ordinal);
        int core = text.IndexOf("===== TRKB core", StringComparison.Ordinal);
        int settings = text.IndexOf("===== Run settings", StringComparison.Ordinal);
        Assert.True(exposure >= 0 && exposure < core && core < settings);
        string tail = text[settings..];
        Assert.Contains("y433f_alleles = 0;", tail);
        Assert.Contains("guidance = guidance_usual;", tail);
        Assert.Contains("exposure_membrane = 1;", tail);
        Assert.DoesNotContain("cyp2d6_activity", tail); // normal metabolisers keep the exposure part's 1
        Assert.Contains("serotonin_pathway = 1;", tail);
        Assert.DoesNotContain("cholesterol_molpct", tail); // the core's default stays
        Assert.DoesNotContain("placebo", tail);
    }

    [Fact]
    public void SettingsBecomeParameterAssignments()
    {
        var s = Settings("ketamine 0.5mg/kg infusion:40min") with
        {
            Genotype = Genotype.Heterozygous,
            CholesterolMolPct = 40,
            CholesterolDepletion = 0.3,
            Environment = LivingEnvironment.Stressful,
            Exposure = ExposureHypothesis.Free,
            Cyp2d6 = MetaboliserPhenotype.Poor,
            Cyp2c19 = MetaboliserPhenotype.Ultrarapid,
            BdnfKnockout = true,
            Exercise = true,
            SerotoninPathway = false,
            KetamineBdnfSynthesis = true,
            Placebo = 0.2,
            BodyWeightKg = 82,
        };
        string text = MechanismAssembler.Assemble(s, Lib, StandInCore.Text);
        string tail = text[text.IndexOf("===== Run settings", StringComparison.Ordinal)..];
        foreach (var line in new[]
        {
            "y433f_alleles = 1;", "cholesterol_molpct = 40;", "cholesterol_depletion = 0.3;", "guidance = guidance_stressful;",
            "bdnf_knockout = 1;", "exercise = 1;", "serotonin_pathway = 0;", "ketamine_bdnf_synthesis = 1;", "placebo = 0.2;",
            "exposure_membrane = 0;", "cyp2d6_activity = 0;", "cyp2c19_activity = 1.36;",
        })
            Assert.Contains(line, tail);
        Assert.Contains("body_weight_kg = 82;", text);
    }

    [Fact]
    public void GuidanceFallsBackToNumbersWhenTheCoreHasNoNamedLevels()
    {
        var s = Settings() with { Environment = LivingEnvironment.Supportive };
        string text = MechanismAssembler.Assemble(s, Lib, "occupancy_TRKB := 0;\n");
        Assert.Contains("guidance = 1;", text);
    }

    [Fact]
    public void OverridesComeLastAndMustNameAModelSymbol()
    {
        var s = Settings("fluoxetine 20mg oral") with
        {
            ParameterOverrides = ImmutableDictionary<string, double>.Empty.Add("fluoxetine_kp", 2.6).Add("trkb_affinity_scale", 0.5),
        };
        string text = MechanismAssembler.Assemble(s, Lib, StandInCore.Text);
        Assert.EndsWith("fluoxetine_kp = 2.6;\ntrkb_affinity_scale = 0.5;\n", text);

        var bad = s with { ParameterOverrides = ImmutableDictionary<string, double>.Empty.Add("sertraline_kp", 1) };
        var e = Assert.Throws<PharmacologyInputException>(() => MechanismAssembler.Assemble(bad, Lib, StandInCore.Text));
        Assert.Contains("parameter override 'sertraline_kp': no such symbol", e.Message);
    }

    [Theory]
    [InlineData(1.5, null, "cholesterol depletion 1.5 is out of range")]
    [InlineData(0, 120.0, "cholesterol 120 mol% is out of range")]
    public void OutOfRangeSettingsAreRejected(double depletion, double? molpct, string expected)
    {
        var s = Settings() with { CholesterolDepletion = depletion, CholesterolMolPct = molpct };
        var e = Assert.Throws<PharmacologyInputException>(() => MechanismAssembler.Assemble(s, Lib, StandInCore.Text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void RegimenForAnotherSpeciesIsCheckedAgainstTheRunSpecies()
    {
        var s = new MechanismSettings
        {
            Species = Organism.Mouse,
            Regimens = [RegimenParser.Parse("sertraline 10mg/kg oral", Lib)],
        };
        var e = Assert.Throws<PharmacologyInputException>(() => MechanismAssembler.Assemble(s, Lib, StandInCore.Text));
        Assert.Contains("has no mouse PK data", e.Message);
    }

    [Fact]
    public void NegativeBodyWeightIsRejected()
    {
        var s = Settings() with { BodyWeightKg = -3 };
        var e = Assert.Throws<PharmacologyInputException>(() => MechanismAssembler.Assemble(s, Lib, StandInCore.Text));
        Assert.Contains("body weight -3 kg is not allowed", e.Message);
    }
}

public class MechanismModelTests
{
    static readonly CompoundLibrary Lib = CompoundLibrary.LoadDefault();

    [Theory]
    [InlineData("human", "fluoxetine 20mg oral every 24h for 8w skip 10")]
    [InlineData("human", "ketamine 0.5mg/kg infusion:40min doses 1 from 14d")]
    [InlineData("human", "esketamine 56mg intranasal every 3.5d doses 8|imipramine 75mg oral every 12h for 2w|lsd 100ug oral")]
    [InlineData("human", "sertraline 50mg oral every 24h for 4w|escitalopram 10mg oral every 24h for 4w|psilocin 18mg oral")]
    [InlineData("mouse", "fluoxetine 0.08mg/mL drinking-water for 3w|ketamine 10mg/kg ip from 21d|hydroxynorketamine 10mg/kg ip|imipramine 20mg/kg ip")]
    [InlineData("human", "")]
    public void AssembledTextParses(string species, string regimens)
    {
        Assert.True(OrganismNames.TryParse(species, out var org));
        var settings = new MechanismSettings
        {
            Species = org,
            Regimens = [.. regimens.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(r => RegimenParser.Parse(r, Lib, org))],
        };
        var model = MechanismAssembler.BuildModel(settings, Lib, StandInCore.Text);
        var rules = model.Rules.OfType<TrkbSim.Modeling.AssignmentRule>().Select(r => r.Variable).ToHashSet();
        foreach (var sym in new[] { "occupancy_SERT", "occupancy_NET", "occupancy_NMDA", "trkb_drug_load", "occupancy_TRKB" })
            Assert.Contains(sym, rules);
        foreach (var r in settings.Regimens)
        {
            Assert.Contains($"plasma_{r.Compound}_nM", rules);
            Assert.Contains($"brain_free_{r.Compound}_nM", rules);
            Assert.Contains(model.Rules.OfType<TrkbSim.Modeling.RateRule>(), rr => rr.Variable == $"{r.Compound}_brain_free");
            Assert.Contains(model.Rules.OfType<TrkbSim.Modeling.RateRule>(), rr => rr.Variable == $"{r.Compound}_brain_membrane");
            Assert.Contains($"brain_membrane_{r.Compound}_nM", rules);
        }
    }

    [Fact]
    public void DoseEventsAreTimeOnlyTriggers()
    {
        var settings = new MechanismSettings { Regimens = [RegimenParser.Parse("fluoxetine 20mg oral every 24h for 8w skip 10", Lib)] };
        var model = MechanismAssembler.BuildModel(settings, Lib, StandInCore.Text);
        Assert.Equal(54, model.Events.Length); // 56 doses, one missed, the first is an initial amount
        foreach (var e in model.Events)
        {
            // time >= number: the engine schedules these as discontinuities.
            var call = Assert.IsType<TrkbSim.Modeling.Math.CallExpr>(e.Trigger);
            Assert.IsType<TrkbSim.Modeling.Math.TimeExpr>(call.Args[0]);
            Assert.IsType<TrkbSim.Modeling.Math.NumberExpr>(call.Args[1]);
        }
        Assert.NotNull(model.FindSpecies("fluoxetine_gut"));
        Assert.NotNull(model.FindReaction("fluoxetine_to_norfluoxetine"));
    }
}

public class RealCoreAssemblyTests
{
    [Fact]
    public void AssemblesAndParsesWithTheEmbeddedCore()
    {
        var lib = CompoundLibrary.LoadDefault();
        var settings = new MechanismSettings
        {
            Regimens = [RegimenParser.Parse("fluoxetine 20mg oral every 24h for 8w", lib), RegimenParser.Parse("ketamine 0.5mg/kg infusion:40min from 2w", lib)],
            Environment = LivingEnvironment.Supportive,
        };
        string text = MechanismAssembler.Assemble(settings);
        Assert.Contains("guidance = guidance_supportive;", text);
        var model = MechanismAssembler.BuildModel(settings);
        foreach (var id in new[] { "occupancy_TRKB", "trkb_surface", "plasticity", "network_state", "madrs", "plasma_fluoxetine_nM" })
            Assert.Contains(model.Rules.OfType<TrkbSim.Modeling.AssignmentRule>(), r => r.Variable == id);
    }
}
