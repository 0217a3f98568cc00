namespace TrkbSim.Numerics.LinearAlgebra;

/// <summary>
/// The null space {x : a·x = 0 for every row a} of a sparse matrix given row by row, by a row-by-row Givens QR (as
/// George and Heath's sparse least squares): R is kept upper triangular in a fixed column order, each new row is
/// rotated into it column by column (its leading entry against R's row there, or it becomes R's row where R has none).
/// Rotations are orthogonal, so rounding is not amplified as it can be by elimination (along an asymmetric reaction
/// chain Gaussian elimination grows an error 2.9-fold per species in one direction). Entries that fall to
/// <c>tolerance</c> (rows are scaled to unit length when added) are rounding and are dropped; a row that leaves nothing
/// is dependent on the rows before it. The null space is spanned by one vector per column without a row of R, by back
/// substitution. Memory and work follow the fill of R, which a fill-reducing column order keeps near that of a sparse
/// Cholesky factor of A^T A.
/// </summary>
public sealed class SparseNullSpace
{
    private readonly int _n;
    private readonly double _tolerance;
    // Column c's place in the order, and R's row whose diagonal is column c (diagonal first, the rest after it in the order).
    private readonly int[] _place;
    private readonly int[]?[] _rowColumns;
    private readonly double[]?[] _rowValues;
    // Dense work row, its touched columns and the places still to visit.
    private readonly double[] _work;
    private readonly bool[] _touched;
    private readonly List<int> _touchedList = [];
    private readonly PriorityQueue<int, int> _queue = new();
    private readonly List<int> _merged = [];
    // Stamp of the rotation that last saw column c in R's row (to merge patterns without a set).
    private readonly int[] _seen;
    private int _stamp;

    /// <summary>
    /// A null space of matrices with <paramref name="columns"/> columns, R kept triangular in <paramref name="order"/>
    /// (a permutation of the columns; null for their natural order); entries at or below <paramref name="tolerance"/>
    /// (relative to each row's length) count as zero.
    /// </summary>
    public SparseNullSpace(int columns, int[]? order = null, double tolerance = 1e-10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (!(tolerance is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "the tolerance must lie between 0 and 1");
        _n = columns;
        _tolerance = tolerance;
        _place = new int[columns];
        if (order is null)
            for (int c = 0; c < columns; c++) _place[c] = c;
        else
        {
            if (order.Length != columns) throw new ArgumentException($"the order must list each of the {columns} columns once", nameof(order));
            Array.Fill(_place, -1);
            for (int k = 0; k < columns; k++)
            {
                if ((uint)order[k] >= (uint)columns || _place[order[k]] >= 0)
                    throw new ArgumentException($"the order must list each of the {columns} columns once", nameof(order));
                _place[order[k]] = k;
            }
        }
        _rowColumns = new int[]?[columns];
        _rowValues = new double[]?[columns];
        _work = new double[columns];
        _touched = new bool[columns];
        _seen = new int[columns];
    }

    /// <summary>Number of independent rows added so far.</summary>
    public int Rank { get; private set; }

    /// <summary>Dimension of the null space so far.</summary>
    public int Nullity => _n - Rank;

    /// <summary>
    /// Adds the row with <paramref name="values"/> at <paramref name="columns"/> (any order, no repeats; non-finite
    /// values are refused); returns whether it was independent of the rows added before.
    /// </summary>
    public bool Add(ReadOnlySpan<int> columns, ReadOnlySpan<double> values)
    {
        if (columns.Length != values.Length) throw new ArgumentException("a row needs one value per column", nameof(values));
        double length = 0;
        for (int q = 0; q < columns.Length; q++)
        {
            if ((uint)columns[q] >= (uint)_n) throw new ArgumentOutOfRangeException(nameof(columns), columns[q], $"columns run from 0 to {_n - 1}");
            if (!double.IsFinite(values[q])) throw new ArgumentException("a row's values must be finite", nameof(values));
            length += values[q] * values[q];
        }
        if (length == 0) return false;
        length = Math.Sqrt(length);

        try
        {
            for (int q = 0; q < columns.Length; q++) Touch(columns[q], values[q] / length);
            while (_queue.TryDequeue(out int c, out _))
            {
                double b = _work[c];
                if (Math.Abs(b) <= _tolerance)
                {
                    _work[c] = 0;
                    continue;
                }
                var rowColumns = _rowColumns[c];
                if (rowColumns is null)
                {
                    Place(c);
                    return true;
                }
                Rotate(c, rowColumns, _rowValues[c]!, b);
            }
            return false;
        }
        finally
        {
            foreach (int c in _touchedList)
            {
                _work[c] = 0;
                _touched[c] = false;
            }
            _touchedList.Clear();
            _queue.Clear();
        }
    }

    /// <summary>Adds a column to the work row (value added), queueing its place on first touch.</summary>
    private void Touch(int c, double value)
    {
        if (!_touched[c])
        {
            _touched[c] = true;
            _touchedList.Add(c);
            _queue.Enqueue(c, _place[c]);
        }
        _work[c] += value;
    }

    /// <summary>
    /// Rotates the work row (leading entry <paramref name="b"/> at column <paramref name="c"/>) against R's row there
    /// (diagonal first): R's row becomes cos·R + sin·w, the work row -sin·R + cos·w, whose entry at c is then zero.
    /// </summary>
    private void Rotate(int c, int[] rowColumns, double[] rowValues, double b)
    {
        double a = rowValues[0];
        double r = Math.Sqrt(a * a + b * b);
        double cos = a / r, sin = b / r;
        // The rotated R row lives on its own columns and the work row's live ones, all after c in the order.
        _merged.Clear();
        _stamp++;
        foreach (int j in rowColumns)
        {
            _merged.Add(j);
            _seen[j] = _stamp;
        }
        foreach (int j in _touchedList)
            if (j != c && _work[j] != 0 && _place[j] > _place[c] && _seen[j] != _stamp) _merged.Add(j);
        var values = new double[_merged.Count];
        values[0] = r;
        for (int k = 1; k < rowColumns.Length; k++)
        {
            int j = rowColumns[k];
            double rj = rowValues[k], wj = _touched[j] ? _work[j] : 0;
            values[k] = cos * rj + sin * wj;
            double updated = -sin * rj + cos * wj;
            if (_touched[j]) _work[j] = updated;
            else Touch(j, updated);
        }
        for (int k = rowColumns.Length; k < _merged.Count; k++)
        {
            int j = _merged[k];
            values[k] = sin * _work[j];
            _work[j] *= cos;
        }
        _work[c] = 0;
        // Entries that rotation made negligible are dropped; the diagonal always stays.
        int kept = 1;
        for (int k = 1; k < values.Length; k++)
            if (Math.Abs(values[k]) > _tolerance * 1e-6 * Math.Abs(r)) kept++;
        var cols = new int[kept];
        var vals = new double[kept];
        cols[0] = c;
        vals[0] = r;
        for (int k = 1, q = 1; k < values.Length; k++)
            if (Math.Abs(values[k]) > _tolerance * 1e-6 * Math.Abs(r))
            {
                cols[q] = _merged[k];
                vals[q++] = values[k];
            }
        _rowColumns[c] = cols;
        _rowValues[c] = vals;
    }

    /// <summary>Makes the work row R's row at column <paramref name="c"/> (its leading column).</summary>
    private void Place(int c)
    {
        int count = 1;
        foreach (int j in _touchedList)
            if (j != c && Math.Abs(_work[j]) > _tolerance * 1e-6 * Math.Abs(_work[c])) count++;
        var cols = new int[count];
        var vals = new double[count];
        cols[0] = c;
        vals[0] = _work[c];
        int q = 1;
        foreach (int j in _touchedList)
            if (j != c && Math.Abs(_work[j]) > _tolerance * 1e-6 * Math.Abs(_work[c]))
            {
                cols[q] = j;
                vals[q++] = _work[j];
            }
        _rowColumns[c] = cols;
        _rowValues[c] = vals;
        Rank++;
    }

    /// <summary>
    /// A basis of the null space, one vector per column without a row of R (that column 1, the other such columns 0),
    /// by back substitution through R from its last row to its first. <paramref name="limit"/> caps how many vectors may
    /// be asked for, since each is dense.
    /// </summary>
    public double[][] Basis(int limit = int.MaxValue)
    {
        if (Nullity > limit) throw new InvalidOperationException($"the null space has dimension {Nullity}, more than the {limit} vectors allowed");
        var byPlace = new int[_n];
        for (int c = 0; c < _n; c++) byPlace[_place[c]] = c;
        var basis = new double[Nullity][];
        int b = 0;
        for (int free = 0; free < _n; free++)
        {
            if (_rowColumns[free] is not null) continue;
            var x = new double[_n];
            x[free] = 1;
            for (int k = _n - 1; k >= 0; k--)
            {
                int c = byPlace[k];
                var cols = _rowColumns[c];
                if (cols is null) continue;
                var vals = _rowValues[c]!;
                double s = 0;
                for (int q = 1; q < cols.Length; q++) s += vals[q] * x[cols[q]];
                x[c] = -s / vals[0];
            }
            basis[b++] = x;
        }
        return basis;
    }
}
