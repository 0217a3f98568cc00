namespace TrkbSim.Numerics.LinearAlgebra;

/// <summary>In-place LU factorisation with partial pivoting of a dense row-major square matrix, and the matching solve; allocation-free.</summary>
public static class DenseLu
{
    /// <summary>
    /// Factors <paramref name="a"/> (n x n, row-major) in place into L (unit lower, below the diagonal) and U.
    /// <paramref name="pivots"/>[k] receives the row swapped with row k. Returns false when a pivot is zero or not finite.
    /// </summary>
    public static bool Factor(Span<double> a, int n, Span<int> pivots)
    {
        if (a.Length < n * n || pivots.Length < n)
        {
            throw new ArgumentException("Matrix or pivot buffer too small for the dimension.");
        }

        for (int k = 0; k < n; k++)
        {
            int p = k;
            double max = Math.Abs(a[k * n + k]);
            for (int i = k + 1; i < n; i++)
            {
                double v = Math.Abs(a[i * n + k]);
                if (v > max)
                {
                    max = v;
                    p = i;
                }
            }

            pivots[k] = p;
            if (max == 0.0 || !double.IsFinite(max))
            {
                return false;
            }

            if (p != k)
            {
                Span<double> rk = a.Slice(k * n, n), rp = a.Slice(p * n, n);
                for (int j = 0; j < n; j++)
                {
                    (rk[j], rp[j]) = (rp[j], rk[j]);
                }
            }

            double inv = 1.0 / a[k * n + k];
            Span<double> rowK = a.Slice(k * n + k + 1, n - k - 1);
            for (int i = k + 1; i < n; i++)
            {
                int ik = i * n + k;
                double l = a[ik] * inv;
                a[ik] = l;
                if (l != 0.0)
                {
                    // rowI[j] - l rowK[j] element by element, SIMD: (-l) rowK[j] is -(l rowK[j]) exactly, so each element
                    // rounds as the scalar update does.
                    Elementwise.AddScaled(a.Slice(ik + 1, n - k - 1), -l, rowK, rowK.Length);
                }
            }
        }

        return true;
    }

    /// <summary>Solves A x = b in place (<paramref name="b"/> becomes x) using the factors from <see cref="Factor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> lu, int n, ReadOnlySpan<int> pivots, Span<double> b)
    {
        for (int k = 0; k < n; k++)
        {
            int p = pivots[k];
            if (p != k)
            {
                (b[k], b[p]) = (b[p], b[k]);
            }
        }

        // Forward substitution with the unit lower triangle.
        for (int i = 1; i < n; i++)
        {
            double s = b[i];
            ReadOnlySpan<double> row = lu.Slice(i * n, i);
            for (int j = 0; j < i; j++)
            {
                s -= row[j] * b[j];
            }

            b[i] = s;
        }

        // Back substitution with U.
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            ReadOnlySpan<double> row = lu.Slice(i * n + i + 1, n - i - 1);
            for (int j = 0; j < row.Length; j++)
            {
                s -= row[j] * b[i + 1 + j];
            }

            b[i] = s / lu[i * n + i];
        }
    }
}
