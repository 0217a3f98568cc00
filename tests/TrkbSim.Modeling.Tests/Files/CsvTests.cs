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

public class NonFiniteAsNullTests
{
    sealed record Row(double A, double B, double C);

    [Fact]
    public void NonFiniteNumbersAreWrittenAsNullAndReadBackAsNaN()
    {
        var options = new System.Text.Json.JsonSerializerOptions { Converters = { new NonFiniteAsNull() } };
        string json = System.Text.Json.JsonSerializer.Serialize(new Row(1.5, double.NaN, double.PositiveInfinity), options);
        Assert.Equal("{\"A\":1.5,\"B\":null,\"C\":null}", json);
        var back = System.Text.Json.JsonSerializer.Deserialize<Row>(json, options)!;
        Assert.Equal(1.5, back.A);
        Assert.True(double.IsNaN(back.B));
    }
}
