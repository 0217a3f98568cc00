using TrkbSim.Numerics.LinearAlgebra;

namespace TrkbSim.Numerics.Tests.LinearAlgebra;

public sealed class DenseLuTests
{
    [Fact]
    public void SolvesAPermutedSystemExactly()
    {
        // Zero leading pivot forces a row exchange; x = (1, -2, 3).
        double[] a = [0, 2, 1, 1, 1, 1, 2, 1, 3];
        double[] x = [1, -2, 3];
        double[] b = new double[3];
        for (int i = 0; i < 3; i++)
        {
            b[i] = a[i * 3] * x[0] + a[i * 3 + 1] * x[1] + a[i * 3 + 2] * x[2];
        }

        int[] piv = new int[3];
        Assert.True(DenseLu.Factor(a, 3, piv));
        DenseLu.Solve(a, 3, piv, b);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(x[i], b[i], 1e-14);
        }
    }

    [Fact]
    public void SolvesARandomSystemToRoundoff()
    {
        const int n = 30;
        var rng = new Random(42);
        double[] a = new double[n * n], copy = new double[n * n], x = new double[n], b = new double[n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = rng.NextDouble() - 0.5;
        }

        for (int i = 0; i < n; i++)
        {
            x[i] = rng.NextDouble();
        }

        a.CopyTo(copy, 0);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                b[i] += a[i * n + j] * x[j];
            }
        }

        int[] piv = new int[n];
        Assert.True(DenseLu.Factor(copy, n, piv));
        DenseLu.Solve(copy, n, piv, b);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(x[i], b[i], 1e-10);
        }
    }

    [Fact]
    public void ReportsASingularMatrix()
    {
        double[] a = [1, 2, 2, 4];
        Assert.False(DenseLu.Factor(a, 2, new int[2]));
    }
}
