namespace TrkbSim.Analysis.Sampling;

/// <summary>Latin hypercube points in the unit cube: each dimension's n strata hold one point each.</summary>
public static class LatinHypercube
{
    /// <summary>n points in [0,1)^dimensions, reproducible from <paramref name="seed"/>.</summary>
    public static double[][] Sample(int n, int dimensions, int seed)
    {
        var rng = new Random(seed);
        var points = new double[n][];
        for (var i = 0; i < n; i++) points[i] = new double[dimensions];
        var perm = new int[n];
        for (var d = 0; d < dimensions; d++)
        {
            for (var i = 0; i < n; i++) perm[i] = i;
            for (var i = n - 1; i > 0; i--)
            {
                var j = rng.Next(i + 1);
                (perm[i], perm[j]) = (perm[j], perm[i]);
            }
            for (var i = 0; i < n; i++) points[i][d] = (perm[i] + rng.NextDouble()) / n;
        }
        return points;
    }
}
