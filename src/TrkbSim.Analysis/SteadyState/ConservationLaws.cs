using MathNet.Numerics.LinearAlgebra;
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
    private ConservationLaws(double[][] rows, int[] pivots)
    {
        Rows = rows;
        Pivots = pivots;
    }

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

    /// <summary>Finds the laws of <paramref name="system"/> near <paramref name="y0"/> (at time <paramref name="t"/>).</summary>
    public static ConservationLaws Find(IOdeSystem system, double[] y0, double t, int seed = 1)
    {
        int n = system.Dimension;
        if (n == 0) return new ConservationLaws([], []);
        var random = new Random(seed);
        var columns = new List<double[]>();
        var jac = new double[n * n];
        var f = new double[n];
        for (int sample = 0; sample < 4; sample++)
        {
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                double scale = Math.Max(Math.Abs(y0[i]), 1e-3);
                y[i] = sample == 0 ? y0[i] : Math.Abs(y0[i]) > 0 ? y0[i] * Math.Exp(0.3 * (2 * random.NextDouble() - 1)) : scale * random.NextDouble();
            }
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
