using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrkbSim.Numerics.LinearAlgebra;

/// <summary>
/// Element-by-element vector updates, SIMD across elements. Each element gets the one rounded product and the one rounded
/// sum that a scalar loop would give it (multiplies and adds are not fused), so results do not depend on the vector width
/// or the processor.
/// </summary>
internal static class Elementwise
{
    /// <summary>dst[i] += a * x[i] for i &lt; n, SIMD across i (each element rounded as the scalar loop rounds it).</summary>
    public static void AddScaled(Span<double> dst, double a, ReadOnlySpan<double> x, int n) => SumScaled(dst, dst, a, x, n);

    /// <summary>
    /// dst[i] = x[i] + a * z[i] for i &lt; n, SIMD across i (each element rounded as the scalar loop rounds it); x may be
    /// dst itself.
    /// </summary>
    public static void SumScaled(Span<double> dst, ReadOnlySpan<double> x, double a, ReadOnlySpan<double> z, int n)
    {
        if (dst.Length < n || x.Length < n || z.Length < n)
        {
            throw new ArgumentException("Vector lengths do not match.");
        }

        ref double d = ref MemoryMarshal.GetReference(dst);
        ref double p = ref MemoryMarshal.GetReference(x);
        ref double q = ref MemoryMarshal.GetReference(z);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var av = new Vector<double>(a);
            for (int w = Vector<double>.Count; i <= n - w; i += w)
            {
                nuint at = (nuint)i;
                Vector.StoreUnsafe(Vector.LoadUnsafe(ref p, at) + av * Vector.LoadUnsafe(ref q, at), ref d, at);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref p, i) + a * Unsafe.Add(ref q, i);
        }
    }
}
