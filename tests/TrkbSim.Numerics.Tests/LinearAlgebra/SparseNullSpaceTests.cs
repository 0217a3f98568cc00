using TrkbSim.Numerics.LinearAlgebra;

namespace TrkbSim.Numerics.Tests.LinearAlgebra;

public sealed class SparseNullSpaceTests
{
    /// <summary>The rows of A = B C, B (m x r) and C (r x n) sparse random with a full-rank diagonal part: rank r exactly.</summary>
    private static List<(int[] Columns, double[] Values)> LowRankRows(int m, int r, int n, int seed, out double[,] c)
    {
        var rng = new Random(seed);
        var b = new double[m, r];
        c = new double[r, n];
        for (int i = 0; i < m; i++)
        {
            b[i, i % r] = 1 + rng.NextDouble();
            for (int k = 0; k < 2; k++) b[i, rng.Next(r)] += rng.NextDouble() * 2 - 1;
        }
        for (int k = 0; k < r; k++)
        {
            c[k, k] = 2 + rng.NextDouble();
            for (int e = 0; e < 3; e++) c[k, rng.Next(n)] += rng.NextDouble() * 2 - 1;
        }
        var rows = new List<(int[], double[])>();
        for (int i = 0; i < m; i++)
        {
            var dense = new double[n];
            for (int k = 0; k < r; k++)
                if (b[i, k] != 0)
                    for (int j = 0; j < n; j++) dense[j] += b[i, k] * c[k, j];
            var cols = Enumerable.Range(0, n).Where(j => dense[j] != 0).ToArray();
            rows.Add((cols, cols.Select(j => dense[j]).ToArray()));
        }
        return rows;
    }

    [Theory]
    [InlineData(60, 40, 50, 1)]
    [InlineData(300, 180, 200, 2)]
    [InlineData(120, 100, 100, 3)]
    public void FindsTheNullSpaceOfARankDeficientSparseMatrix(int m, int r, int n, int seed)
    {
        var rows = LowRankRows(m, r, n, seed, out var c);
        var space = new SparseNullSpace(n);
        int independent = rows.Count(row => space.Add(row.Columns, row.Values));

        // B has full column rank (its rows cycle through the diagonal), so A x = 0 exactly when C x = 0.
        Assert.Equal(r, independent);
        Assert.Equal(r, space.Rank);
        Assert.Equal(n - r, space.Nullity);
        var basis = space.Basis();
        Assert.Equal(n - r, basis.Length);
        foreach (var x in basis)
        {
            double size = x.Sum(Math.Abs);
            for (int k = 0; k < r; k++)
            {
                double s = 0, terms = 0;
                for (int j = 0; j < n; j++)
                {
                    s += c[k, j] * x[j];
                    terms += Math.Abs(c[k, j] * x[j]);
                }
                Assert.True(Math.Abs(s) <= 1e-10 * Math.Max(terms, size), $"row {k} of C: C x = {s:G3}");
            }
        }
        // Each vector is 1 at its own free column and 0 at the others', so the basis is independent.
        var free = basis.Select(x => Array.FindIndex(x, v => v == 1)).ToArray();
        for (int a = 0; a < basis.Length; a++)
            for (int b = 0; b < basis.Length; b++)
                if (a != b) Assert.Equal(0, basis[a][free[b]]);
    }

    [Fact]
    public void ConservedTotalsOfAReactionNetwork()
    {
        // Columns of the Jacobian of A <-> B, B + C <-> D (mass action, at a point): the null space of their transpose
        // holds exactly the two conserved totals A + B + D and C + D.
        double b = 0.7, cc = 2.1, k1 = 2, k2 = 0.5, k3 = 3, k4 = 1.5;
        // J[i][j] = df_i/dy_j, f_A = -k1 A + k2 B, f_B = k1 A - k2 B - k3 B C + k4 D, f_C = -k3 B C + k4 D, f_D = k3 B C - k4 D
        double[,] j =
        {
            { -k1, k2, 0, 0 },
            { k1, -k2 - k3 * cc, -k3 * b, k4 },
            { 0, -k3 * cc, -k3 * b, k4 },
            { 0, k3 * cc, k3 * b, -k4 },
        };
        var space = new SparseNullSpace(4);
        for (int col = 0; col < 4; col++)
        {
            var rows = Enumerable.Range(0, 4).Where(i => j[i, col] != 0).ToArray();
            space.Add(rows, rows.Select(i => j[i, col]).ToArray());
        }
        Assert.Equal(2, space.Nullity);
        foreach (var x in space.Basis())
        {
            // Every vector is a combination of (1, 1, 0, 1) and (0, 0, 1, 1): x_A = x_B and x_D = x_A + x_C.
            Assert.Equal(x[0], x[1], 12);
            Assert.Equal(x[0] + x[2], x[3], 12);
        }
    }

    [Fact]
    public void ADependentRowIsReportedAndLeavesTheSpaceAsItWas()
    {
        var space = new SparseNullSpace(3);
        Assert.True(space.Add([0, 1], [1.0, 2.0]));
        Assert.True(space.Add([1, 2], [1.0, -1.0]));
        Assert.False(space.Add([0, 1, 2], [2.0, 5.0, -1.0]));   // row 1 * 2 + row 2
        Assert.False(space.Add([2], [0.0]));
        Assert.Equal(2, space.Rank);
        var x = Assert.Single(space.Basis());
        Assert.Equal(0, x[0] + 2 * x[1], 12);
        Assert.Equal(0, x[1] - x[2], 12);
    }

    [Fact]
    public void BadRowsAreRefusedWithoutChangingTheSpace()
    {
        var space = new SparseNullSpace(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => space.Add([3], [1.0]));
        Assert.Throws<ArgumentException>(() => space.Add([0], [double.NaN]));
        Assert.Throws<ArgumentException>(() => space.Add([0, 1], [1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseNullSpace(3, tolerance: 0));
        Assert.Throws<ArgumentException>(() => new SparseNullSpace(3, [0, 0, 1]));
        Assert.Equal(0, space.Rank);
        Assert.Throws<InvalidOperationException>(() => space.Basis(limit: 2));
        Assert.Equal(3, space.Basis().Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnAsymmetricChainKeepsItsTotalInEitherOrder(bool reversed)
    {
        // Jacobian columns of X0 <-> X1 <-> ... <-> X79 (forward 2, back 0.7): every column sums to zero, and the
        // 79 others are independent, so the null space of their transpose is the total alone. Elimination taken from
        // the far end of the chain grows a rounding error 2.9-fold per species; rotations do not.
        const int n = 80;
        var order = Enumerable.Range(0, n).ToArray();
        if (reversed) Array.Reverse(order);
        var space = new SparseNullSpace(n, order);
        foreach (int j in order)
        {
            var entries = new List<(int Row, double Value)>();
            if (j > 0) entries.Add((j - 1, 0.7));
            entries.Add((j, -(j < n - 1 ? 2 : 0) - (j > 0 ? 0.7 : 0)));
            if (j < n - 1) entries.Add((j + 1, 2));
            space.Add([.. entries.Select(e => e.Row)], [.. entries.Select(e => e.Value)]);
        }
        var x = Assert.Single(space.Basis());
        foreach (double v in x) Assert.Equal(1, v / x[0], 12);
    }
}
