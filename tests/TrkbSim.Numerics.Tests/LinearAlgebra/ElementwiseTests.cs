using TrkbSim.Numerics.LinearAlgebra;

namespace TrkbSim.Numerics.Tests.LinearAlgebra;

/// <summary>
/// The SIMD element-by-element updates give every element exactly the scalar loop's value (same rounding, no fused
/// multiply-add), whatever the length and the values, and so does the LU factorisation built on them.
/// </summary>
public sealed class ElementwiseTests
{
    static readonly double[] Special = [0.0, -0.0, 1.0, -1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon,
        -double.Epsilon, 2.2250738585072014e-308, 1e308, -1e308, 1e-300, 3.0000000000000004, 1.0 / 3.0];

    static double[] Values(Random rng, int n, bool special) =>
        [.. Enumerable.Range(0, n).Select(_ => special && rng.Next(4) == 0 ? Special[rng.Next(Special.Length)] : (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-8, 9)))];

    static void AssertBitEqual(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"element {i}: {expected[i]:R} against {actual[i]:R}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AddScaled_and_SumScaled_round_each_element_as_the_scalar_loop(bool special)
    {
        var rng = new Random(special ? 11 : 7);
        for (int n = 0; n <= 37; n++)
            for (int rep = 0; rep < 20; rep++)
            {
                double a = rep % 5 == 0 ? Special[rng.Next(Special.Length)] : (rng.NextDouble() - 0.5) * 1e3;
                double[] dst = Values(rng, n + 3, special), x = Values(rng, n + 3, special), z = Values(rng, n + 3, special);

                double[] expected = (double[])dst.Clone(), actual = (double[])dst.Clone();
                for (int i = 0; i < n; i++) expected[i] += a * x[i];
                Elementwise.AddScaled(actual, a, x, n);
                AssertBitEqual(expected, actual); // elements from n on untouched

                expected = (double[])dst.Clone();
                actual = (double[])dst.Clone();
                for (int i = 0; i < n; i++) expected[i] = x[i] + a * z[i];
                Elementwise.SumScaled(actual, x, a, z, n);
                AssertBitEqual(expected, actual);
            }
    }

    [Fact]
    public void Short_vectors_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Elementwise.AddScaled(new double[3], 1.0, new double[2], 3));
        Assert.Throws<ArgumentException>(() => Elementwise.SumScaled(new double[3], new double[3], 1.0, new double[2], 3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(21)]
    [InlineData(64)]
    public void Lu_factors_are_those_of_the_scalar_elimination(int n)
    {
        var rng = new Random(n);
        double[] a = Values(rng, n * n, special: false);
        double[] expected = (double[])a.Clone(), actual = (double[])a.Clone();
        int[] expectedPivots = new int[n], pivots = new int[n];
        Assert.Equal(ScalarFactor(expected, n, expectedPivots), DenseLu.Factor(actual, n, pivots));
        Assert.Equal(expectedPivots, pivots);
        AssertBitEqual(expected, actual);
    }

    // Right-looking elimination with partial pivoting, one element at a time: the reference the factorisation must match.
    static bool ScalarFactor(double[] a, int n, int[] pivots)
    {
        for (int k = 0; k < n; k++)
        {
            int p = k;
            double max = Math.Abs(a[k * n + k]);
            for (int i = k + 1; i < n; i++)
                if (Math.Abs(a[i * n + k]) > max) (max, p) = (Math.Abs(a[i * n + k]), i);
            pivots[k] = p;
            if (max == 0.0 || !double.IsFinite(max)) return false;
            if (p != k)
                for (int j = 0; j < n; j++) (a[k * n + j], a[p * n + j]) = (a[p * n + j], a[k * n + j]);
            double inv = 1.0 / a[k * n + k];
            for (int i = k + 1; i < n; i++)
            {
                double l = a[i * n + k] * inv;
                a[i * n + k] = l;
                if (l != 0.0)
                    for (int j = k + 1; j < n; j++) a[i * n + j] -= l * a[k * n + j];
            }
        }
        return true;
    }
}
