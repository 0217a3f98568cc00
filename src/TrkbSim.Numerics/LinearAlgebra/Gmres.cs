namespace TrkbSim.Numerics.LinearAlgebra;

/// <summary>
/// Restarted GMRES with right preconditioning (Saad and Schultz, 1986; Saad 2003, §9.3.2): solves A x = b for an operator
/// A given only as a product, with a preconditioner M ≈ A applied as M⁻¹ v. Each cycle builds an orthonormal Krylov
/// basis of A M⁻¹ by modified Gram-Schmidt and minimises the residual with Givens rotations; x = M⁻¹ V y. Memory:
/// (restart + 2) vectors of length n. Allocation-free after construction.
/// </summary>
public sealed class Gmres
{
    private readonly int _n, _restart;
    private readonly double[][] _basis;
    private readonly double[] _hessenberg; // (restart + 1) x restart, column-major
    private readonly double[] _cos, _sin, _g, _y, _w, _scratch;

    public Gmres(int dimension, int restart)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(restart, 1);
        _n = dimension;
        _restart = restart;
        _basis = new double[restart + 1][];
        for (int k = 0; k <= restart; k++)
        {
            _basis[k] = new double[dimension];
        }

        _hessenberg = new double[(restart + 1) * restart];
        _cos = new double[restart];
        _sin = new double[restart];
        _g = new double[restart + 1];
        _y = new double[restart];
        _w = new double[dimension];
        _scratch = new double[dimension];
    }

    /// <summary>Matrix-vector products of the last <see cref="Solve"/>.</summary>
    public int Products { get; private set; }

    /// <summary>Residual 2-norm over the right-hand side's after the last <see cref="Solve"/>.</summary>
    public double RelativeResidual { get; private set; }

    /// <summary>
    /// Solves A x = b starting from x = 0 (<paramref name="b"/> becomes x) until ‖b − A x‖₂ ≤ tolerance · ‖b‖₂ or
    /// <paramref name="maxCycles"/> restarts. <paramref name="multiply"/>(v, result) writes A v; <paramref name="precondition"/>
    /// replaces its argument v by M⁻¹ v. Returns true when the tolerance was met.
    /// </summary>
    public bool Solve(Span<double> b, Action<double[], double[]> multiply, SpanAction precondition, double tolerance, int maxCycles)
    {
        ArgumentNullException.ThrowIfNull(multiply);
        ArgumentNullException.ThrowIfNull(precondition);
        int n = _n, m = _restart;
        double[] x = _w; // the solution so far (kept in _w between cycles; work vectors are the basis)
        Span<double> xs = x.AsSpan(0, n);
        xs.Clear();
        double bNorm = Norm(b);
        Products = 0;
        RelativeResidual = 0;
        if (bNorm == 0 || !double.IsFinite(bNorm))
        {
            b.Clear();
            return bNorm == 0;
        }

        double target = tolerance * bNorm;
        double[] v0 = _basis[0];
        b.CopyTo(v0); // residual of x = 0
        bool converged = false;
        for (int cycle = 0; cycle < maxCycles && !converged; cycle++)
        {
            if (cycle > 0)
            {
                multiply(x, v0);
                Products++;
                for (int i = 0; i < n; i++)
                {
                    v0[i] = b[i] - v0[i];
                }
            }

            double beta = Norm(v0);
            if (beta <= target)
            {
                RelativeResidual = beta / bNorm;
                converged = true;
                break;
            }

            Scale(v0, 1.0 / beta);
            Array.Clear(_g);
            _g[0] = beta;
            int k = 0;
            for (; k < m; k++)
            {
                // w = A M^-1 v_k, into the next basis vector.
                double[] next = _basis[k + 1];
                Array.Copy(_basis[k], _scratch, n);
                precondition(_scratch.AsSpan(0, n));
                multiply(_scratch, next);
                Products++;
                int column = k * (m + 1);
                for (int j = 0; j <= k; j++)
                {
                    double h = Dot(next, _basis[j]);
                    _hessenberg[column + j] = h;
                    Axpy(-h, _basis[j], next);
                }

                double norm = Norm(next);
                _hessenberg[column + k + 1] = norm;
                if (norm > 0)
                {
                    Scale(next, 1.0 / norm);
                }

                // Apply the previous rotations to the new column, then one more to zero its subdiagonal.
                for (int j = 0; j < k; j++)
                {
                    double a = _hessenberg[column + j], c = _hessenberg[column + j + 1];
                    _hessenberg[column + j] = _cos[j] * a + _sin[j] * c;
                    _hessenberg[column + j + 1] = -_sin[j] * a + _cos[j] * c;
                }

                double hk = _hessenberg[column + k], hk1 = _hessenberg[column + k + 1];
                double r = Math.Sqrt(hk * hk + hk1 * hk1);
                _cos[k] = r == 0 ? 1 : hk / r;
                _sin[k] = r == 0 ? 0 : hk1 / r;
                _hessenberg[column + k] = r;
                _hessenberg[column + k + 1] = 0;
                _g[k + 1] = -_sin[k] * _g[k];
                _g[k] = _cos[k] * _g[k];
                if (Math.Abs(_g[k + 1]) <= target || norm == 0)
                {
                    k++;
                    converged = true;
                    break;
                }
            }

            // y = H^-1 g (upper triangular), x += M^-1 V y.
            for (int i = k - 1; i >= 0; i--)
            {
                double s = _g[i];
                for (int j = i + 1; j < k; j++)
                {
                    s -= _hessenberg[j * (m + 1) + i] * _y[j];
                }

                _y[i] = s / _hessenberg[i * (m + 1) + i];
            }

            double[] update = _scratch;
            Array.Clear(update, 0, n);
            for (int j = 0; j < k; j++)
            {
                Axpy(_y[j], _basis[j], update);
            }

            precondition(update.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                x[i] += update[i];
            }

            RelativeResidual = Math.Abs(_g[k]) / bNorm;
        }

        xs.CopyTo(b);
        return converged;
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (double x in v)
        {
            s += x * x;
        }

        return Math.Sqrt(s);
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static void Axpy(double alpha, double[] x, double[] y) => Elementwise.AddScaled(y, alpha, x, y.Length);

    private static void Scale(double[] v, double alpha)
    {
        for (int i = 0; i < v.Length; i++)
        {
            v[i] *= alpha;
        }
    }
}

/// <summary>An operation on a span of doubles in place (a preconditioner's M⁻¹ v).</summary>
public delegate void SpanAction(Span<double> v);
