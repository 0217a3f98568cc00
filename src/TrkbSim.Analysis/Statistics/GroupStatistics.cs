using MathNet.Numerics.Distributions;

namespace TrkbSim.Analysis.Statistics;

/// <summary>Mean, standard deviation (n - 1) and standard error of the mean of a group of values.</summary>
public sealed record GroupSummary(double Mean, double Sd, double Sem, int N)
{
    public static GroupSummary Of(IReadOnlyList<double> values)
    {
        int n = values.Count;
        if (n == 0) return new GroupSummary(double.NaN, double.NaN, double.NaN, 0);
        double mean = values.Average();
        double sd = n > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1)) : double.NaN;
        return new GroupSummary(mean, sd, sd / Math.Sqrt(n), n);
    }
}

/// <summary>Result of a two-sample test: statistic, degrees of freedom and two-sided p-value.</summary>
public sealed record TestResult(double Difference, double T, double Df, double P);

/// <summary>Welch's unequal-variance t-test (two-sided), the usual comparison of two groups of animals.</summary>
public static class WelchTest
{
    /// <summary>
    /// Compares the means of <paramref name="a"/> and <paramref name="b"/> (difference = mean a - mean b). Each group
    /// needs at least two values. Two groups without spread give p = 1 when their means are equal and p = 0 otherwise.
    /// </summary>
    public static TestResult Compare(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count < 2 || b.Count < 2) throw new ArgumentException("each group needs at least two values");
        var sa = GroupSummary.Of(a);
        var sb = GroupSummary.Of(b);
        double diff = sa.Mean - sb.Mean;
        double va = sa.Sd * sa.Sd / a.Count, vb = sb.Sd * sb.Sd / b.Count;
        double se2 = va + vb;
        if (se2 == 0) return new TestResult(diff, diff == 0 ? 0 : Math.Sign(diff) * double.PositiveInfinity, a.Count + b.Count - 2, diff == 0 ? 1 : 0);
        double t = diff / Math.Sqrt(se2);
        double df = se2 * se2 / (va * va / (a.Count - 1) + vb * vb / (b.Count - 1));
        double p = 2 * StudentT.CDF(0, 1, df, -Math.Abs(t));
        return new TestResult(diff, t, df, p);
    }
}
