using TrkbSim.Numerics.LinearAlgebra;

namespace TrkbSim.Numerics.Ode;

/// <summary>
/// A Rosenbrock solver's Jacobian and iteration matrix W = I/(h*gamma) - J kept sparse: the Jacobian's values in the
/// system's row pattern, W by columns (the Jacobian's pattern plus the diagonal) and its <see cref="SparseLu"/>, whose
/// ordering and factor patterns are reused for every step. Allocation-free after the first factorisations.
/// </summary>
internal sealed class SparseIterationMatrix
{
    private readonly ISparseJacobianSystem _system;
    private readonly SparsePattern _rows;
    private readonly double[] _jacobian, _w;
    private readonly int[] _wPosition; // where Jacobian entry p (row order) lies among W's values
    private readonly int[] _diagonal;   // where W's diagonal entry k lies
    private readonly SparseLu _lu;

    public SparseIterationMatrix(ISparseJacobianSystem system)
    {
        _system = system;
        _rows = system.JacobianPattern;
        int n = system.Dimension;
        if (_rows.Dimension != n)
        {
            throw new ArgumentException($"The Jacobian pattern is {_rows.Dimension} x {_rows.Dimension} but the system has {n} states.", nameof(system));
        }

        var byColumns = _rows.Transpose(out int[] fromRows);
        var columns = byColumns.WithDiagonal();
        _wPosition = new int[_rows.NonZeros];
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<int> line = byColumns.Line(j);
            int start = byColumns.Starts[j];
            for (int r = 0; r < line.Length; r++)
            {
                _wPosition[fromRows[start + r]] = columns.Find(j, line[r]);
            }
        }

        _diagonal = new int[n];
        for (int k = 0; k < n; k++)
        {
            _diagonal[k] = columns.Find(k, k);
        }

        _jacobian = new double[_rows.NonZeros];
        _w = new double[columns.NonZeros];
        _lu = new SparseLu(columns);
    }

    public SparseLu Factors => _lu;

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

    /// <summary>Forms W = diag * I - J and factorises it; false when W is singular.</summary>
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

        return _lu.Factor(_w);
    }

    /// <summary>Solves W x = b in place.</summary>
    public void Solve(Span<double> b) => _lu.Solve(b);
}
