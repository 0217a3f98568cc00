using TrkbSim.Numerics.LinearAlgebra;

namespace TrkbSim.Numerics.Tests.LinearAlgebra;

/// <summary>ILU(0) and restarted GMRES against exact answers and against the sparse LU.</summary>
public sealed class IterativeSolverTests
{
    /// <summary>A random unsymmetric sparse matrix by rows (ascending columns, diagonal included), diagonally dominant when asked.</summary>
    private static (SparsePattern Rows, double[] Values) RandomRows(int n, int perRow, int seed, double dominance)
    {
        var rng = new Random(seed);
        var starts = new int[n + 1];
        var columns = new List<int>();
        var values = new List<double>();
        for (int i = 0; i < n; i++)
        {
            var row = new SortedDictionary<int, double> { [i] = 0 };
            for (int k = 0; k < perRow; k++)
            {
                row[rng.Next(n)] = rng.NextDouble() * 2 - 1;
            }

            row[i] = dominance * (1 + rng.NextDouble()) * perRow;
            columns.AddRange(row.Keys);
            values.AddRange(row.Values);
            starts[i + 1] = columns.Count;
        }

        return (new SparsePattern(n, starts, [.. columns]), [.. values]);
    }

    private static double[] Multiply(SparsePattern rows, double[] values, double[] x)
    {
        var b = new double[rows.Dimension];
        for (int i = 0; i < rows.Dimension; i++)
        {
            for (int q = rows.Starts[i]; q < rows.Starts[i + 1]; q++)
            {
                b[i] += values[q] * x[rows.Indices[q]];
            }
        }

        return b;
    }

    [Fact]
    public void IncompleteLuOfATridiagonalMatrixIsItsExactLu()
    {
        // No fill is possible, so ILU(0) is the complete LU and one solve is exact to roundoff.
        const int n = 200;
        var starts = new int[n + 1];
        var columns = new List<int>();
        var values = new List<double>();
        for (int i = 0; i < n; i++)
        {
            if (i > 0) { columns.Add(i - 1); values.Add(-1.0); }
            columns.Add(i); values.Add(2.5 + (i % 3));
            if (i < n - 1) { columns.Add(i + 1); values.Add(-1.2); }
            starts[i + 1] = columns.Count;
        }

        var rows = new SparsePattern(n, starts, [.. columns]);
        var x = Enumerable.Range(0, n).Select(i => Math.Sin(i) + 2).ToArray();
        var b = Multiply(rows, [.. values], x);
        var ilu = new IncompleteLu(rows);
        Assert.True(ilu.Factor([.. values]));
        ilu.Solve(b);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(x[i], b[i], 1e-12);
        }
    }

    [Fact]
    public void GmresWithIncompleteLuMatchesTheSparseLu()
    {
        const int n = 800;
        var (rows, values) = RandomRows(n, 4, 7, 0.6);
        var x = Enumerable.Range(0, n).Select(i => Math.Cos(0.1 * i)).ToArray();
        var b = Multiply(rows, values, x);

        var ilu = new IncompleteLu(rows);
        Assert.True(ilu.Factor(values));
        var gmres = new Gmres(n, 30);
        var solution = (double[])b.Clone();
        bool converged = gmres.Solve(solution, (v, r) => Multiply(rows, values, v).CopyTo(r, 0), ilu.Solve, 1e-12, 20);
        Assert.True(converged);
        Assert.True(gmres.RelativeResidual <= 1e-12);

        // The direct solver on the same matrix (by columns) gives the same x.
        var columns = rows.Transpose(out int[] positions);
        var lu = new SparseLu(columns);
        Assert.True(lu.Factor(positions.Select(p => values[p]).ToArray()));
        var direct = (double[])b.Clone();
        lu.Solve(direct);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(x[i], solution[i], 1e-9);
            Assert.Equal(direct[i], solution[i], 1e-9);
        }
    }

    [Fact]
    public void UnpreconditionedGmresSolvesAnNByNSystemWithinNProducts()
    {
        // In exact arithmetic GMRES finds the solution in at most n steps.
        const int n = 25;
        var (rows, values) = RandomRows(n, 6, 3, 0.3);
        var x = Enumerable.Range(0, n).Select(i => i - 12.0).ToArray();
        var b = Multiply(rows, values, x);
        var gmres = new Gmres(n, n);
        bool converged = gmres.Solve(b, (v, r) => Multiply(rows, values, v).CopyTo(r, 0), _ => { }, 1e-11, 1);
        Assert.True(converged);
        Assert.True(gmres.Products <= n);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(x[i], b[i], 1e-8);
        }
    }

    [Fact]
    public void RestartedGmresThatStagnatesSaysSoAndKeepsItsBestAnswer()
    {
        // A is the cyclic shift (A e_j = e_{j+1}) and b = e_0: the Krylov space of dimension m < n is span{e_0..e_{m-1}},
        // whose image under A is orthogonal to b, so GMRES restarted after 3 products never lowers the residual (the
        // classic stagnation example). It must return false, report a relative residual of 1 and leave a finite x.
        const int n = 12;
        var b = new double[n];
        b[0] = 1;
        void Shift(double[] v, double[] r)
        {
            for (int i = 0; i < n; i++) r[(i + 1) % n] = v[i];
        }
        var gmres = new Gmres(n, 3);
        Assert.False(gmres.Solve(b, Shift, _ => { }, 1e-10, 4));
        Assert.Equal(1, gmres.RelativeResidual, 12);
        Assert.All(b, v => Assert.True(double.IsFinite(v)));

        // Without restarts (a basis of n vectors) the same system is solved: x = e_0 shifted back, x_{n-1} = 1.
        var exact = new double[n];
        exact[0] = 1;
        var full = new Gmres(n, n);
        Assert.True(full.Solve(exact, Shift, _ => { }, 1e-10, 1));
        Assert.Equal(1, exact[n - 1], 10);
    }

    [Fact]
    public void GmresReturnsZeroForAZeroRightHandSide()
    {
        var (rows, values) = RandomRows(10, 2, 1, 1);
        var b = new double[10];
        Assert.True(new Gmres(10, 5).Solve(b, (v, r) => Multiply(rows, values, v).CopyTo(r, 0), _ => { }, 1e-10, 3));
        Assert.All(b, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void IncompleteLuNeedsTheDiagonalAndANonZeroPivot()
    {
        var noDiagonal = new SparsePattern(2, [0, 1, 2], [1, 0]);
        var e = Assert.Throws<ArgumentException>(() => new IncompleteLu(noDiagonal));
        Assert.Contains("diagonal", e.Message, StringComparison.Ordinal);

        var rows = new SparsePattern(2, [0, 2, 4], [0, 1, 0, 1]);
        var ilu = new IncompleteLu(rows);
        Assert.False(ilu.Factor([1.0, 2.0, 2.0, 4.0])); // singular: the second pivot is 4 - 2*2 = 0
        Assert.False(ilu.Factor([double.NaN, 0.0, 0.0, 1.0]));
        Assert.True(ilu.Factor([1.0, 2.0, 3.0, 4.0]));
    }
}
