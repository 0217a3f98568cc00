using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Pharmacology.Tests.Compounds;

public class ConcentrationUnitsTests
{
    [Fact]
    public void KetaminePeakMatchesTheCitedMolarValue()
    {
        // Zanos 2018 Table 1: "185 ng/ml; 0.78 μM".
        double mw = CompoundLibrary.LoadDefault().Get("ketamine").MolecularWeight.Value;
        Assert.Equal(778, ConcentrationUnits.NgPerMLToNanomolar(185, mw), 0);
    }

    [Theory]
    [InlineData("fluoxetine", 3.233)]
    [InlineData("sertraline", 3.266)]
    [InlineData("escitalopram", 3.083)]
    [InlineData("imipramine", 3.566)]
    [InlineData("desipramine", 3.754)]
    [InlineData("norketamine", 4.470)]
    [InlineData("hydroxynorketamine", 4.172)]
    [InlineData("psilocin", 4.896)]
    [InlineData("lsd", 3.092)]
    public void OneNgPerMLMatchesTheSheetTable(string id, double nanomolar)
    {
        double mw = CompoundLibrary.LoadDefault().Get(id).MolecularWeight.Value;
        Assert.Equal(nanomolar, ConcentrationUnits.NgPerMLToNanomolar(1, mw), 0.001);
    }

    [Fact]
    public void ConversionsRoundTrip()
    {
        Assert.Equal(82.2, ConcentrationUnits.NanomolarToNgPerML(ConcentrationUnits.NgPerMLToNanomolar(82.2, 309.33), 309.33), 10);
        Assert.Equal(64655.87, ConcentrationUnits.MilligramsToNanomoles(20, 309.33), 2);
    }
}
