using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrkbSim.Numerics.LinearAlgebra;

/// <summary>
/// The inner loop of the sparse factorisations and solves, x[rows[q]] -= values[q] * scale for q in [from, to), without
/// bounds checks. The range is checked against the arrays once per call; the row indices come from the factor patterns,
/// which hold only rows below the dimension (the length of x).
/// </summary>
internal static class SparseKernels
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SubtractScaled(double[] x, int[] rows, double[] values, int from, int to, double scale)
    {
        if ((uint)to > (uint)rows.Length || (uint)to > (uint)values.Length || from > to)
        {
            throw new ArgumentOutOfRangeException(nameof(to));
        }

        ref double x0 = ref MemoryMarshal.GetArrayDataReference(x);
        ref int r0 = ref MemoryMarshal.GetArrayDataReference(rows);
        ref double v0 = ref MemoryMarshal.GetArrayDataReference(values);
        for (int q = from; q < to; q++)
        {
            Unsafe.Add(ref x0, Unsafe.Add(ref r0, q)) -= Unsafe.Add(ref v0, q) * scale;
        }
    }
}
