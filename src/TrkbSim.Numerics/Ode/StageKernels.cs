using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrkbSim.Numerics.Ode;

/// <summary>
/// Linear combinations of Runge-Kutta stages, SIMD across state components. Each lane sums the terms in the written
/// order and multiplies once by h, exactly as the scalar loop would, so results do not depend on the vector width.
/// </summary>
internal static class StageKernels
{
    /// <summary>dst[i] = y[i] + h * sum_j c[j] * k[j][i] for i &lt; n; an empty y leaves out the y term.</summary>
    public static void Combine(Span<double> dst, ReadOnlySpan<double> y, double h, ReadOnlySpan<double> c, double[][] k, int n)
    {
        int terms = c.Length;
        bool withY = !y.IsEmpty;
        if (dst.Length < n || (withY && y.Length < n) || terms == 0 || terms > k.Length)
        {
            throw new ArgumentException("Stage combination sizes do not match.");
        }

        for (int j = 0; j < terms; j++)
        {
            if (k[j].Length < n)
            {
                throw new ArgumentException("Stage combination sizes do not match.");
            }
        }

        if (terms > MaxTerms)
        {
            throw new ArgumentException($"At most {MaxTerms} stages can be combined.");
        }

        // Up to seven stages with their coefficients in locals: no jagged-array indexing or bounds checks in the loop.
        // Unused slots repeat stage 0 and are skipped by the (loop-invariant) term count.
        ref double k0 = ref MemoryMarshal.GetArrayDataReference(k[0]);
        ref double k1 = ref terms > 1 ? ref MemoryMarshal.GetArrayDataReference(k[1]) : ref k0;
        ref double k2 = ref terms > 2 ? ref MemoryMarshal.GetArrayDataReference(k[2]) : ref k0;
        ref double k3 = ref terms > 3 ? ref MemoryMarshal.GetArrayDataReference(k[3]) : ref k0;
        ref double k4 = ref terms > 4 ? ref MemoryMarshal.GetArrayDataReference(k[4]) : ref k0;
        ref double k5 = ref terms > 5 ? ref MemoryMarshal.GetArrayDataReference(k[5]) : ref k0;
        ref double k6 = ref terms > 6 ? ref MemoryMarshal.GetArrayDataReference(k[6]) : ref k0;
        double c0 = c[0], c1 = terms > 1 ? c[1] : 0, c2 = terms > 2 ? c[2] : 0, c3 = terms > 3 ? c[3] : 0,
            c4 = terms > 4 ? c[4] : 0, c5 = terms > 5 ? c[5] : 0, c6 = terms > 6 ? c[6] : 0;
        ref double d0 = ref MemoryMarshal.GetReference(dst);
        ref double y0 = ref MemoryMarshal.GetReference(y);

        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<double>.Count;
            for (; i <= n - w; i += w)
            {
                nuint at = (nuint)i;
                var acc = c0 * Vector.LoadUnsafe(ref k0, at);
                if (terms > 1) acc += c1 * Vector.LoadUnsafe(ref k1, at);
                if (terms > 2) acc += c2 * Vector.LoadUnsafe(ref k2, at);
                if (terms > 3) acc += c3 * Vector.LoadUnsafe(ref k3, at);
                if (terms > 4) acc += c4 * Vector.LoadUnsafe(ref k4, at);
                if (terms > 5) acc += c5 * Vector.LoadUnsafe(ref k5, at);
                if (terms > 6) acc += c6 * Vector.LoadUnsafe(ref k6, at);
                acc = withY ? Vector.LoadUnsafe(ref y0, at) + h * acc : h * acc;
                Vector.StoreUnsafe(acc, ref d0, at);
            }
        }

        for (; i < n; i++)
        {
            double acc = c0 * Unsafe.Add(ref k0, i);
            if (terms > 1) acc += c1 * Unsafe.Add(ref k1, i);
            if (terms > 2) acc += c2 * Unsafe.Add(ref k2, i);
            if (terms > 3) acc += c3 * Unsafe.Add(ref k3, i);
            if (terms > 4) acc += c4 * Unsafe.Add(ref k4, i);
            if (terms > 5) acc += c5 * Unsafe.Add(ref k5, i);
            if (terms > 6) acc += c6 * Unsafe.Add(ref k6, i);
            Unsafe.Add(ref d0, i) = withY ? Unsafe.Add(ref y0, i) + h * acc : h * acc;
        }
    }

    private const int MaxTerms = 7;
}
