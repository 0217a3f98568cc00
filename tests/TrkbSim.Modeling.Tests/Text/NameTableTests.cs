using TrkbSim.Modeling.Text;

namespace TrkbSim.Modeling.Tests.Text;

public class NameTableTests
{
    public enum Colour { Red, Green }

    static NameTable<Colour> Table() => new NameTable<Colour>("colour", ("red", Colour.Red), ("green", Colour.Green)).WithAliases(("verde", Colour.Green));

    [Theory]
    [InlineData("red", Colour.Red)]
    [InlineData(" GREEN ", Colour.Green)]
    [InlineData("Verde", Colour.Green)]
    public void NamesAndAliasesParseWithoutRegardToCaseOrSpaces(string text, Colour expected)
    {
        Assert.True(Table().TryParse(text, out var v));
        Assert.Equal(expected, v);
    }

    [Fact]
    public void AliasesParseButAreNotListed()
    {
        var t = Table();
        Assert.Equal(["red", "green"], t.Names);
        Assert.Equal("red, green", t.Allowed);
        Assert.Equal("green", t.Name(Colour.Green));
    }

    [Fact]
    public void UnknownNamesAreRefusedWithTheListedNames()
    {
        var t = Table();
        Assert.False(t.TryParse("blue", out _));
        Assert.False(t.TryParse(null, out _));
        Assert.Equal("--colour: unknown colour 'blue'; allowed: red, green", t.UnknownMessage("--colour", "blue"));
    }
}
