using System.Numerics;
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

        int i = 0;
        int w = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            ref double d0 = ref MemoryMarshal.GetReference(dst);
            ref double y0 = ref MemoryMarshal.GetReference(y);
            for (; i <= n - w; i += w)
            {
                var acc = c[0] * new Vector<double>(k[0], i);
                for (int j = 1; j < terms; j++)
                {
                    acc += c[j] * new Vector<double>(k[j], i);
                }

                acc = withY ? Vector.LoadUnsafe(ref y0, (nuint)i) + h * acc : h * acc;
                Vector.StoreUnsafe(acc, ref d0, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            double acc = c[0] * k[0][i];
            for (int j = 1; j < terms; j++)
            {
                acc += c[j] * k[j][i];
            }

            dst[i] = withY ? y[i] + h * acc : h * acc;
        }
    }
}
