using TrkbSim.Trials.Output;

namespace TrkbSim.Trials.Tests;

public class SummaryTextTests
{
    static SummaryRow Row(string arm, double week, double change, double resp, double rem) =>
        new(arm, week, 200, 30 + change, change, 8, resp, rem, resp - 0.05, resp + 0.05, rem - 0.04, rem + 0.04);

    [Fact]
    public void ShowsTheLastVisitOfEveryArmWithIntervals()
    {
        var rows = new[]
        {
            Row("drug", 0, 0, 0, 0), Row("drug", 8, -15.19, 0.514, 0.303),
            Row("placebo", 0, 0, 0, 0), Row("placebo", 8, -10.14, 0.306, 0.16),
        };
        var lines = SummaryText.LastVisit(rows).TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("week 8 ", lines[0]);
        Assert.Matches(@"^drug\s+200\s+-15\.2\s+51\.4 % \(46\.4-56\.4\)\s+30\.3 % \(26\.3-34\.3\)$", lines[2]);
        Assert.Matches(@"^placebo\s+200\s+-10\.1\s+30\.6 % \(25\.6-35\.6\)\s+16\.0 % \(12\.0-20\.0\)$", lines[3]);
        // Columns line up: every line of the table has the same length.
        Assert.Equal(lines[1].Length, lines[2].Length);
        Assert.Equal(lines[2].Length, lines[3].Length);
    }

    [Fact]
    public void NoRowsGiveNoText() => Assert.Equal("", SummaryText.LastVisit([]));
}
