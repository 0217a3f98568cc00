namespace TrkbSim.Numerics.LinearAlgebra;

/// <summary>
/// The factors P A Q = L U of <see cref="SparseLu"/>, column by column: the column order Q, the row order P, L's
/// entries below its unit diagonal and U's entries above its diagonal (row indices in pivot order), and U's diagonal.
/// L and U grow as a fresh factorisation needs.
/// </summary>
internal sealed class SparseFactors
{
    public SparseFactors(int n, int[] columnOrder, int expectedNonZeros)
    {
        Dimension = n;
        ColumnOrder = columnOrder;
        RowOfPivot = new int[n];
        PivotOfRow = new int[n];
        UpperDiagonal = new double[n];
        LowerStarts = new int[n + 1];
        UpperStarts = new int[n + 1];
        int capacity = Math.Max(16, 2 * expectedNonZeros);
        LowerRows = new int[capacity];
        LowerValues = new double[capacity];
        UpperRows = new int[capacity];
        UpperValues = new double[capacity];
    }

    public int Dimension { get; }

    /// <summary>Column k of P A Q is column ColumnOrder[k] of A.</summary>
    public int[] ColumnOrder { get; }

    /// <summary>Row k of P A Q is row RowOfPivot[k] of A.</summary>
    public int[] RowOfPivot { get; }

    /// <summary>The inverse of <see cref="RowOfPivot"/> (-1 for rows not yet pivotal during a fresh factorisation).</summary>
    public int[] PivotOfRow { get; }

    public double[] UpperDiagonal { get; }

    public int[] LowerStarts { get; }
    public int[] LowerRows { get; private set; }
    public double[] LowerValues { get; private set; }
    public int[] UpperStarts { get; }
    public int[] UpperRows { get; private set; }
    public double[] UpperValues { get; private set; }

    public int LowerCount => LowerStarts[Dimension];
    public int UpperCount => UpperStarts[Dimension];

    /// <summary>Makes room for <paramref name="needed"/> entries of L.</summary>
    public void EnsureLower(int needed)
    {
        if (needed > LowerRows.Length)
        {
            int size = Math.Max(needed, 2 * LowerRows.Length);
            LowerRows = Grow(LowerRows, size);
            LowerValues = Grow(LowerValues, size);
        }
    }

    /// <summary>Makes room for <paramref name="needed"/> entries of U.</summary>
    public void EnsureUpper(int needed)
    {
        if (needed > UpperRows.Length)
        {
            int size = Math.Max(needed, 2 * UpperRows.Length);
            UpperRows = Grow(UpperRows, size);
            UpperValues = Grow(UpperValues, size);
        }
    }

    private static T[] Grow<T>(T[] a, int size)
    {
        var b = new T[size];
        a.CopyTo(b, 0);
        return b;
    }

    /// <summary>Solves A x = b in place: y = P b, L z = y, U w = z, x = Q w.</summary>
    public void Solve(Span<double> b, double[] work)
    {
        int n = Dimension;
        int[] rowOfPivot = RowOfPivot, columnOrder = ColumnOrder;
        int[] lStarts = LowerStarts, lRows = LowerRows, uStarts = UpperStarts, uRows = UpperRows;
        double[] lValues = LowerValues, uValues = UpperValues, diagonal = UpperDiagonal;
        for (int k = 0; k < n; k++)
        {
            work[k] = b[rowOfPivot[k]];
        }

        for (int j = 0; j < n; j++)
        {
            double xj = work[j];
            if (xj != 0.0)
            {
                SparseKernels.SubtractScaled(work, lRows, lValues, lStarts[j], lStarts[j + 1], xj);
            }
        }

        for (int j = n - 1; j >= 0; j--)
        {
            double xj = work[j] / diagonal[j];
            work[j] = xj;
            if (xj != 0.0)
            {
                SparseKernels.SubtractScaled(work, uRows, uValues, uStarts[j], uStarts[j + 1], xj);
            }
        }

        for (int k = 0; k < n; k++)
        {
            b[columnOrder[k]] = work[k];
        }
    }
}
