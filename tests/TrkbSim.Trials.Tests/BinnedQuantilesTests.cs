using TrkbSim.Trials.Statistics;

namespace TrkbSim.Trials.Tests;

public class BinnedQuantilesTests
{
    static readonly double[] Probabilities = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1];

    /// <summary>The quantile_cont (R type 7) rule on the sorted values: the reference answer.</summary>
    static double Exact(double[] values, double p)
    {
        var x = values.Order().ToArray();
        double h = p * (x.Length - 1);
        int lo = (int)Math.Floor(h), hi = (int)Math.Ceiling(h);
        return x[lo] + (h - lo) * (x[hi] - x[lo]);
    }

    static BinnedQuantiles Fill(IEnumerable<double> values, int bins = 1200)
    {
        var q = new BinnedQuantiles(0, 60, bins);
        foreach (var v in values) q.Add(v);
        return q;
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 1000)]
    [InlineData(3, 30000)]
    public void Quantiles_are_within_one_bin_of_the_exact_sorted_answer(int seed, int n)
    {
        var rng = new Random(seed);
        // MADRS-like scores: a wide normal clipped to the scale, so that the end bins also hold ties at 0 and 60.
        var values = Enumerable.Range(0, n).Select(_ => Math.Clamp(25 + 15 * Normal(rng), 0, 60)).ToArray();
        var q = Fill(values);
        Assert.Equal(n, q.Count);
        foreach (double p in Probabilities)
            Assert.InRange(Math.Abs(q.Quantile(p) - Exact(values, p)), 0, q.BinWidth);
    }

    [Fact]
    public void Quantiles_are_exact_when_no_bin_holds_more_than_two_values()
    {
        var rng = new Random(4);
        // 300 distinct bins of the 1200, at most two values in each.
        var bins = Enumerable.Range(0, 1200).OrderBy(_ => rng.Next()).Take(300).ToArray();
        var values = bins.SelectMany(b => new[] { 0.05 * b + 0.001, 0.05 * b + 0.049 * rng.NextDouble() }.Take(1 + b % 2)).ToArray();
        var q = Fill(values);
        foreach (double p in Probabilities.Concat([0.01, 0.1, 0.33, 0.9, 0.99]))
            Assert.Equal(Exact(values, p), q.Quantile(p), 12);
    }

    [Fact]
    public void Ties_and_the_extremes_are_exact()
    {
        // 10 % of subjects stuck at 0 (the model's floor), the rest spread; one at the top.
        var rng = new Random(5);
        var values = Enumerable.Repeat(0.0, 100).Concat(Enumerable.Range(0, 899).Select(_ => 5 + 40 * rng.NextDouble())).Append(57.25).ToArray();
        var q = Fill(values);
        Assert.Equal(0.0, q.Quantile(0.05));
        Assert.Equal(0.0, q.Quantile(0));
        Assert.Equal(57.25, q.Quantile(1));
        Assert.Equal(values.Min(), q.OrderStatistic(0));
        Assert.Equal(values.Max(), q.OrderStatistic(values.Length - 1));
    }

    [Fact]
    public void Order_of_adding_and_merging_does_not_change_any_bit()
    {
        var rng = new Random(6);
        var values = Enumerable.Range(0, 5000).Select(_ => 60 * rng.NextDouble()).ToArray();
        var forward = Fill(values);
        var shuffled = Fill(values.OrderBy(_ => rng.Next()));
        var merged = Fill(values.Take(1234));
        merged.Add(Fill(values.Skip(1234)));
        foreach (double p in Probabilities)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(forward.Quantile(p)), BitConverter.DoubleToInt64Bits(shuffled.Quantile(p)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(forward.Quantile(p)), BitConverter.DoubleToInt64Bits(merged.Quantile(p)));
        }
        Assert.Equal(forward.Count, merged.Count);
    }

    [Fact]
    public void Values_outside_the_range_go_to_the_end_bins_and_stay_exact_at_the_extremes()
    {
        double[] values = [-3, 1, 2, 70];
        var q = Fill(values);
        Assert.Equal(-3, q.Quantile(0));
        Assert.Equal(70, q.Quantile(1));
        Assert.Equal(Exact(values, 0.5), q.Quantile(0.5), 12);
    }

    [Fact]
    public void Empty_gives_NaN_and_bad_input_is_refused()
    {
        var q = new BinnedQuantiles(0, 60, 10);
        Assert.True(double.IsNaN(q.Quantile(0.5)));
        Assert.Throws<ArgumentException>(() => q.Add(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => q.Quantile(1.5));
        Assert.Throws<ArgumentException>(() => new BinnedQuantiles(1, 1, 10));
        Assert.Throws<ArgumentException>(() => q.Add(new BinnedQuantiles(0, 60, 11)));
    }

    static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
