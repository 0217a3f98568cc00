namespace TrkbSim.Numerics.LinearAlgebra;

/// <summary>
/// LU factorisation of a square sparse matrix with a fixed pattern, for repeated factorisations of new values:
/// P A Q = L U with L unit lower and U upper triangular. The column order Q (and the preferred pivot of each column, its
/// diagonal entry) comes from <see cref="MinimumDegreeOrdering"/> on A + A^T, computed once in the constructor.
/// <see cref="Factor"/> first reuses the previous factorisation's row order and the patterns of L and U
/// (<see cref="SparseRefactorisation"/>); when there is none, or a pivot would be too small for it, it factorises
/// afresh column by column, left-looking with threshold partial pivoting (<see cref="SparseFactorisation"/>).
/// Allocation-free after the patterns of L and U stop growing.
/// </summary>
public sealed class SparseLu
{
    private readonly SparsePattern _pattern;
    private readonly SparseFactors _factors;
    private readonly SparseFactorisation _fresh;
    private readonly SparseRefactorisation _again;
    private readonly double[] _work;
    private bool _haveOrder;

    /// <param name="columns">The pattern of A, column by column (line j holds the rows of column j).</param>
    /// <param name="pivotTolerance">
    /// A column's diagonal entry stays its pivot while its magnitude is at least this share of the column's largest
    /// candidate (0 &lt; tolerance &lt;= 1; 1 is plain partial pivoting); the same test decides whether a refactorisation
    /// may keep the previous row order.
    /// </param>
    public SparseLu(SparsePattern columns, double pivotTolerance = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (!(pivotTolerance > 0 && pivotTolerance <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(pivotTolerance), pivotTolerance, "The pivot tolerance must lie in (0, 1].");
        }

        _pattern = columns;
        int n = columns.Dimension;
        int[] order = MinimumDegreeOrdering.Order(columns);
        _factors = new SparseFactors(n, order, columns.NonZeros);
        _fresh = new SparseFactorisation(columns, _factors, pivotTolerance);
        _again = new SparseRefactorisation(columns, _factors, pivotTolerance);
        _work = new double[n];
    }

    public int Dimension => _pattern.Dimension;

    /// <summary>The column order: column k of P A Q is column ColumnOrder[k] of A.</summary>
    public ReadOnlySpan<int> ColumnOrder => _factors.ColumnOrder;

    /// <summary>Stored entries of L (below the diagonal) and U (diagonal included) of the last factorisation.</summary>
    public int FactorNonZeros => _factors.LowerCount + _factors.UpperCount + Dimension;

    /// <summary>Factorisations that chose pivots afresh.</summary>
    public long PivotingFactorisations { get; private set; }

    /// <summary>Factorisations that kept the previous row order and patterns.</summary>
    public long Refactorisations { get; private set; }

    /// <summary>
    /// Factors A given its values in the pattern's order. Returns false when A is singular to working precision (a column
    /// without a non-zero finite pivot) or holds a value that is not finite; the factors are then unusable.
    /// </summary>
    public bool Factor(ReadOnlySpan<double> values)
    {
        if (values.Length < _pattern.NonZeros)
        {
            throw new ArgumentException($"Expected {_pattern.NonZeros} values, got {values.Length}.", nameof(values));
        }

        if (_haveOrder)
        {
            if (_again.Run(values, _work))
            {
                Refactorisations++;
                return true;
            }
        }

        PivotingFactorisations++;
        _haveOrder = _fresh.Run(values, _work);
        return _haveOrder;
    }

    /// <summary>Solves A x = b in place (<paramref name="b"/> becomes x) with the factors of the last successful <see cref="Factor"/>.</summary>
    public void Solve(Span<double> b)
    {
        if (!_haveOrder)
        {
            throw new InvalidOperationException("No factorisation to solve with.");
        }

        _factors.Solve(b, _work);
    }
}
