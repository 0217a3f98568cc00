using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Tests.Runs;

/// <summary>The summary's building blocks on curves with known answers.</summary>
public class SummaryHelpersTests
{
    static DoseRegimen R(string text) => RegimenParser.Parse(text, CompoundLibrary.LoadDefault());

    [Fact]
    public void LastDosingIntervalFollowsTheLastDoseGiven()
    {
        Assert.Equal((1320.0, 1344.0), RegimenSummarizer.LastDosingInterval([R("fluoxetine 20mg oral every 24h for 8w")], 1344));
        // A single dose: from the dose to the end of the run.
        Assert.Equal((5.0, 100.0), RegimenSummarizer.LastDosingInterval([R("ketamine 0.5mg/kg infusion:40min from 5h")], 100));
        // Doses after the end of the run do not count; the interval is cut at the end.
        Assert.Equal((48.0, 60.0), RegimenSummarizer.LastDosingInterval([R("fluoxetine 20mg oral every 24h for 8w")], 60));
        // Drinking water: the last day of intake.
        Assert.Equal((480.0, 504.0), RegimenSummarizer.LastDosingInterval([R("fluoxetine 0.08mg/mL drinking-water for 3w")], 1000));
        Assert.Equal((0.0, 10.0), RegimenSummarizer.LastDosingInterval([], 10));
    }

    [Fact]
    public void HalfLifeOfAnExponentialIsExact()
    {
        double[] t = [.. Enumerable.Range(0, 101).Select(i => i * 0.5)];
        double[] y = [.. t.Select(x => 100 * Math.Exp(-Math.Log(2) / 7 * x))];
        Assert.Equal(7, TimeSeries.HalfLife(t, y, 10, 40)!.Value, 9);
        Assert.Null(TimeSeries.HalfLife(t, [.. y.Reverse()], 10, 40)); // rising: no half-life
    }

    [Fact]
    public void CrossingsAreInterpolatedAndMissingOnesAreNull()
    {
        double[] t = [0, 1, 2, 3];
        double[] up = [0, 10, 20, 30];
        Assert.Equal(1.5, TimeSeries.FirstTimeAtOrAbove(t, up, 15));
        Assert.Null(TimeSeries.FirstTimeAtOrAbove(t, up, 31));
        Assert.Equal(0.5, TimeSeries.FirstTimeAtOrBelow(t, [30, 20, 10, 0], 25));
        var (tp, peak, tt, trough) = TimeSeries.Extremes(t, [1, 5, 2, 4], 1, 3);
        Assert.Equal((1.0, 5.0, 2.0, 2.0), (tp, peak, tt, trough));
    }
}
