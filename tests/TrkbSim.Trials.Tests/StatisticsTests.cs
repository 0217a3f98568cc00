using TrkbSim.Trials.Output;
using TrkbSim.Trials.Statistics;

namespace TrkbSim.Trials.Tests;

public class StatisticsTests
{
    [Theory]
    // Newcombe 1998 Stat Med 17:857, Table I (Wilson score method): 81/263, 15/148, 0/20, 1/29; and 0/10, 10/10, 5/10.
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    public void Wilson_interval_matches_published_values(int k, int n, double low, double high)
    {
        var (l, h) = WilsonInterval.Compute(k, n);
        Assert.Equal(low, l, 4);
        Assert.Equal(high, h, 4);
    }

    [Fact]
    public void Wilson_interval_of_nothing_is_undefined()
    {
        var (l, h) = WilsonInterval.Compute(0, 0);
        Assert.True(double.IsNaN(l) && double.IsNaN(h));
    }

    [Theory]
    [InlineData(30, 15, true, false)]   // exactly 50 % below baseline: response
    [InlineData(30, 16, false, false)]
    [InlineData(31, 15, true, false)]   // 51.6 % below
    [InlineData(31, 16, false, false)]  // 48.4 % below
    [InlineData(20, 10, true, true)]    // remission at 10
    [InlineData(40, 11, true, false)]   // 11 is not remission
    [InlineData(12, 10, false, true)]   // remission without response
    public void Response_and_remission_follow_the_MADRS_definitions(int baseline, int score, bool response, bool remission)
    {
        Assert.Equal(response, ResponseCriteria.IsResponse(baseline, score));
        Assert.Equal(remission, ResponseCriteria.IsRemission(score));
    }

    [Fact]
    public void Accumulator_gives_known_summary()
    {
        // baselines/scores: changes -15, -10, -20, 0, -5 -> mean -10, SD sqrt(62.5) = 7.9057
        (int b, int s)[] data = [(30, 15), (30, 20), (32, 12), (25, 25), (28, 23)];
        var a = new VisitAccumulator();
        foreach (var (b, s) in data) a.Add(b, s);
        Assert.Equal(5, a.N);
        Assert.Equal(19.0, a.MeanScore, 12);
        Assert.Equal(-10.0, a.MeanChange, 12);
        Assert.Equal(Math.Sqrt(62.5), a.SdChange, 12);
        Assert.Equal(2, a.Responders);  // 30->15 and 32->12
        Assert.Equal(0, a.Remitters);
        Assert.Equal(0.4, a.ResponseRate, 12);
    }

    [Fact]
    public void Accumulators_merged_in_any_order_give_identical_doubles()
    {
        var rng = new Random(3);
        var pairs = Enumerable.Range(0, 5000).Select(_ => (b: rng.Next(22, 50), s: rng.Next(0, 50))).ToList();
        VisitAccumulator Sum(IEnumerable<(int b, int s)> xs) { var a = new VisitAccumulator(); foreach (var (b, s) in xs) a.Add(b, s); return a; }
        var whole = Sum(pairs);
        var parts = new VisitAccumulator();
        foreach (var chunk in pairs.Chunk(333).Reverse()) parts.Add(Sum(chunk));
        Assert.Equal(whole.SdChange, parts.SdChange);
        Assert.Equal(whole.MeanChange, parts.MeanChange);
        Assert.Equal(whole.ResponseRate, parts.ResponseRate);
    }

    [Theory]
    [InlineData(20.4, 0.0, 3.0, 20)]
    [InlineData(20.5, 0.0, 3.0, 21)]
    [InlineData(20.0, 1.0, 3.0, 23)]
    [InlineData(1.0, -2.0, 3.0, 0)]   // kept within 0-60
    [InlineData(59.0, 2.0, 3.0, 60)]
    public void Rated_scores_are_whole_points_within_the_scale(double trueScore, double z, double sd, int expected) =>
        Assert.Equal(expected, RatingScale.Rate(trueScore, z, sd));

    [Fact]
    public void Summary_csv_has_the_exact_header_and_fixed_rounding()
    {
        var a = new VisitAccumulator();
        a.Add(30, 15); a.Add(30, 20); a.Add(31, 10);
        string csv = SummaryCsv.Format([SummaryRow.From("drug", 1.0 / 7, a), SummaryRow.From("drug", 2, a)]);
        var lines = csv.Split('\n');
        Assert.StartsWith("arm,week,n,mean_madrs,mean_change,sd_change,response_rate,remission_rate,", lines[0]);
        // mean 15, change (-15,-10,-21) mean -15.333, SD 5.508; 2/3 respond, 1/3 remit
        Assert.Equal("drug,0.143,3,15.000,-15.333,5.508,0.6667,0.3333,0.2077,0.9385,0.0615,0.7923", lines[1]);
        Assert.StartsWith("drug,2,3,", lines[2]);
        Assert.Equal("", lines[^1]);
        Assert.Equal("0.000", SummaryCsv.F(-0.0001, 3));
    }
}
