namespace TrkbSim.Numerics.LinearAlgebra;

/// <summary>
/// The non-zero positions of a square n x n matrix in compressed form: line k (a row or a column, as the owner says)
/// holds the indices <c>Indices[Starts[k] .. Starts[k + 1])</c>, ascending and without repeats. Values that go with a
/// pattern are stored in the same order. Immutable.
/// </summary>
public sealed class SparsePattern
{
    private readonly int[] _starts, _indices;

    /// <summary>Checks and keeps the arrays (not copied: callers hand them over).</summary>
    public SparsePattern(int dimension, int[] starts, int[] indices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(indices);
        if (starts.Length != dimension + 1 || starts[0] != 0 || starts[dimension] != indices.Length)
        {
            throw new ArgumentException($"Starts must have {dimension + 1} entries, from 0 to the number of indices ({indices.Length}).", nameof(starts));
        }

        for (int k = 0; k < dimension; k++)
        {
            if (starts[k + 1] < starts[k])
            {
                throw new ArgumentException($"Starts decrease at line {k}.", nameof(starts));
            }

            for (int q = starts[k]; q < starts[k + 1]; q++)
            {
                if ((uint)indices[q] >= (uint)dimension || (q > starts[k] && indices[q] <= indices[q - 1]))
                {
                    throw new ArgumentException($"Line {k}: indices must be ascending, distinct and below {dimension}.", nameof(indices));
                }
            }
        }

        Dimension = dimension;
        _starts = starts;
        _indices = indices;
    }

    public int Dimension { get; }

    public int NonZeros => _indices.Length;

    /// <summary>Where each line starts in <see cref="Indices"/> (n + 1 entries).</summary>
    public ReadOnlySpan<int> Starts => _starts;

    /// <summary>The positions along each line, line after line.</summary>
    public ReadOnlySpan<int> Indices => _indices;

    /// <summary>Share of the n * n entries that are structurally non-zero.</summary>
    public double Density => Dimension == 0 ? 0 : (double)NonZeros / ((double)Dimension * Dimension);

    /// <summary>The indices of line <paramref name="k"/>.</summary>
    public ReadOnlySpan<int> Line(int k) => _indices.AsSpan(_starts[k], _starts[k + 1] - _starts[k]);

    /// <summary>
    /// result = A x for the matrix A with this pattern by rows (line i holds row i's columns) and <paramref name="values"/>
    /// in the pattern's order.
    /// </summary>
    public void Multiply(ReadOnlySpan<double> values, ReadOnlySpan<double> x, Span<double> result)
    {
        for (int i = 0; i < Dimension; i++)
        {
            double s = 0;
            for (int q = _starts[i]; q < _starts[i + 1]; q++)
            {
                s += values[q] * x[_indices[q]];
            }

            result[i] = s;
        }
    }

    /// <summary>Where entry (line, index) lies in the value order, or -1 when it is not in the pattern.</summary>
    public int Find(int line, int index)
    {
        int q = Line(line).BinarySearch(index);
        return q < 0 ? -1 : _starts[line] + q;
    }

    /// <summary>
    /// The same matrix compressed the other way (rows for columns). <paramref name="positions"/>[q] receives where entry
    /// q of the result lies in this pattern's value order, so values can be moved across.
    /// </summary>
    public SparsePattern Transpose(out int[] positions)
    {
        int n = Dimension;
        var starts = new int[n + 1];
        foreach (int i in _indices)
        {
            starts[i + 1]++;
        }

        for (int k = 0; k < n; k++)
        {
            starts[k + 1] += starts[k];
        }

        var next = starts[..n];
        var indices = new int[NonZeros];
        positions = new int[NonZeros];
        for (int k = 0; k < n; k++)
        {
            for (int q = _starts[k]; q < _starts[k + 1]; q++)
            {
                int slot = next[_indices[q]]++;
                indices[slot] = k;
                positions[slot] = q;
            }
        }

        return new SparsePattern(n, starts, indices);
    }

    /// <summary>This pattern with every diagonal entry added (those already present are kept once).</summary>
    public SparsePattern WithDiagonal()
    {
        int n = Dimension;
        var starts = new int[n + 1];
        var indices = new List<int>(NonZeros + n);
        for (int k = 0; k < n; k++)
        {
            bool placed = false;
            foreach (int i in Line(k))
            {
                if (!placed && i >= k)
                {
                    if (i != k)
                    {
                        indices.Add(k);
                    }

                    placed = true;
                }

                indices.Add(i);
            }

            if (!placed)
            {
                indices.Add(k);
            }

            starts[k + 1] = indices.Count;
        }

        return new SparsePattern(n, starts, [.. indices]);
    }

    /// <summary>The pattern of A + A^T without the diagonal: the adjacency of the matrix's undirected graph.</summary>
    public SparsePattern SymmetricOffDiagonal()
    {
        int n = Dimension;
        var transpose = Transpose(out _);
        var starts = new int[n + 1];
        var indices = new List<int>(2 * NonZeros);
        for (int k = 0; k < n; k++)
        {
            // Merge two ascending lines, dropping the diagonal and repeats.
            ReadOnlySpan<int> a = Line(k), b = transpose.Line(k);
            int ia = 0, ib = 0;
            while (ia < a.Length || ib < b.Length)
            {
                int v = ib >= b.Length || (ia < a.Length && a[ia] <= b[ib]) ? a[ia] : b[ib];
                if (ia < a.Length && a[ia] == v) ia++;
                if (ib < b.Length && b[ib] == v) ib++;
                if (v != k) indices.Add(v);
            }

            starts[k + 1] = indices.Count;
        }

        return new SparsePattern(n, starts, [.. indices]);
    }

    /// <summary>The pattern of a dense row-major or column-major n x n array's non-zero entries (for tests and small inputs).</summary>
    public static SparsePattern FromDense(ReadOnlySpan<double> a, int n)
    {
        var starts = new int[n + 1];
        var indices = new List<int>();
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                if (a[k * n + i] != 0.0)
                {
                    indices.Add(i);
                }
            }

            starts[k + 1] = indices.Count;
        }

        return new SparsePattern(n, starts, [.. indices]);
    }
}
