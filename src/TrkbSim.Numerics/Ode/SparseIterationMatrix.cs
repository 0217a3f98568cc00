using TrkbSim.Numerics.LinearAlgebra;

namespace TrkbSim.Numerics.Ode;

/// <summary>
/// A stiff solver's Jacobian and iteration matrix W = I/(h*gamma) - J kept sparse: the Jacobian's values in the
/// system's row pattern and W on the Jacobian's pattern plus the diagonal. Direct (the default): W by columns and its
/// <see cref="SparseLu"/>, whose ordering and factor patterns are reused for every step. Iterative: W by rows, its
/// incomplete factorisation <see cref="IncompleteLu"/> (no fill) as the preconditioner, and each solve by restarted
/// <see cref="Gmres"/> with products by W, for systems whose complete LU would fill in far beyond W
/// (<see cref="LinearSolverChoice"/>). Allocation-free after the first factorisations.
/// </summary>
internal sealed class SparseIterationMatrix
{
    /// <summary>Relative residual at which an iterative solve stops, and its limits (Krylov basis size, restarts).</summary>
    public const double IterativeTolerance = 1e-10;
    public const int IterativeRestart = 40, IterativeCycles = 10;

    private readonly ISparseJacobianSystem _system;
    private readonly SparsePattern _rows;
    private readonly double[] _jacobian, _w;
    private readonly int[] _wPosition; // where Jacobian entry p (row order) lies among W's values
    private readonly int[] _diagonal;   // where W's diagonal entry k lies
    private readonly SparseLu? _lu;
    private readonly IncompleteLu? _ilu;
    private readonly Gmres? _gmres;
    private readonly Action<double[], double[]>? _multiply;
    private readonly SpanAction? _precondition;
    private double _diag;

    public SparseIterationMatrix(ISparseJacobianSystem system, bool iterative = false)
    {
        _system = system;
        _rows = system.JacobianPattern;
        int n = system.Dimension;
        if (_rows.Dimension != n)
        {
            throw new ArgumentException($"The Jacobian pattern is {_rows.Dimension} x {_rows.Dimension} but the system has {n} states.", nameof(system));
        }

        _jacobian = new double[_rows.NonZeros];
        _wPosition = new int[_rows.NonZeros];
        _diagonal = new int[n];
        SparsePattern w;
        if (iterative)
        {
            w = _rows.WithDiagonal();
            for (int i = 0; i < n; i++)
            {
                for (int q = _rows.Starts[i]; q < _rows.Starts[i + 1]; q++)
                {
                    _wPosition[q] = w.Find(i, _rows.Indices[q]);
                }
            }

            _ilu = new IncompleteLu(w);
            _gmres = new Gmres(n, Math.Min(IterativeRestart, Math.Max(1, n)));
            _multiply = Multiply;
            _precondition = _ilu.Solve;
        }
        else
        {
            var byColumns = _rows.Transpose(out int[] fromRows);
            w = byColumns.WithDiagonal();
            for (int j = 0; j < n; j++)
            {
                ReadOnlySpan<int> line = byColumns.Line(j);
                int start = byColumns.Starts[j];
                for (int r = 0; r < line.Length; r++)
                {
                    _wPosition[fromRows[start + r]] = w.Find(j, line[r]);
                }
            }

            _lu = new SparseLu(w);
        }

        for (int k = 0; k < n; k++)
        {
            _diagonal[k] = w.Find(k, k);
        }

        _w = new double[w.NonZeros];
    }

    /// <summary>The sparse LU (null when solving iteratively).</summary>
    public SparseLu? Factors => _lu;

    /// <summary>True when W is solved by preconditioned GMRES instead of a complete LU.</summary>
    public bool Iterative => _gmres is not null;

    /// <summary>Products by W over all iterative solves so far.</summary>
    public long IterativeProducts { get; private set; }

    /// <summary>Evaluates the Jacobian at (t, y).</summary>
    public void Evaluate(double t, double[] y) => _system.SparseJacobian(t, y, _jacobian);

    /// <summary>The row of the first Jacobian value that is not finite, or -1.</summary>
    public int FirstNonFiniteRow()
    {
        for (int i = 0; i < _rows.Dimension; i++)
        {
            for (int q = _rows.Starts[i]; q < _rows.Starts[i + 1]; q++)
            {
                if (!double.IsFinite(_jacobian[q]))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>Infinity norm of the Jacobian (largest absolute row sum).</summary>
    public double Norm()
    {
        double norm = 0;
        for (int i = 0; i < _rows.Dimension; i++)
        {
            double rowSum = 0;
            for (int q = _rows.Starts[i]; q < _rows.Starts[i + 1]; q++)
            {
                rowSum += Math.Abs(_jacobian[q]);
            }

            norm = Math.Max(norm, rowSum);
        }

        return norm;
    }

    /// <summary>Forms W = diag * I - J and factorises it (incompletely, when iterative); false when W is singular.</summary>
    public bool Factor(double diag)
    {
        Array.Clear(_w);
        for (int p = 0; p < _jacobian.Length; p++)
        {
            _w[_wPosition[p]] = -_jacobian[p];
        }

        foreach (int q in _diagonal)
        {
            _w[q] += diag;
        }

        _diag = diag;
        return _lu?.Factor(_w) ?? _ilu!.Factor(_w);
    }

    /// <summary>
    /// Solves W x = b in place: by the sparse LU, or iteratively to a relative residual of
    /// <see cref="IterativeTolerance"/>; false when GMRES does not get there within its restarts (b then holds its best
    /// iterate, which the caller must not use as a solution).
    /// </summary>
    public bool Solve(Span<double> b)
    {
        if (_lu is not null)
        {
            _lu.Solve(b);
            return true;
        }

        bool converged = _gmres!.Solve(b, _multiply!, _precondition!, IterativeTolerance, IterativeCycles);
        IterativeProducts += _gmres.Products;
        return converged;
    }

    /// <summary>result = W v = diag v - J v, from the Jacobian's rows.</summary>
    private void Multiply(double[] v, double[] result)
    {
        ReadOnlySpan<int> starts = _rows.Starts, columns = _rows.Indices;
        for (int i = 0; i < _rows.Dimension; i++)
        {
            double s = _diag * v[i];
            for (int q = starts[i]; q < starts[i + 1]; q++)
            {
                s -= _jacobian[q] * v[columns[q]];
            }

            result[i] = s;
        }
    }
}
