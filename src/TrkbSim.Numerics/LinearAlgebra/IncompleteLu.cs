namespace TrkbSim.Numerics.LinearAlgebra;

/// <summary>
/// Incomplete LU factorisation without fill, ILU(0) (Saad, "Iterative Methods for Sparse Linear Systems", 2003, §10.3):
/// L (unit lower) and U keep exactly the pattern of A, so the factors take no more memory than A itself, however much
/// a complete LU would fill in. A preconditioner for <see cref="Gmres"/>: M = L U approximates A. The pattern is given by
/// rows (ascending column indices) and must hold the diagonal.
/// </summary>
public sealed class IncompleteLu
{
    private readonly SparsePattern _rows;
    private readonly int[] _diagonal; // where row i's diagonal entry lies
    private readonly int[] _position; // work: where column j lies in the current row, or -1
    private readonly double[] _factors;

    /// <param name="rows">The pattern of A by rows, with every diagonal entry present.</param>
    public IncompleteLu(SparsePattern rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _rows = rows;
        int n = rows.Dimension;
        _diagonal = new int[n];
        for (int i = 0; i < n; i++)
        {
            _diagonal[i] = rows.Find(i, i);
            if (_diagonal[i] < 0)
            {
                throw new ArgumentException($"Row {i} of the pattern has no diagonal entry; ILU(0) needs every diagonal entry.", nameof(rows));
            }
        }

        _position = new int[n];
        Array.Fill(_position, -1);
        _factors = new double[rows.NonZeros];
    }

    public int Dimension => _rows.Dimension;

    /// <summary>
    /// Factors A given its values in the pattern's order (row by row). False when a pivot is zero or a value is not
    /// finite; the factors are then unusable.
    /// </summary>
    public bool Factor(ReadOnlySpan<double> values)
    {
        if (values.Length < _rows.NonZeros)
        {
            throw new ArgumentException($"Expected {_rows.NonZeros} values, got {values.Length}.", nameof(values));
        }

        int n = _rows.Dimension;
        ReadOnlySpan<int> starts = _rows.Starts, columns = _rows.Indices;
        double[] a = _factors;
        values[.._rows.NonZeros].CopyTo(a);
        for (int i = 0; i < n; i++)
        {
            int from = starts[i], to = starts[i + 1];
            for (int q = from; q < to; q++)
            {
                _position[columns[q]] = q;
            }

            // Row i minus multiples of the rows above it, wherever the pattern of row i has room.
            for (int q = from; q < _diagonal[i]; q++)
            {
                int k = columns[q];
                double multiplier = a[q] / a[_diagonal[k]];
                a[q] = multiplier;
                if (multiplier == 0.0)
                {
                    continue;
                }

                for (int r = _diagonal[k] + 1; r < starts[k + 1]; r++)
                {
                    int p = _position[columns[r]];
                    if (p >= 0)
                    {
                        a[p] -= multiplier * a[r];
                    }
                }
            }

            for (int q = from; q < to; q++)
            {
                _position[columns[q]] = -1;
            }

            double pivot = a[_diagonal[i]];
            if (pivot == 0.0 || !double.IsFinite(pivot))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Solves L U x = b in place (<paramref name="b"/> becomes x).</summary>
    public void Solve(Span<double> b)
    {
        int n = _rows.Dimension;
        ReadOnlySpan<int> starts = _rows.Starts, columns = _rows.Indices;
        double[] a = _factors;
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int q = starts[i]; q < _diagonal[i]; q++)
            {
                s -= a[q] * b[columns[q]];
            }

            b[i] = s;
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int q = _diagonal[i] + 1; q < starts[i + 1]; q++)
            {
                s -= a[q] * b[columns[q]];
            }

            b[i] = s / a[_diagonal[i]];
        }
    }
}
