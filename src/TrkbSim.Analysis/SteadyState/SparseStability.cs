using MathNet.Numerics.LinearAlgebra;
using TrkbSim.Numerics.LinearAlgebra;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Analysis.SteadyState;

/// <summary>
/// The eigenvalues of a large sparse Jacobian nearest zero, the conservation laws' zero eigenvalues set aside, by
/// shift-invert Arnoldi: a Krylov space of the inverse of J restricted to W = {x : L·x = 0} (the laws' complement,
/// which J maps into itself since L·J = 0). Applying that inverse is one solve with the Newton matrix (J with each law's
/// pivot row replaced by the law): for x in W with zeros in the law rows, M y = x gives y in W with J y = x. The
/// eigenvalues of largest modulus of the inverse are those of J nearest zero, which for a stable steady state are
/// normally its slowest modes; the largest real part among them is reported. It is not a proof that no eigenvalue
/// farther from zero lies further right (a fast mode with a large imaginary part), which only all eigenvalues (the
/// dense path) can give.
/// </summary>
internal static class SparseStability
{
    /// <summary>What the search found: the largest real part among the converged eigenvalues, how many converged, the Krylov dimension used.</summary>
    public readonly record struct Outcome(double? MaxReal, int Converged, int Dimension);

    /// <summary>
    /// The eigenvalues of the Jacobian at (<paramref name="t"/>, <paramref name="y"/>) nearest zero: the Krylov space
    /// grows (30, 60, 120, 240) until <paramref name="wanted"/> Ritz values have a residual at most 1e-8 of their size,
    /// or the space holds all of W.
    /// </summary>
    public static Outcome NearestToZero(ISparseJacobianSystem system, ConservationLaws laws, double t, double[] y, int wanted = 8, int seed = 1)
    {
        int n = y.Length;
        int free = n - laws.Count;
        if (free <= 0) return new Outcome(null, 0, 0);
        var matrix = new NewtonMatrix(system, laws);
        // A singular restricted Jacobian has a zero eigenvalue of its own (beyond the laws'): the largest real part is at least 0.
        if (!matrix.Factor(t, y)) return new Outcome(0, 1, 0);

        var pattern = system.JacobianPattern;
        var jacobian = new double[pattern.NonZeros];
        system.SparseJacobian(t, y, jacobian);
        double jNorm = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int q = pattern.Starts[i]; q < pattern.Starts[i + 1]; q++) row += Math.Abs(jacobian[q]);
            jNorm = Math.Max(jNorm, row);
        }
        var isLawRow = new bool[n];
        foreach (int p in laws.Pivots) isLawRow[p] = true;
        int limit = Math.Min(free, 240);
        var basis = new List<double[]>(limit + 1);
        var h = new double[limit + 1, limit];

        var random = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = random.NextDouble() - 0.5;
        ProjectOntoComplement(v, laws);
        Scale(v, 1 / Norm(v));
        basis.Add(v);

        int target = Math.Min(30, limit);
        for (int j = 0; j < limit; j++)
        {
            var w = (double[])basis[j].Clone();
            for (int i = 0; i < n; i++) if (isLawRow[i]) w[i] = 0;
            // basis vectors lie in W, so the law rows of M y = x ask for L·y = 0
            if (!matrix.Solve(w)) return new Outcome(0, 1, j);
            double solved = Norm(w);
            // Orthogonalised against the basis twice (modified Gram-Schmidt, repeated, keeps orthogonality to rounding).
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k <= j; k++)
                {
                    double c = Dot(basis[k], w);
                    h[k, j] += c;
                    Axpy(-c, basis[k], w);
                }
            double norm = Norm(w);
            h[j + 1, j] = norm;
            int m = j + 1;
            bool exhausted = norm <= 1e-12 * solved || m == free;
            if (m == target || exhausted || m == limit)
            {
                var outcome = RitzValues(h, m, exhausted ? 0 : norm, basis, pattern, jacobian, jNorm);
                if (outcome.Converged >= Math.Min(wanted, m) || exhausted || m == limit) return outcome with { Dimension = m };
                target = Math.Min(2 * target, limit);
            }
            if (exhausted) break;
            Scale(w, 1 / norm);
            basis.Add(w);
        }
        return new Outcome(null, 0, basis.Count);
    }

    /// <summary>
    /// Ritz values of the m x m Hessenberg matrix (eigenvalues of the inverse: θ = 1/λ). One counts as converged when
    /// its Arnoldi residual |h_{m+1,m}| |s_m| / |s| is at most 1e-8 |θ| (s its eigenvector) and its Ritz vector u = V s
    /// passes the check against the Jacobian itself, |J u - λ u| &lt;= 1e-6 |J|∞ |u|, which catches inexact solves. The
    /// outcome holds the largest real part of λ over the converged ones.
    /// </summary>
    private static Outcome RitzValues(double[,] h, int m, double next, List<double[]> basis, SparsePattern pattern, double[] jacobian, double jNorm)
    {
        var hm = Matrix<double>.Build.Dense(m, m, (i, j) => h[i, j]);
        var evd = hm.Evd();
        var values = evd.EigenValues;
        var vectors = evd.EigenVectors;
        int n = basis[0].Length;
        double? maxReal = null;
        int converged = 0;
        var re = new double[n];
        var im = new double[n];
        var jRe = new double[n];
        var jIm = new double[n];
        for (int j = 0; j < m; j++)
        {
            var theta = values[j];
            if (theta.Magnitude == 0) continue;
            // A complex pair is stored as the real and imaginary parts of one eigenvector in columns j and j + 1.
            int first = theta.Imaginary != 0 && j > 0 && values[j - 1] == System.Numerics.Complex.Conjugate(theta) ? j - 1 : j;
            int second = theta.Imaginary != 0 && first + 1 < m ? first + 1 : -1;
            double last = vectors[m - 1, first] * vectors[m - 1, first], size = 0;
            for (int i = 0; i < m; i++) size += vectors[i, first] * vectors[i, first];
            if (second >= 0)
            {
                last += vectors[m - 1, second] * vectors[m - 1, second];
                for (int i = 0; i < m; i++) size += vectors[i, second] * vectors[i, second];
            }
            if (next * Math.Sqrt(last / size) > 1e-8 * theta.Magnitude) continue;

            // u = V s, its real and imaginary parts.
            Array.Clear(re);
            Array.Clear(im);
            for (int k = 0; k < m; k++)
            {
                Axpy(vectors[k, first], basis[k], re);
                if (second >= 0) Axpy(vectors[k, second], basis[k], im);
            }
            var lambda = 1 / theta;
            double lr = lambda.Real, li = Math.Abs(lambda.Imaginary);
            // re + i im is an eigenvector of λ or of its conjugate: both are tried, the smaller residual counts.
            pattern.Multiply(jacobian, re, jRe);
            pattern.Multiply(jacobian, im, jIm);
            double plus = 0, minus = 0, uSize = 0;
            for (int i = 0; i < n; i++)
            {
                double real = jRe[i] - lr * re[i], imag = jIm[i] - lr * im[i];
                plus += Square(real + li * im[i]) + Square(imag - li * re[i]);
                minus += Square(real - li * im[i]) + Square(imag + li * re[i]);
                uSize += re[i] * re[i] + im[i] * im[i];
            }
            double residual = Math.Min(plus, minus);
            if (Math.Sqrt(residual) > 1e-6 * jNorm * Math.Sqrt(uSize)) continue;
            converged++;
            maxReal = maxReal is { } r ? Math.Max(r, lr) : lr;
        }
        return new Outcome(maxReal, converged, m);
    }

    /// <summary>Sets each law's pivot entry so that L·v = 0 (the rows are in reduced row echelon form, pivot coefficient 1).</summary>
    private static void ProjectOntoComplement(double[] v, ConservationLaws laws)
    {
        for (int k = 0; k < laws.Count; k++)
        {
            int p = laws.Pivots[k];
            v[p] = 0;
            double s = 0;
            var row = laws.Rows[k];
            for (int i = 0; i < v.Length; i++) s += row[i] * v[i];
            v[p] = -s;
        }
    }

    private static double Square(double x) => x * x;

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    private static void Scale(double[] a, double c)
    {
        for (int i = 0; i < a.Length; i++) a[i] *= c;
    }

    private static void Axpy(double c, double[] x, double[] y)
    {
        for (int i = 0; i < y.Length; i++) y[i] += c * x[i];
    }
}
