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
    private readonly SparsePattern? _pattern;
    // the sparse LU; on the iterative path made only when GMRES first fails
    private SparseLu? _lu;

    // iterative (the largest systems, where a complete LU fills in most): the matrix by rows for its products, ILU(0)
    // and restarted GMRES; the sparse LU is factorised only when GMRES fails to converge
    private readonly SparsePattern? _byRow;
    private readonly int[]? _rowSource;
    private readonly double[]? _rowValues;
    private readonly IncompleteLu? _ilu;
    private readonly Gmres? _gmres;
    private bool _iterative, _luCurrent;

    public NewtonMatrix(IOdeSystem system, ConservationLaws laws) : this(system, laws, allowIterative: true) { }

    /// <summary>A Newton matrix that, with <paramref name="allowIterative"/> false, always solves by LU (for comparisons).</summary>
    internal NewtonMatrix(IOdeSystem system, ConservationLaws laws, bool allowIterative)
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
        _pattern = pattern;
        if (allowIterative && LinearSolverChoice.Resolve(LinearSolverKind.Auto, system) == LinearSolverKind.Iterative)
        {
            _byRow = pattern.Transpose(out _rowSource);
            _rowValues = new double[pattern.NonZeros];
            _ilu = new IncompleteLu(_byRow);
            _gmres = new Gmres(_n, 40);
        }
        else _lu = new SparseLu(pattern);
    }

    /// <summary>Solves (relative residual) to this accuracy when iterative; the sparse LU takes over where GMRES does not reach it.</summary>
    internal const double IterativeTolerance = 1e-11;

    /// <summary>Restarts GMRES may take before the LU takes over (40 steps each).</summary>
    internal int GmresCycles { get; set; } = 25;

    /// <summary>Whether solves go to GMRES first.</summary>
    public bool IsIterative => _ilu is not null;

    /// <summary>Solves done by GMRES and by the sparse LU (after GMRES failed, or without the iterative path).</summary>
    public long IterativeSolves { get; private set; }
    public long DirectSolves { get; private set; }

    /// <summary>
    /// Whether steady-state work on <paramref name="system"/> is sparse: where the stiff solvers' <c>auto</c> takes a
    /// sparse linear solver (sparse LU or, for the largest, iterative).
    /// </summary>
    public static bool UsesSparse(IOdeSystem system) => LinearSolverChoice.Resolve(LinearSolverKind.Auto, system) != LinearSolverKind.Dense;

    /// <summary>True when the matrix is kept sparse.</summary>
    public bool IsSparse => _pattern is not null;

    /// <summary>Evaluates the Jacobian at (t, y), puts the law rows in and factorises; false when it is singular.</summary>
    public bool Factor(double t, double[] y)
    {
        if (_pattern is null)
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
        _luCurrent = false;
        if (_ilu is not null)
        {
            for (int q = 0; q < _rowValues!.Length; q++) _rowValues[q] = _values![_rowSource![q]];
            _iterative = _ilu.Factor(_rowValues);
            if (_iterative) return true;
        }
        _lu ??= new SparseLu(_pattern);
        return _luCurrent = _lu.Factor(_values);
    }

    /// <summary>
    /// Solves the factorised system in place: by LU, or for the largest systems by GMRES preconditioned with ILU(0) to a
    /// relative residual of <see cref="IterativeTolerance"/>, falling back to the sparse LU (factorised then) when GMRES
    /// does not get there; false only when that LU finds the matrix singular (b is then left as it came).
    /// </summary>
    public bool Solve(double[] b)
    {
        if (_pattern is null)
        {
            DenseLu.Solve(_dense, _n, _pivots, b);
            return true;
        }
        if (_iterative)
        {
            var original = (double[])b.Clone();
            if (_gmres!.Solve(b, Multiply, _ilu!.Solve, IterativeTolerance, GmresCycles))
            {
                IterativeSolves++;
                return true;
            }
            Array.Copy(original, b, _n);
            _lu ??= new SparseLu(_pattern!);
            if (!_luCurrent && !(_luCurrent = _lu.Factor(_values!))) return false;
        }
        _lu!.Solve(b);
        DirectSolves++;
        return true;
    }

    /// <summary>result = M x, from the matrix by rows.</summary>
    private void Multiply(double[] x, double[] result) => _byRow!.Multiply(_rowValues, x, result);
}
