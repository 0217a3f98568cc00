using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Regimens;

namespace TrkbSim.Pharmacology.Tests.Regimens;

public class RegimenParserTests
{
    static readonly CompoundLibrary Lib = CompoundLibrary.LoadDefault();

    static DoseRegimen Parse(string text, Organism org = Organism.Human) => RegimenParser.Parse(text, Lib, org);

    static string Error(string text, Organism org = Organism.Human) =>
        Assert.Throws<PharmacologyInputException>(() => Parse(text, org)).Message;

    [Fact]
    public void DailyOralForEightWeeks()
    {
        var r = Parse("fluoxetine 20mg oral every 24h for 8w");
        Assert.Equal(("fluoxetine", 20.0, DoseUnit.Mg, DoseRoute.Oral), (r.Compound, r.Dose, r.Unit, r.Route));
        Assert.Equal(24, r.IntervalHours);
        Assert.Equal(8 * 168, r.DurationHours);
        Assert.Equal(56, r.ScheduledDoseCount());
        var times = r.DoseTimes();
        Assert.Equal(0, times[0]);
        Assert.Equal(55 * 24, times[^1]);
    }

    [Fact]
    public void InfusionWithStartTime()
    {
        var r = Parse("ketamine 0.5mg/kg infusion:40min doses 1 from 14d");
        Assert.Equal(DoseRoute.Infusion, r.Route);
        Assert.Equal(DoseUnit.MgPerKg, r.Unit);
        Assert.Equal(40.0 / 60, r.InfusionHours!.Value, 12);
        Assert.Equal(1, r.DoseCount);
        Assert.Equal([14 * 24.0], r.DoseTimes());
    }

    [Fact]
    public void SeparatedUnitMicrogramsAndMissedDoses()
    {
        var r = Parse("lsd 100 ug oral every 1w doses 4 skip 2,3");
        Assert.Equal(0.1, r.Dose, 12);
        Assert.Equal([0.0, 3 * 168.0], r.DoseTimes());
    }

    [Fact]
    public void SingleDoseDefaults()
    {
        var r = Parse("esketamine 56mg intranasal");
        Assert.Equal([0.0], r.DoseTimes());
        Assert.Null(r.IntervalHours);
    }

    [Fact]
    public void DrinkingWaterForMice()
    {
        var r = Parse("fluoxetine 0.08mg/mL drinking-water for 3w from 1d", Organism.Mouse);
        Assert.Equal(DoseUnit.MgPerML, r.Unit);
        Assert.Equal(24, r.StartHours);
        Assert.Equal(24 + 3 * 168, r.DrinkingEndHours);
        Assert.Empty(r.DoseTimes());
    }

    [Fact]
    public void TextRoundTripsThroughToString()
    {
        var r = Parse("imipramine 75mg oral every 12h doses 10 from 2d skip 4");
        Assert.Equal(r.ToString(), Parse(r.ToString()).ToString());
        Assert.Equal([4], Parse(r.ToString()).MissedDoses.ToArray());
    }

    [Theory]
    [InlineData("prozac 20mg oral", "unknown compound 'prozac'")]
    [InlineData("fluoxetine -20mg oral", "negative")]
    [InlineData("fluoxetine 20mmol oral", "unknown unit 'mmol'; allowed units: mg, ug")]
    [InlineData("fluoxetine 20 oral", "has no unit")]
    [InlineData("fluoxetine 20mg rectal", "unknown route 'rectal'; allowed: oral, iv, infusion:DURATION")]
    [InlineData("fluoxetine 20mg oral every 24x for 8w", "interval '24x': unknown unit 'x'; allowed units: min, h, d, w")]
    [InlineData("fluoxetine 20mg oral every 24h", "'every' needs 'for DURATION' or 'doses N'")]
    [InlineData("fluoxetine 20mg oral every 24h for 8w doses 3", "either 'for DURATION' or 'doses N'")]
    [InlineData("fluoxetine 20mg oral doses 3", "repeated dosing needs 'every INTERVAL'")]
    [InlineData("fluoxetine 20mg oral every 24h doses 0", "'doses 0': expected a whole number of doses >= 1")]
    [InlineData("fluoxetine 20mg oral every 24h doses 3 skip 5", "skip 5: there are only 3 doses")]
    [InlineData("fluoxetine 20mg oral sometimes 3", "unexpected 'sometimes'")]
    [InlineData("ketamine 0.5mg/kg infusion", "an infusion needs its duration")]
    [InlineData("ketamine 0.5mg/kg infusion:0min", "infusion duration '0min' must be > 0")]
    [InlineData("fluoxetine 0.08mg/mL oral", "mg/mL is only allowed with route drinking-water")]
    [InlineData("fluoxetine 20mg", "expected at least a compound, a dose and a route")]
    [InlineData("fluoxetine 20 mg", "missing route")]
    [InlineData("fluoxetine 20mg oral from -2d", "start time '-2d' must be >= 0")]
    public void BadStringsNameTheBadPart(string text, string expected)
    {
        string message = Error(text);
        Assert.Contains(expected, message);
        Assert.Contains(text.Trim(), message);
    }

    [Fact]
    public void RouteWithoutDataForTheSpeciesIsRejected()
    {
        Assert.Contains("compound 'sertraline' has no intranasal data for human; routes with data: oral, iv, infusion",
            Error("sertraline 50mg intranasal"));
        Assert.Contains("compound 'sertraline' has no mouse PK data; species with data: human",
            Error("sertraline 10mg/kg ip", Organism.Mouse));
        Assert.Contains("compound 'norfluoxetine' has no oral data for human", Error("norfluoxetine 20mg oral"));
    }

    [Fact]
    public void DrinkingWaterNeedsWaterIntake()
    {
        Assert.Contains("water intake", Error("fluoxetine 0.08mg/mL drinking-water for 3w"));
    }
}
