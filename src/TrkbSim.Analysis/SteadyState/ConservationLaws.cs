using MathNet.Numerics.LinearAlgebra;
using TrkbSim.Numerics.LinearAlgebra;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Analysis.SteadyState;

/// <summary>
/// Linear combinations of the states that the model keeps constant (moiety conservation: A + B in A &lt;-&gt; B, total
/// enzyme, a state without any rate). A row L is one when L·f(y) = 0 for every y, hence L·J(y) = 0: it is found as the
/// left null space of f and J sampled at a few points around the initial state, and written in reduced row echelon
/// form so that each law has a pivot state whose equation a steady-state solve replaces by the law.
/// </summary>
public sealed class ConservationLaws
{
    /// <summary>How a set was found: densely, by the rank of a singular value decomposition.</summary>
    public const string DenseSearch = "dense SVD";
    /// <summary>How a set was found: sparsely, and shown complete by the certificate (see <see cref="FindSparse"/>).</summary>
    public const string CertifiedSearch = "sparse, certified complete";
    /// <summary>How a set was found: sparsely, and no QR tolerance gave a set the certificate accepts: a law may be missing.</summary>
    public const string UncertifiedSearch = "sparse, not certified: a law may be missing";

    private ConservationLaws(IReadOnlyList<double[]> rows, IReadOnlyList<int> pivots, string search = DenseSearch)
    {
        Rows = rows;
        Pivots = pivots;
        Search = search;
    }

    /// <summary><see cref="DenseSearch"/>, <see cref="CertifiedSearch"/> or <see cref="UncertifiedSearch"/>.</summary>
    public string Search { get; }

    /// <summary>False when the sparse search kept a set its completeness certificate did not accept.</summary>
    public bool Certain => Search != UncertifiedSearch;

    private ConservationLaws WithSearch(string search) => new(Rows, Pivots, search);

    /// <summary>Each law's coefficients over the states (pivot coefficient 1).</summary>
    public IReadOnlyList<double[]> Rows { get; }

    /// <summary>Each law's pivot state index.</summary>
    public IReadOnlyList<int> Pivots { get; }

    public int Count => Rows.Count;

    /// <summary>The conserved total of law <paramref name="k"/> at state <paramref name="y"/>.</summary>
    public double Total(int k, IReadOnlyList<double> y)
    {
        double s = 0;
        for (int i = 0; i < y.Count; i++) s += Rows[k][i] * y[i];
        return s;
    }

    /// <summary>
    /// Finds the laws of <paramref name="system"/> near <paramref name="y0"/> (at time <paramref name="t"/>): densely
    /// (singular value decomposition) for small systems, sparsely (<see cref="FindSparse"/>) for the systems the stiff
    /// solvers' <c>auto</c> treats as sparse, so that large networks need no n x n matrix.
    /// </summary>
    public static ConservationLaws Find(IOdeSystem system, double[] y0, double t, int seed = 1)
    {
        int n = system.Dimension;
        if (n == 0) return new ConservationLaws([], []);
        var points = SamplePoints(y0, seed);
        return NewtonMatrix.UsesSparse(system)
            ? FindSparse((ISparseJacobianSystem)system, points, t)
            : FindDense(system, points, t);
    }

    /// <summary>The initial state and three points around it (each value scaled by up to e^±0.3; zeros drawn from [0, 1e-3)).</summary>
    internal static double[][] SamplePoints(double[] y0, int seed)
    {
        int n = y0.Length;
        var random = new Random(seed);
        var points = new double[4][];
        for (int sample = 0; sample < points.Length; sample++)
        {
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                double scale = Math.Max(Math.Abs(y0[i]), 1e-3);
                y[i] = sample == 0 ? y0[i] : Math.Abs(y0[i]) > 0 ? y0[i] * Math.Exp(0.3 * (2 * random.NextDouble() - 1)) : scale * random.NextDouble();
            }
            points[sample] = y;
        }
        return points;
    }

    /// <summary>The laws from the singular value decomposition of [f J] at every sample point (n x (4n + 4)).</summary>
    internal static ConservationLaws FindDense(IOdeSystem system, double[][] points, double t)
    {
        int n = system.Dimension;
        var columns = new List<double[]>();
        var jac = new double[n * n];
        var f = new double[n];
        foreach (var y in points)
        {
            system.Derivatives(t, y, f);
            system.Jacobian(t, y, jac);
            if (f.Any(v => !double.IsFinite(v)) || jac.Any(v => !double.IsFinite(v))) continue;
            columns.Add((double[])f.Clone());
            for (int j = 0; j < n; j++)
            {
                var col = new double[n];
                for (int i = 0; i < n; i++) col[i] = jac[i * n + j];
                columns.Add(col);
            }
        }
        if (columns.Count == 0) return new ConservationLaws([], []);

        // L (k x n) with L·M = 0 for M = [f J ...] (n x m): the null space of M^T, from its singular value decomposition.
        var mt = Matrix<double>.Build.Dense(columns.Count, n, (r, c) => columns[r][c]);
        // Columns scaled to unit size so that fast and slow reactions weigh alike.
        for (int r = 0; r < mt.RowCount; r++)
        {
            double norm = mt.Row(r).L2Norm();
            if (norm > 0) mt.SetRow(r, mt.Row(r) / norm);
        }
        // With more columns than states, M^T = Q R first: R (n x n) has M^T's null space and singular values, and its
        // decomposition is far cheaper than one of M^T with all of its m x m left singular vectors.
        var svd = (mt.RowCount > n ? mt.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).R : mt).Svd(computeVectors: true);
        var s = svd.S;
        double tol = Math.Max(mt.RowCount, n) * (s.Count > 0 ? s[0] : 1) * 1e-10;
        var basis = new List<double[]>();
        for (int j = 0; j < n; j++)
            if (j >= s.Count || s[j] <= tol) basis.Add(svd.VT.Row(j).ToArray());
        return FromBasis(basis, n);
    }

    /// <summary>The QR's rank tolerances, tried in this order until the certificate accepts a set.</summary>
    internal static readonly double[] SparseTolerances = [1e-10, 1e-9, 1e-11, 1e-8];

    /// <summary>
    /// The laws of a sparse system. First a certificate that there are none (<see cref="Complete"/>: one sparse
    /// LU), which open networks pass. Otherwise the null space (<see cref="SparseNullSpace"/>, a row-by-row Givens QR)
    /// of the Jacobian's columns at the first sample point where the rates are finite, narrowed within its span by f at
    /// every point and the Jacobian's columns at the other points. A set no tolerance makes complete is returned as
    /// <see cref="UncertifiedSearch"/> (the last tolerance's).
    /// </summary>
    internal static ConservationLaws FindSparse(ISparseJacobianSystem system, double[][] points, double t, IReadOnlyList<double>? tolerances = null)
    {
        int n = system.Dimension;
        var byRow = system.JacobianPattern;
        var byColumn = byRow.Transpose(out int[] positions);
        var samples = new List<(double[] Y, double[] F, double[] J)>();
        foreach (var y in points)
        {
            var f = new double[n];
            var values = new double[byRow.NonZeros];
            system.Derivatives(t, y, f);
            system.SparseJacobian(t, y, values);
            if (f.All(double.IsFinite) && values.All(double.IsFinite)) samples.Add((y, f, values));
        }
        var none = new ConservationLaws([], [], CertifiedSearch);
        if (samples.Count == 0) return none.WithSearch(UncertifiedSearch);
        if (Complete(system, none, samples[0].Y, samples[0].J, t)) return none;

        // The QR decides rank by a tolerance (rounding below it, entries above it); a set of laws the certificate
        // shows incomplete is sought again with the next tolerance, and the last is kept if none passes.
        // R is kept triangular in the fill-reducing order the sparse LU uses for this pattern.
        int[] order = MinimumDegreeOrdering.Order(byColumn);
        ConservationLaws found = none;
        foreach (double tolerance in tolerances ?? SparseTolerances)
        {
            found = NullSpaceLaws(n, samples, byColumn, positions, order, tolerance);
            if (Complete(system, found, samples[0].Y, samples[0].J, t)) return found.WithSearch(CertifiedSearch);
        }
        return found.WithSearch(UncertifiedSearch);
    }

    /// <summary>The laws from the QR of J's columns at the first sample, narrowed by the other constraints (see <see cref="FindSparse"/>).</summary>
    private static ConservationLaws NullSpaceLaws(int n, List<(double[] Y, double[] F, double[] J)> samples,
        SparsePattern byColumn, int[] positions, int[] order, double tolerance)
    {
        var space = new SparseNullSpace(n, order, tolerance);
        var column = new double[n];
        for (int j = 0; j < n; j++)
        {
            int start = byColumn.Starts[j];
            var line = byColumn.Line(j);
            for (int e = 0; e < line.Length; e++) column[e] = samples[0].J[positions[start + e]];
            _ = space.Add(line, column.AsSpan(0, line.Length));
        }
        var basis = space.Basis();
        if (basis.Length == 0) return new ConservationLaws([], []);

        // Narrowed inside the candidates' span (k dimensions) rather than by more rows in the QR, where a dense row
        // (f) would fill R completely: Q holds the candidates orthonormalised, each constraint a (f at every point, the
        // Jacobian's columns at the other points) gives the row a·Q / |a|, and the laws are Q times the null space of
        // those rows (singular values at most 1e-9 of a row's length count as zero).
        var q = Matrix<double>.Build.DenseOfColumnArrays(basis).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        int k = q.ColumnCount;
        var constraints = new List<double[]>();
        void Constrain(double[] row, double length)
        {
            if (length == 0) return;
            bool any = false;
            for (int c = 0; c < k; c++)
            {
                row[c] /= length;
                any |= Math.Abs(row[c]) > 1e-12;
            }
            if (any) constraints.Add(row);
        }
        foreach (var (_, f, _) in samples)
        {
            var row = new double[k];
            for (int c = 0; c < k; c++)
                for (int i = 0; i < n; i++) row[c] += f[i] * q[i, c];
            Constrain(row, Math.Sqrt(f.Sum(v => v * v)));
        }
        foreach (var (_, _, jacobian) in samples.Skip(1))
            for (int j = 0; j < n; j++)
            {
                int start = byColumn.Starts[j];
                var line = byColumn.Line(j);
                var row = new double[k];
                double length = 0;
                for (int e = 0; e < line.Length; e++)
                {
                    double v = jacobian[positions[start + e]];
                    length += v * v;
                    for (int c = 0; c < k; c++) row[c] += v * q[line[e], c];
                }
                Constrain(row, Math.Sqrt(length));
            }
        if (constraints.Count == 0) return FromBasis([.. basis], n);

        var m = Matrix<double>.Build.Dense(constraints.Count, k, (r, c) => constraints[r][c]);
        var svd = (m.RowCount > k ? m.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).R : m).Svd(computeVectors: true);
        var laws = new List<double[]>();
        for (int j = 0; j < k; j++)
            if (j >= svd.S.Count || svd.S[j] <= 1e-9)
                laws.Add((q * svd.VT.Row(j)).ToArray());
        return FromBasis(laws, n);
    }

    /// <summary>
    /// Whether <paramref name="laws"/> are all the laws there are: the Newton matrix (J at <paramref name="y"/>, values
    /// <paramref name="jacobian"/>, with each law in its pivot row) is shown nonsingular by a sparse solve M x = b for
    /// two random b leaving a true residual |M x - b| at most 1e-6 |b|. A law L missing from the set is a left null
    /// vector of J, and with it M has rank below n, so the residual cannot be small (it is about |b| / sqrt(n) for a
    /// random b). With no laws this certifies that there are none; most large networks are open (sources and sinks)
    /// and pass it at once.
    /// </summary>
    private static bool Complete(ISparseJacobianSystem system, ConservationLaws laws, double[] y, double[] jacobian, double t)
    {
        int n = system.Dimension;
        var matrix = new NewtonMatrix(system, laws);
        if (!matrix.Factor(t, y)) return false;
        var pattern = system.JacobianPattern;
        var random = new Random(7);
        var product = new double[n];
        for (int trial = 0; trial < 2; trial++)
        {
            var b = new double[n];
            for (int i = 0; i < n; i++) b[i] = random.NextDouble() - 0.5;
            var x = (double[])b.Clone();
            if (!matrix.Solve(x)) return false;
            pattern.Multiply(jacobian, x, product);
            for (int k = 0; k < laws.Count; k++) product[laws.Pivots[k]] = laws.Total(k, x);
            double residual = 0, size = 0;
            for (int i = 0; i < n; i++)
            {
                residual += (product[i] - b[i]) * (product[i] - b[i]);
                size += b[i] * b[i];
            }
            if (!(Math.Sqrt(residual) <= 1e-6 * Math.Sqrt(size))) return false;
        }
        return true;
    }

    /// <summary>Reduced row echelon form of the basis: pivots chosen by size, coefficients below 1e-9 dropped.</summary>
    private static ConservationLaws FromBasis(List<double[]> basis, int n)
    {
        var rows = basis.Select(r => (double[])r.Clone()).ToList();
        var pivots = new List<int>();
        int lead = 0;
        for (int r = 0; r < rows.Count && lead < n; r++)
        {
            // The column with the largest entry among the remaining rows.
            int bestRow = -1, bestCol = -1;
            double best = 1e-9;
            for (int c = 0; c < n; c++)
            {
                if (pivots.Contains(c)) continue;
                for (int i = r; i < rows.Count; i++)
                    if (Math.Abs(rows[i][c]) > best) { best = Math.Abs(rows[i][c]); bestRow = i; bestCol = c; }
            }
            if (bestRow < 0) break;
            (rows[r], rows[bestRow]) = (rows[bestRow], rows[r]);
            double p = rows[r][bestCol];
            for (int c = 0; c < n; c++) rows[r][c] /= p;
            for (int i = 0; i < rows.Count; i++)
            {
                if (i == r || rows[i][bestCol] == 0) continue;
                double factor = rows[i][bestCol];
                for (int c = 0; c < n; c++) rows[i][c] -= factor * rows[r][c];
            }
            pivots.Add(bestCol);
            lead++;
        }
        // Round-off cleaned: near-zero coefficients dropped, near-integers (the usual stoichiometric case) made exact.
        var kept = rows.Take(pivots.Count).Select(row => row.Select(v =>
            Math.Abs(v) < 1e-9 ? 0 : Math.Abs(v - Math.Round(v)) < 1e-9 * Math.Max(1, Math.Abs(v)) ? Math.Round(v) : v).ToArray()).ToArray();
        return new ConservationLaws(kept, [.. pivots]);
    }
}
