using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Tests.Runs;

public class OptionTextTests
{
    static string Error(Func<double> read) => Assert.Throws<PharmacologyInputException>(() => read()).Message;

    [Fact]
    public void ValuesWithUnitsAreReadInTheModelsUnits()
    {
        Assert.Equal(24, OptionText.Hours("--every", "1d", positive: true));
        Assert.Equal(0.5, OptionText.Hours("--step", "30min", positive: true), 12);
        Assert.Equal(0.025, OptionText.WeightKg("--weight", "25g"), 12);
        Assert.Equal(70, OptionText.WeightKg("--weight", "70kg"));
        Assert.Equal(20, OptionText.Percent("--cholesterol", "20%", 0, 100));
        Assert.Equal(20, OptionText.Percent("--cholesterol", "20mol%", 0, 100));
        Assert.Equal(35, OptionText.Percent("--cholesterol", "35", 0, 100));
    }

    [Fact]
    public void AmbiguousOrForeignValuesAreRefusedWithWhatIsAllowed()
    {
        Assert.Contains("write 20% if that is meant", Error(() => OptionText.Percent("--cholesterol", "0.2", 0, 100)));
        Assert.Contains("needs a unit; allowed: kg, g", Error(() => OptionText.WeightKg("--weight", "70")));
        Assert.Contains("out of range", Error(() => OptionText.WeightKg("--weight", "900kg")));
        Assert.Contains("is not a number", Error(() => OptionText.Number("--x", "١٢")));
        Assert.Contains("is not a number", Error(() => OptionText.Number("--x", "NaN")));
        Assert.Contains("must be > 0", Error(() => OptionText.Hours("--every", "0h", positive: true)));
    }
}
