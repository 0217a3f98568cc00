namespace TrkbSim.Trials.Statistics;

/// <summary>Wilson score interval for a binomial proportion (better than the Wald interval near 0 and 1 and for small n).</summary>
public static class WilsonInterval
{
    /// <summary>z for a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The interval for <paramref name="successes"/> out of <paramref name="n"/>; (NaN, NaN) when n = 0.</summary>
    public static (double Low, double High) Compute(long successes, long n, double z = Z95)
    {
        if (n <= 0) return (double.NaN, double.NaN);
        if (successes < 0 || successes > n) throw new ArgumentOutOfRangeException(nameof(successes));
        double p = (double)successes / n;
        double z2 = z * z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = z / denom * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
