using TrkbSim.Modeling.Files;

namespace TrkbSim.Modeling.Tests.Files;

public class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("", "")]
    public void FieldsAreQuotedOnlyWhenRfc4180NeedsIt(string text, string expected) => Assert.Equal(expected, Csv.Field(text));

    [Fact]
    public void NumbersRoundTripAndNaNIsEmpty()
    {
        Assert.Equal("0.1", Csv.Number(0.1));
        Assert.Equal(0.1 + 0.2, double.Parse(Csv.Number(0.1 + 0.2), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("", Csv.Number(double.NaN));
        Assert.Equal("", Csv.Number(null));
    }
}
