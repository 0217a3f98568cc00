namespace TrkbSim.Numerics.LinearAlgebra;

/// <summary>
/// A refactorisation for <see cref="SparseLu"/> with the row order and the patterns of L and U of the last fresh
/// factorisation: only numbers change, column by column, left-looking. It gives up (and the caller factorises afresh)
/// when a pivot is zero, not finite, or smaller than the pivot tolerance times the largest entry below it.
/// </summary>
internal sealed class SparseRefactorisation(SparsePattern columns, SparseFactors factors, double pivotTolerance)
{
    /// <summary>Refactors the values (pattern order); <paramref name="x"/> is zero on entry and on return.</summary>
    public bool Run(ReadOnlySpan<double> values, double[] x)
    {
        SparseFactors f = factors;
        int n = f.Dimension;
        int[] pivotOfRow = f.PivotOfRow, lStarts = f.LowerStarts, lRows = f.LowerRows, uStarts = f.UpperStarts, uRows = f.UpperRows;
        double[] lValues = f.LowerValues, uValues = f.UpperValues;
        ReadOnlySpan<int> starts = columns.Starts, rows = columns.Indices;
        for (int k = 0; k < n; k++)
        {
            int column = f.ColumnOrder[k];
            for (int q = starts[column]; q < starts[column + 1]; q++)
            {
                x[pivotOfRow[rows[q]]] = values[q];
            }

            for (int q = uStarts[k]; q < uStarts[k + 1]; q++)
            {
                int j = uRows[q];
                double xj = x[j];
                uValues[q] = xj;
                x[j] = 0.0;
                if (xj != 0.0)
                {
                    SparseKernels.SubtractScaled(x, lRows, lValues, lStarts[j], lStarts[j + 1], xj);
                }
            }

            double pivot = x[k];
            x[k] = 0.0;
            double max = 0.0;
            for (int r = lStarts[k]; r < lStarts[k + 1]; r++)
            {
                max = Math.Max(max, Math.Abs(x[lRows[r]]));
            }

            if (pivot == 0.0 || !double.IsFinite(pivot) || !double.IsFinite(max) || Math.Abs(pivot) < pivotTolerance * max)
            {
                for (int r = lStarts[k]; r < lStarts[k + 1]; r++)
                {
                    x[lRows[r]] = 0.0;
                }

                return false;
            }

            f.UpperDiagonal[k] = pivot;
            double inverse = 1.0 / pivot;
            for (int r = lStarts[k]; r < lStarts[k + 1]; r++)
            {
                int i = lRows[r];
                lValues[r] = x[i] * inverse;
                x[i] = 0.0;
            }
        }

        return true;
    }
}
