using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrkbSim.Numerics.Ode;

/// <summary>Reads and writes one lane (one run of a batch) of arrays of 256-bit vectors of doubles.</summary>
public static class LaneVectors
{
    // Get and Set run for every lane at every step. Methods on 256-bit vectors are not precompiled (ReadyToRun targets
    // processors without them), so without full optimisation at once they would run unoptimised code while tiered
    // compilation waits for start-up to settle, most of a short trial.

    /// <summary>Lane <paramref name="lane"/> of the first <c>target.Length</c> vectors of <paramref name="source"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Get(Vector256<double>[] source, int lane, Span<double> target)
    {
        var flat = MemoryMarshal.Cast<Vector256<double>, double>(source.AsSpan(0, target.Length));
        for (int i = 0; i < target.Length; i++) target[i] = flat[i * Vector256<double>.Count + lane];
    }

    /// <summary>Writes <paramref name="values"/> into lane <paramref name="lane"/> of the first vectors of <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Set(Vector256<double>[] target, int lane, ReadOnlySpan<double> values)
    {
        var flat = MemoryMarshal.Cast<Vector256<double>, double>(target.AsSpan(0, values.Length));
        for (int i = 0; i < values.Length; i++) flat[i * Vector256<double>.Count + lane] = values[i];
    }

    /// <summary>Element <paramref name="i"/>, lane <paramref name="lane"/>, by reference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref double At(Vector256<double>[] v, int i, int lane) =>
        ref Unsafe.Add(ref Unsafe.As<Vector256<double>, double>(ref v[i]), lane);
}
