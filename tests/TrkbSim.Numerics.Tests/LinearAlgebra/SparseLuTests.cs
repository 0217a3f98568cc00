using TrkbSim.Numerics.LinearAlgebra;

namespace TrkbSim.Numerics.Tests.LinearAlgebra;

public sealed class SparseLuTests
{
    /// <summary>A random n x n matrix, column-major, with about <paramref name="perColumn"/> off-diagonal entries per column.</summary>
    private static double[] RandomMatrix(int n, double perColumn, int seed, bool zeroDiagonal = false, double diagonal = 0)
    {
        var rng = new Random(seed);
        var a = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                if (i != j && rng.NextDouble() < perColumn / n)
                {
                    a[j * n + i] = rng.NextDouble() * 2 - 1;
                }
            }

            a[j * n + j] = zeroDiagonal ? 0 : diagonal + rng.NextDouble() * 2 - 1;
        }

        return a;
    }

    /// <summary>The column-major matrix's pattern and its values in pattern order.</summary>
    private static (SparsePattern Pattern, double[] Values) Compress(double[] columnMajor, int n, bool keepDiagonal = true)
    {
        var starts = new int[n + 1];
        var rows = new List<int>();
        var values = new List<double>();
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                if (columnMajor[j * n + i] != 0 || (keepDiagonal && i == j))
                {
                    rows.Add(i);
                    values.Add(columnMajor[j * n + i]);
                }
            }

            starts[j + 1] = rows.Count;
        }

        return (new SparsePattern(n, starts, [.. rows]), [.. values]);
    }

    private static double[] RowMajor(double[] columnMajor, int n)
    {
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i * n + j] = columnMajor[j * n + i];
            }
        }

        return a;
    }

    private static double[] Multiply(double[] columnMajor, int n, double[] x)
    {
        var b = new double[n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                b[i] += columnMajor[j * n + i] * x[j];
            }
        }

        return b;
    }

    [Theory]
    [InlineData(5, 1.0, 1, false)]
    [InlineData(40, 2.0, 2, false)]
    [InlineData(100, 3.0, 3, false)]
    [InlineData(200, 1.5, 4, false)]
    [InlineData(60, 20.0, 5, false)]
    [InlineData(30, 4.0, 6, true)]   // zero diagonal: every column needs an off-diagonal pivot
    [InlineData(150, 3.0, 7, true)]
    public void AgreesWithDenseLu(int n, double perColumn, int seed, bool zeroDiagonal)
    {
        // A zero-diagonal random matrix may be structurally singular; reseed until the dense LU accepts it.
        double[] a;
        double[] dense;
        int[] pivots = new int[n];
        do
        {
            a = RandomMatrix(n, perColumn + (zeroDiagonal ? 2 : 0), seed++, zeroDiagonal, diagonal: zeroDiagonal ? 0 : 0.5);
            dense = RowMajor(a, n);
        }
        while (!DenseLu.Factor(dense, n, pivots));

        var rng = new Random(seed);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = rng.NextDouble() - 0.5;
        }

        double[] b = Multiply(a, n, x);
        double[] bDense = (double[])b.Clone();
        DenseLu.Solve(dense, n, pivots, bDense);

        var (pattern, values) = Compress(a, n, keepDiagonal: !zeroDiagonal);
        var lu = new SparseLu(pattern);
        Assert.True(lu.Factor(values));
        double[] bSparse = (double[])b.Clone();
        lu.Solve(bSparse);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(bDense[i], bSparse[i], 1e-8 * (1 + Math.Abs(bDense[i])));
            Assert.Equal(x[i], bSparse[i], 1e-7);
        }
    }

    [Fact]
    public void RefactorisesNewValuesWithThePatternAndKeepsSolving()
    {
        const int n = 80;
        double[] a = RandomMatrix(n, 3, 11, diagonal: 4);
        var (pattern, values) = Compress(a, n);
        var lu = new SparseLu(pattern);
        Assert.True(lu.Factor(values));
        var rng = new Random(5);
        for (int round = 0; round < 5; round++)
        {
            // Same pattern, new numbers (diagonally dominant, so the first row order stays good).
            for (int q = 0; q < values.Length; q++)
            {
                values[q] = rng.NextDouble() - 0.5;
            }

            for (int j = 0; j < n; j++)
            {
                values[pattern.Find(j, j)] += 6;
            }

            Assert.True(lu.Factor(values));
            var x = Enumerable.Range(0, n).Select(i => Math.Sin(i + round)).ToArray();
            var full = new double[n * n];
            for (int j = 0; j < n; j++)
            {
                for (int q = pattern.Starts[j]; q < pattern.Starts[j + 1]; q++)
                {
                    full[j * n + pattern.Indices[q]] = values[q];
                }
            }

            double[] b = Multiply(full, n, x);
            lu.Solve(b);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(x[i], b[i], 1e-10);
            }
        }

        Assert.Equal(1, lu.PivotingFactorisations);
        Assert.Equal(5, lu.Refactorisations);
    }

    [Fact]
    public void PivotsAfreshWhenTheOldRowOrderWouldBeUnstable()
    {
        // [[d, 1], [1, d]]: d = 2 pivots on the diagonal; d = 1e-12 must not keep that order (in either column order).
        var pattern = new SparsePattern(2, [0, 2, 4], [0, 1, 0, 1]);
        var lu = new SparseLu(pattern);
        Assert.True(lu.Factor([2, 1, 1, 2]));
        Assert.True(lu.Factor([1e-12, 1, 1, 1e-12]));
        Assert.Equal(2, lu.PivotingFactorisations);
        Assert.Equal(0, lu.Refactorisations);
        double[] b = [1e-12 + 2, 1 + 2e-12]; // x = (1, 2)
        lu.Solve(b);
        Assert.Equal(1, b[0], 1e-12);
        Assert.Equal(2, b[1], 1e-12);
    }

    [Fact]
    public void ReportsASingularMatrix()
    {
        // Two equal columns.
        var pattern = new SparsePattern(3, [0, 2, 4, 5], [0, 1, 0, 1, 2]);
        var lu = new SparseLu(pattern);
        Assert.False(lu.Factor([1, 2, 1, 2, 3]));
        Assert.Throws<InvalidOperationException>(() => lu.Solve(new double[3]));
        // A structurally singular one (an empty column) and one with a value that is not finite.
        Assert.False(new SparseLu(new SparsePattern(2, [0, 2, 2], [0, 1])).Factor([1, 1]));
        Assert.False(new SparseLu(new SparsePattern(2, [0, 1, 2], [0, 1])).Factor([double.NaN, 1]));
        // After a singular refactorisation the next regular matrix still factorises.
        Assert.True(lu.Factor([1, 2, 1, 3, 3]));
        Assert.False(lu.Factor([1, 2, 1, 2, 3]));
        Assert.True(lu.Factor([2, 0, 0, 2, 2]));
        double[] b = [2, 4, 6];
        lu.Solve(b);
        Assert.Equal([1, 2, 3], b);
    }

    [Fact]
    public void RejectsValuesThatDoNotMatchThePattern()
    {
        var lu = new SparseLu(new SparsePattern(2, [0, 1, 2], [0, 1]));
        Assert.Throws<ArgumentException>(() => lu.Factor([1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseLu(new SparsePattern(1, [0, 1], [0]), 0));
    }
}
