using TrkbSim.Analysis.Statistics;

namespace TrkbSim.Analysis.Tests.Statistics;

public class WelchTestTests
{
    [Theory]
    // Two groups {0..4} and {0..4} + d: equal variances 2.5 and n = 5 give se = 1, t = d and df = 8 exactly, so the
    // two-sided p at the tabulated quantiles of Student's t with 8 df is 0.05 (t 2.306004) and 0.01 (t 3.355387).
    [InlineData(2.306004, 0.05)]
    [InlineData(3.355387, 0.01)]
    public void TwoSidedPAtTabulatedQuantilesOfStudentsT(double d, double p)
    {
        double[] b = [0, 1, 2, 3, 4];
        var r = WelchTest.Compare([.. b.Select(x => x + d)], b);
        Assert.Equal(d, r.T, 9);
        Assert.Equal(8, r.Df, 9);
        Assert.Equal(p, r.P, 5);
        Assert.Equal(d, r.Difference, 9);
    }

    [Fact]
    public void UnequalVariancesUseTheWelchSatterthwaiteDegreesOfFreedom()
    {
        // a: mean 20.14, variance 2.743; b: mean 16.5, variance 2.675 (n = 5 each), computed by hand:
        // se^2 = 2.743/5 + 2.675/5 = 1.0836, t = 3.64 / 1.04096 = 3.4968, df = 1.0836^2 / (0.5486^2/4 + 0.535^2/4) = 7.9987.
        var r = WelchTest.Compare([19.1, 21.3, 17.9, 20.4, 22.0], [15.2, 18.8, 16.1, 14.9, 17.5]);
        Assert.Equal(3.4968, r.T, 3);
        Assert.Equal(7.9987, r.Df, 3);
        Assert.InRange(r.P, 0.005, 0.01); // between the tabulated 0.01 (t 3.355) and 0.005 (t 3.833) levels for 8 df
    }

    [Fact]
    public void SummaryGivesMeanSdAndSem()
    {
        var s = GroupSummary.Of([2.0, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(5, s.Mean, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7), s.Sd, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7) / Math.Sqrt(8), s.Sem, 12);
        Assert.Equal(8, s.N);
    }

    [Fact]
    public void GroupsWithoutSpreadAreEqualOrDifferent()
    {
        Assert.Equal(1, WelchTest.Compare([1.0, 1], [1.0, 1]).P);
        Assert.Equal(0, WelchTest.Compare([1.0, 1], [2.0, 2]).P);
    }
}
