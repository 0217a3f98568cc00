using TrkbSim.Analysis.Sampling;

namespace TrkbSim.Analysis.Tests.Sampling;

public class SobolSequenceTests
{
    [Fact]
    public void FirstPointsOfTheTwoDimensionalSequence()
    {
        var expected = new[,] { { 0, 0 }, { 0.5, 0.5 }, { 0.75, 0.25 }, { 0.25, 0.75 }, { 0.375, 0.375 }, { 0.875, 0.875 }, { 0.625, 0.125 }, { 0.125, 0.625 } };
        var points = new SobolSequence(2).Take(8);
        for (var i = 0; i < 8; i++)
            for (var d = 0; d < 2; d++)
                Assert.Equal(expected[i, d], points[i][d]);
    }

    [Fact]
    public void DirectionTableListsEveryPrimitivePolynomialOfDegreeOneToEightInOrder()
    {
        // Number of primitive polynomials of degree s over GF(2) is phi(2^s - 1)/s: 1,1,2,2,6,6,18,16.
        var table = JoeKuoDirections.Table;
        for (var s = 1; s <= 8; s++)
        {
            var listed = table.Where(r => r.S == s).Select(r => r.A).ToArray();
            var primitive = Enumerable.Range(0, 1 << Math.Max(0, s - 1)).Where(a => IsPrimitive(s, a)).ToArray();
            Assert.Equal(primitive, listed);
        }
        Assert.All(table, r =>
        {
            for (var k = 0; k < r.S; k++) Assert.True(r.M[k] % 2 == 1 && r.M[k] < 1 << (k + 1), $"m_{k + 1} of degree {r.S}, a={r.A}");
        });
    }

    [Fact]
    public void EveryCoordinateStratifiesDyadicIntervals()
    {
        var dims = SobolSequence.MaxDimensions;
        const int m = 10;
        var points = new SobolSequence(dims, shiftSeed: 3).Take(1 << m);
        for (var d = 0; d < dims; d++)
        {
            var bins = new int[1 << m];
            foreach (var p in points) bins[(int)(p[d] * (1 << m))]++;
            Assert.All(bins, b => Assert.Equal(1, b));
        }
    }

    [Fact]
    public void IntegratesTheTwentyDimensionalGFunctionBetterThanRandomSampling()
    {
        // Sobol' g-function: product of (|4x-2| + a_i)/(1 + a_i), exact integral 1.
        const int d = 20, n = 1 << 14;
        double G(double[] x)
        {
            var v = 1.0;
            for (var i = 0; i < d; i++) v *= (Math.Abs(4 * x[i] - 2) + i) / (1.0 + i);
            return v;
        }
        var seq = new SobolSequence(d);
        var x = new double[d];
        var sum = 0.0;
        for (var i = 0; i < n; i++) { seq.Next(x); sum += G(x); }
        // Plain Monte Carlo at this n has a standard error of about 0.01.
        Assert.Equal(1.0, sum / n, 0.002);
    }

    [Fact]
    public void RejectsTooManyDimensions() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SobolSequence(SobolSequence.MaxDimensions + 1));

    /// <summary>x^s + a-bits + 1 is primitive when x has multiplicative order 2^s - 1 modulo it.</summary>
    private static bool IsPrimitive(int s, int a)
    {
        var poly = (1 << s) | (a << 1) | 1;
        var order = (1 << s) - 1;
        var x = 1;
        for (var k = 1; k <= order; k++)
        {
            x <<= 1;
            if ((x & (1 << s)) != 0) x ^= poly;
            if (x == 1) return k == order;
        }
        return false;
    }
}
