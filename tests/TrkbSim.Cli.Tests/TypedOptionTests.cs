namespace TrkbSim.Cli.Tests;

/// <summary>Option values are parsed and checked by the command-line parser, from the same tables the help lists.</summary>
public class TypedOptionTests
{
    [Theory]
    [InlineData("--species", "rat", "--species: unknown species 'rat'; allowed: human, mouse")]
    [InlineData("--genotype", "Y433F", "--genotype: unknown genotype 'Y433F'; allowed: wt, y433f-het, y433f-hom")]
    [InlineData("--environment", "calm", "--environment: unknown environment 'calm'; allowed: supportive, usual, none, stressful")]
    [InlineData("--cyp2d6", "slow", "--cyp2d6: unknown phenotype 'slow'; allowed: poor, intermediate, normal, ultrarapid")]
    [InlineData("--every", "1 day", "--every '1 day': unknown unit")]
    [InlineData("--weight", "70", "--weight: '70' needs a unit")]
    [InlineData("--cholesterol", "0.2", "a bare number below 1 looks like a fraction")]
    [InlineData("--doses", "2.5", "--doses: '2.5' is not a whole number; allowed: 1 to 100000")]
    [InlineData("--uncertainty", "1", "--uncertainty: 1 is out of range; allowed: 2 to 5000")]
    public void ABadValueIsAParseErrorNamingTheOptionAndWhatIsAllowed(string option, string value, string expected)
    {
        var (code, _, err) = CliHarness.Run("regimen", "--drug", "fluoxetine", "--dose", "20mg", option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void HelpListsTheAllowedNamesAndTheirDefaultsFromTheSameTables()
    {
        var (code, help, _) = CliHarness.Run("regimen", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--species <human|mouse>", help);
        Assert.Contains("--genotype <wt|y433f-het|y433f-hom>", help);
        Assert.Matches(@"--environment <supportive\|usual\|none\|stressful>\s+Living environment \[default: usual\]", help);
        var (_, simulateHelp, _) = CliHarness.Run("simulate", "--help");
        Assert.Contains("--solver <auto|tsit5|rodas5p|rodas4|bdf>", simulateHelp);
    }

    [Fact]
    public void NamesAreMatchedWithoutRegardToCase()
    {
        string csv = Path.Combine(Path.GetTempPath(), $"trkbsim-typed-{Guid.NewGuid():N}.csv");
        try
        {
            var (code, _, err) = CliHarness.Run("regimen", "--drug", "ketamine", "--dose", "0.5mg/kg", "--route", "iv", "--species", "HUMAN",
                "--genotype", "Y433F-Het", "--simulate", "2h", "--out", csv);
            Assert.True(code == 0, err);
            Assert.True(File.Exists(csv));
        }
        finally { File.Delete(csv); }
    }
}
