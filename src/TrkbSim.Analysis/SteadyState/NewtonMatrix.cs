using TrkbSim.Numerics.LinearAlgebra;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Analysis.SteadyState;

/// <summary>
/// The matrix of a steady-state Newton step: the Jacobian of the rates with each conservation law's pivot row replaced
/// by the law's coefficients, factorised for solving. Dense LU, or sparse LU in the pattern of the Jacobian (diagonal
/// added) with the law rows in place for the systems on which the stiff solvers' <c>auto</c> takes a sparse linear
/// solver (<see cref="LinearSolverChoice"/>): the Jacobian is then never formed densely.
/// </summary>
internal sealed class NewtonMatrix
{
    private readonly IOdeSystem _system;
    private readonly ConservationLaws _laws;
    private readonly int _n;

    // dense
    private readonly double[]? _dense;
    private readonly int[]? _pivots;

    // sparse: the Jacobian's values in its row pattern, where each goes in the column pattern of the Newton matrix
    // (-1 for entries of law rows), and the law rows' values and positions
    private readonly ISparseJacobianSystem? _sparse;
    private readonly double[]? _jacobian;
    private readonly int[]? _position;
    private readonly double[]? _values;
    private readonly (int Position, double Value)[]? _lawEntries;
    private readonly SparseLu? _lu;

    public NewtonMatrix(IOdeSystem system, ConservationLaws laws)
    {
        _system = system;
        _laws = laws;
        _n = system.Dimension;
        if (!UsesSparse(system))
        {
            _dense = new double[_n * _n];
            _pivots = new int[_n];
            return;
        }

        _sparse = (ISparseJacobianSystem)system;
        var rows = _sparse.JacobianPattern;
        var lawOf = new int[_n];
        Array.Fill(lawOf, -1);
        for (int k = 0; k < laws.Count; k++) lawOf[laws.Pivots[k]] = k;

        // The Newton matrix by columns: column j holds the rows i (not a law's pivot) where df_i/dy_j is in the
        // pattern, every i on the diagonal, and the pivot rows of the laws with a coefficient for y_j.
        var columns = new List<int>[_n];
        for (int j = 0; j < _n; j++) columns[j] = [];
        for (int i = 0; i < _n; i++)
        {
            if (lawOf[i] >= 0)
            {
                var row = laws.Rows[lawOf[i]];
                for (int j = 0; j < _n; j++)
                    if (row[j] != 0) columns[j].Add(i);
                continue;
            }
            bool diagonal = false;
            foreach (int j in rows.Line(i))
            {
                columns[j].Add(i);
                diagonal |= j == i;
            }
            if (!diagonal) columns[i].Add(i);
        }
        var starts = new int[_n + 1];
        for (int j = 0; j < _n; j++)
        {
            columns[j].Sort();
            starts[j + 1] = starts[j] + columns[j].Count;
        }
        var pattern = new SparsePattern(_n, starts, [.. columns.SelectMany(c => c)]);

        _jacobian = new double[rows.NonZeros];
        _position = new int[rows.NonZeros];
        for (int i = 0, q = 0; i < _n; i++)
            foreach (int j in rows.Line(i))
                _position[q++] = lawOf[i] >= 0 ? -1 : pattern.Find(j, i);
        var lawEntries = new List<(int, double)>();
        for (int k = 0; k < laws.Count; k++)
            for (int j = 0; j < _n; j++)
                if (laws.Rows[k][j] != 0) lawEntries.Add((pattern.Find(j, laws.Pivots[k]), laws.Rows[k][j]));
        _lawEntries = [.. lawEntries];
        _values = new double[pattern.NonZeros];
        _lu = new SparseLu(pattern);
    }

    /// <summary>
    /// Whether steady-state work on <paramref name="system"/> is sparse: where the stiff solvers' <c>auto</c> takes a
    /// sparse linear solver (sparse LU or, for the largest, iterative).
    /// </summary>
    public static bool UsesSparse(IOdeSystem system) => LinearSolverChoice.Resolve(LinearSolverKind.Auto, system) != LinearSolverKind.Dense;

    /// <summary>True when the matrix is kept sparse.</summary>
    public bool IsSparse => _lu is not null;

    /// <summary>Evaluates the Jacobian at (t, y), puts the law rows in and factorises; false when it is singular.</summary>
    public bool Factor(double t, double[] y)
    {
        if (_lu is null)
        {
            _system.Jacobian(t, y, _dense!);
            for (int k = 0; k < _laws.Count; k++)
                Array.Copy(_laws.Rows[k], 0, _dense!, _laws.Pivots[k] * _n, _n);
            return _dense!.All(double.IsFinite) && DenseLu.Factor(_dense, _n, _pivots);
        }

        _sparse!.SparseJacobian(t, y, _jacobian!);
        Array.Clear(_values!);
        for (int q = 0; q < _jacobian!.Length; q++)
        {
            if (!double.IsFinite(_jacobian[q])) return false;
            if (_position![q] >= 0) _values![_position[q]] = _jacobian[q];
        }
        foreach (var (position, value) in _lawEntries!) _values![position] = value;
        return _lu.Factor(_values);
    }

    /// <summary>Solves the factorised system in place.</summary>
    public void Solve(double[] b)
    {
        if (_lu is null) DenseLu.Solve(_dense, _n, _pivots, b);
        else _lu.Solve(b);
    }
}
