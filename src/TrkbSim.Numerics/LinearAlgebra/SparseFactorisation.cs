namespace TrkbSim.Numerics.LinearAlgebra;

/// <summary>
/// A fresh factorisation for <see cref="SparseLu"/>, one column at a time, left-looking (after Gilbert and Peierls,
/// 1988): the pattern of column k of L \ A(:, Q[k]) is the set of rows reachable from the column's non-zeros through
/// the columns of L already computed (a depth-first search that also yields the order of the sparse triangular solve);
/// the numeric solve touches only those rows. The pivot is the column's diagonal entry when it is at least the pivot
/// tolerance times the largest candidate, otherwise the largest candidate. Structural entries are kept even when their
/// value is zero, so that later refactorisations with the same patterns see every entry they may need.
/// </summary>
internal sealed class SparseFactorisation
{
    private readonly SparsePattern _a;
    private readonly SparseFactors _f;
    private readonly double _tolerance;
    private readonly int[] _reached, _stack, _position, _visited;
    private int _visitStamp;

    public SparseFactorisation(SparsePattern columns, SparseFactors factors, double pivotTolerance)
    {
        _a = columns;
        _f = factors;
        _tolerance = pivotTolerance;
        int n = columns.Dimension;
        _reached = new int[n];
        _stack = new int[n];
        _position = new int[n];
        _visited = new int[n];
    }

    /// <summary>Factors the values (pattern order); <paramref name="x"/> is zero on entry and on return. False: singular or not finite.</summary>
    public bool Run(ReadOnlySpan<double> values, double[] x)
    {
        int n = _a.Dimension;
        SparseFactors f = _f;
        int[] pivotOfRow = f.PivotOfRow;
        Array.Fill(pivotOfRow, -1);
        ReadOnlySpan<int> starts = _a.Starts, rows = _a.Indices;
        int lowerCount = 0, upperCount = 0;
        for (int k = 0; k < n; k++)
        {
            int column = f.ColumnOrder[k];
            f.LowerStarts[k] = lowerCount;
            f.UpperStarts[k] = upperCount;
            int top = Reach(column, k);
            for (int q = starts[column]; q < starts[column + 1]; q++)
            {
                x[rows[q]] = values[q];
            }

            // Sparse triangular solve with the columns of L met on the way, in topological order.
            for (int t = top; t < n; t++)
            {
                int i = _reached[t];
                int j = pivotOfRow[i];
                double xi = x[i];
                if (j < 0 || xi == 0.0)
                {
                    continue;
                }

                SparseKernels.SubtractScaled(x, f.LowerRows, f.LowerValues, f.LowerStarts[j], f.LowerStarts[j + 1], xi);
            }

            int pivotRow = ChoosePivot(column, top, x);
            if (pivotRow < 0)
            {
                for (int t = top; t < n; t++)
                {
                    x[_reached[t]] = 0.0;
                }

                return false;
            }

            double pivot = x[pivotRow], inverse = 1.0 / pivot;
            f.UpperDiagonal[k] = pivot;
            pivotOfRow[pivotRow] = k;
            f.RowOfPivot[k] = pivotRow;
            f.EnsureLower(lowerCount + n - top);
            f.EnsureUpper(upperCount + n - top);
            for (int t = top; t < n; t++)
            {
                int i = _reached[t];
                if (i != pivotRow)
                {
                    if (pivotOfRow[i] < 0)
                    {
                        f.LowerRows[lowerCount] = i;
                        f.LowerValues[lowerCount++] = x[i] * inverse;
                    }
                    else
                    {
                        f.UpperRows[upperCount] = pivotOfRow[i];
                        f.UpperValues[upperCount++] = x[i];
                    }
                }

                x[i] = 0.0;
            }
        }

        f.LowerStarts[n] = lowerCount;
        f.UpperStarts[n] = upperCount;
        // L's rows in pivot order, U's columns in ascending row order (the order a refactorisation updates in).
        for (int q = 0; q < lowerCount; q++)
        {
            f.LowerRows[q] = pivotOfRow[f.LowerRows[q]];
        }

        for (int k = 0; k < n; k++)
        {
            Array.Sort(f.UpperRows, f.UpperValues, f.UpperStarts[k], f.UpperStarts[k + 1] - f.UpperStarts[k]);
        }

        return true;
    }

    /// <summary>The pivot row among the rows not yet pivotal, or -1 when all candidates are zero or one is not finite.</summary>
    private int ChoosePivot(int column, int top, double[] x)
    {
        int[] pivotOfRow = _f.PivotOfRow;
        int best = -1;
        double max = 0.0;
        for (int t = top; t < _reached.Length; t++)
        {
            int i = _reached[t];
            if (pivotOfRow[i] >= 0)
            {
                continue;
            }

            double v = Math.Abs(x[i]);
            if (!double.IsFinite(v))
            {
                return -1;
            }

            if (v > max)
            {
                max = v;
                best = i;
            }
        }

        if (best >= 0 && pivotOfRow[column] < 0 && Math.Abs(x[column]) >= _tolerance * max)
        {
            best = column;
        }

        return best;
    }

    /// <summary>
    /// Depth-first search from the non-zero rows of A(:, column) through the columns of L computed so far (a row that
    /// is pivot j leads to the rows of L(:, j)); the rows reached end up in _reached[top..n) in topological order.
    /// </summary>
    private int Reach(int column, int k)
    {
        int n = _a.Dimension;
        int stamp = ++_visitStamp;
        int top = n;
        SparseFactors f = _f;
        int[] pivotOfRow = f.PivotOfRow;
        foreach (int start in _a.Line(column))
        {
            if (_visited[start] == stamp)
            {
                continue;
            }

            int depth = 0;
            _stack[0] = start;
            _visited[start] = stamp;
            _position[0] = pivotOfRow[start] < 0 ? 0 : f.LowerStarts[pivotOfRow[start]];
            while (depth >= 0)
            {
                int i = _stack[depth];
                int j = pivotOfRow[i];
                int end = j < 0 ? 0 : (j < k ? f.LowerStarts[j + 1] : 0);
                bool finished = true;
                for (int q = _position[depth]; q < end; q++)
                {
                    int r = f.LowerRows[q];
                    if (_visited[r] == stamp)
                    {
                        continue;
                    }

                    _position[depth] = q + 1;
                    _visited[r] = stamp;
                    _stack[++depth] = r;
                    _position[depth] = pivotOfRow[r] < 0 ? 0 : f.LowerStarts[pivotOfRow[r]];
                    finished = false;
                    break;
                }

                if (finished)
                {
                    depth--;
                    _reached[--top] = i;
                }
            }
        }

        return top;
    }
}
