using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Tests.Runs;

public class RegimenRequestTests
{
    static readonly CompoundLibrary Lib = CompoundLibrary.LoadDefault();

    static string Error(RegimenRequest r) => Assert.Throws<PharmacologyInputException>(() => r.Prepare(Lib)).Message;

    static void SameRegimen(DoseRegimen a, DoseRegimen b)
    {
        Assert.Equal((a.Compound, a.Dose, a.Unit, a.Route, a.InfusionHours), (b.Compound, b.Dose, b.Unit, b.Route, b.InfusionHours));
        Assert.Equal((a.IntervalHours, a.DoseCount, a.DurationHours, a.StartHours), (b.IntervalHours, b.DoseCount, b.DurationHours, b.StartHours));
        Assert.Equal(a.DoseTimes(), b.DoseTimes());
    }

    [Fact]
    public void ADrugGivenOptionByOptionIsTheRegimenItsTextWouldBe()
    {
        var byParts = new RegimenRequest { Drug = "fluoxetine", Dose = "20mg", EveryHours = 24, ForHours = 8 * 168, StartHours = 48 }.Prepare(Lib);
        SameRegimen(RegimenParser.Parse("fluoxetine 20mg oral every 24h for 8w from 2d", Lib, Organism.Human), byParts.Settings.Regimens.Single());

        var infusion = new RegimenRequest { Drug = "ketamine", Dose = "0.5mg/kg", Route = "infusion:40min" }.Prepare(Lib);
        SameRegimen(RegimenParser.Parse("ketamine 0.5mg/kg infusion:40min doses 1", Lib, Organism.Human), infusion.Settings.Regimens.Single());
    }

    [Fact]
    public void TheDefaultDurationFollowsTheRegimen()
    {
        // The last dose plus one interval; a single dose: three days; no drug: eight weeks.
        Assert.Equal(55 * 24 + 24, new RegimenRequest { Drug = "fluoxetine", Dose = "20mg", EveryHours = 24, ForHours = 8 * 168 }.Prepare(Lib).Options.DurationHours, 9);
        Assert.Equal(72, new RegimenRequest { Drug = "ketamine", Dose = "0.5mg/kg", Route = "iv" }.Prepare(Lib).Options.DurationHours, 9);
        Assert.Equal(8 * 168, new RegimenRequest { Drug = "none" }.Prepare(Lib).Options.DurationHours, 9);
        Assert.Equal(100, new RegimenRequest { Drug = "none", SimulateHours = 100, StepHours = 0.5 }.Prepare(Lib).Options.DurationHours);
    }

    [Fact]
    public void OptionsThatDoNotFitTogetherAreRefusedByName()
    {
        Assert.StartsWith("--dose: required with --drug", Error(new RegimenRequest { Drug = "fluoxetine" }));
        Assert.StartsWith("--dose: give --drug NAME as well", Error(new RegimenRequest { Dose = "20mg" }));
        Assert.StartsWith("--for and --doses cannot be used together", Error(new RegimenRequest { Drug = "fluoxetine", Dose = "20mg", EveryHours = 24, ForHours = 48, Doses = 2 }));
        Assert.StartsWith("--every, --route: only with --drug",
            Error(new RegimenRequest { Regimens = ["fluoxetine 20mg oral doses 1"], EveryHours = 24, Route = "oral" }));
        Assert.StartsWith("nothing to simulate", Error(new RegimenRequest()));
        Assert.Contains("more than 2,000,000 output rows", Error(new RegimenRequest { Drug = "none", SimulateHours = 1e5, StepHours = 0.01 }));
        // JSON keys are named without dashes.
        Assert.StartsWith("dose: required with drug", Error(new RegimenRequest { Drug = "fluoxetine", OptionPrefix = "" }));
    }

    [Fact]
    public void ADoseOutsideTheClinicalRangeWarnsOrWithStrictIsRefused()
    {
        var request = new RegimenRequest { Drug = "fluoxetine", Dose = "2000mg", EveryHours = 24, ForHours = 168 };
        Assert.Contains(request.Prepare(Lib).Warnings, w => w.Contains("fluoxetine", StringComparison.Ordinal));
        Assert.Empty((request with { Dose = "20mg" }).Prepare(Lib).Warnings);
        Assert.EndsWith("(--strict)", Error(request with { Strict = true }));
    }
}
