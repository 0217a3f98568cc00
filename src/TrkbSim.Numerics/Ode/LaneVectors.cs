using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrkbSim.Numerics.Ode;

/// <summary>
/// The vector operations that lane code (<see cref="Tsit5Lanes{TVector, TLanes}"/>, the compiled lane right-hand sides) needs for
/// one vector width: lane k of every vector holds run k's value. Implemented by <see cref="Lanes4"/> (256-bit vectors)
/// and <see cref="Lanes8"/> (512-bit). Each operation acts on every lane as its scalar counterpart acts on one number
/// (IEEE arithmetic rounds the same at any width), so a run's result does not depend on the width it ran at.
/// </summary>
public interface ILaneVector<TVector> where TVector : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Width { get; }
    /// <summary>Whether the processor runs these vectors in hardware (otherwise they are emulated, and slow).</summary>
    static abstract bool IsHardwareAccelerated { get; }
    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TVector Splat(double value);
    /// <summary>a + b lane by lane.</summary>
    static abstract TVector Add(TVector a, TVector b);
    /// <summary>a - b lane by lane.</summary>
    static abstract TVector Subtract(TVector a, TVector b);
    /// <summary>a * b lane by lane.</summary>
    static abstract TVector Multiply(TVector a, TVector b);
    /// <summary>a / b lane by lane.</summary>
    static abstract TVector Divide(TVector a, TVector b);
    /// <summary>The larger of each lane's two values, as the vector API's Max.</summary>
    static abstract TVector Max(TVector a, TVector b);
    /// <summary>Each lane's absolute value.</summary>
    static abstract TVector Abs(TVector a);
    /// <summary>Each lane's square root.</summary>
    static abstract TVector Sqrt(TVector a);
    /// <summary>The bits of <paramref name="whenTrue"/> where <paramref name="mask"/> is set, else those of <paramref name="whenFalse"/>.</summary>
    static abstract TVector Select(TVector mask, TVector whenTrue, TVector whenFalse);
    /// <summary>A mask with every bit set in the lanes whose bit is set in <paramref name="lanes"/> (bit k for lane k).</summary>
    static abstract TVector LaneMask(int lanes);
    /// <summary>Lane <paramref name="lane"/> of <paramref name="v"/>.</summary>
    static abstract double Get(TVector v, int lane);
    /// <summary><paramref name="v"/> with lane <paramref name="lane"/> replaced by <paramref name="value"/>.</summary>
    static abstract TVector With(TVector v, int lane, double value);
    /// <summary>Whether every lane of <paramref name="v"/> equals <paramref name="value"/>.</summary>
    static abstract bool AllEqual(TVector v, double value);
}

/// <summary>Four lanes: 256-bit vectors (AVX2, or the 128-bit pairs of other processors).</summary>
public readonly struct Lanes4 : ILaneVector<Vector256<double>>
{
    public static int Width => 4;
    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;
    public static Vector256<double> Splat(double value) => Vector256.Create(value);
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
    public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;
    public static Vector256<double> Max(Vector256<double> a, Vector256<double> b) => Vector256.Max(a, b);
    public static Vector256<double> Abs(Vector256<double> a) => Vector256.Abs(a);
    public static Vector256<double> Sqrt(Vector256<double> a) => Vector256.Sqrt(a);
    public static Vector256<double> Select(Vector256<double> mask, Vector256<double> whenTrue, Vector256<double> whenFalse) =>
        Vector256.ConditionalSelect(mask, whenTrue, whenFalse);
    public static Vector256<double> LaneMask(int lanes) => Vector256.Create(
        (lanes & 1) != 0 ? -1L : 0, (lanes & 2) != 0 ? -1L : 0, (lanes & 4) != 0 ? -1L : 0, (lanes & 8) != 0 ? -1L : 0).AsDouble();
    public static double Get(Vector256<double> v, int lane) => v.GetElement(lane);
    public static Vector256<double> With(Vector256<double> v, int lane, double value) => v.WithElement(lane, value);
    public static bool AllEqual(Vector256<double> v, double value) => Vector256.EqualsAll(v, Vector256.Create(value));
}

/// <summary>Eight lanes: 512-bit vectors (AVX-512).</summary>
public readonly struct Lanes8 : ILaneVector<Vector512<double>>
{
    public static int Width => 8;
    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;
    public static Vector512<double> Splat(double value) => Vector512.Create(value);
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;
    public static Vector512<double> Max(Vector512<double> a, Vector512<double> b) => Vector512.Max(a, b);
    public static Vector512<double> Abs(Vector512<double> a) => Vector512.Abs(a);
    public static Vector512<double> Sqrt(Vector512<double> a) => Vector512.Sqrt(a);
    public static Vector512<double> Select(Vector512<double> mask, Vector512<double> whenTrue, Vector512<double> whenFalse) =>
        Vector512.ConditionalSelect(mask, whenTrue, whenFalse);
    public static Vector512<double> LaneMask(int lanes) => Vector512.Create(
        (lanes & 1) != 0 ? -1L : 0, (lanes & 2) != 0 ? -1L : 0, (lanes & 4) != 0 ? -1L : 0, (lanes & 8) != 0 ? -1L : 0,
        (lanes & 16) != 0 ? -1L : 0, (lanes & 32) != 0 ? -1L : 0, (lanes & 64) != 0 ? -1L : 0, (lanes & 128) != 0 ? -1L : 0).AsDouble();
    public static double Get(Vector512<double> v, int lane) => v.GetElement(lane);
    public static Vector512<double> With(Vector512<double> v, int lane, double value) => v.WithElement(lane, value);
    public static bool AllEqual(Vector512<double> v, double value) => Vector512.EqualsAll(v, Vector512.Create(value));
}

/// <summary>Reads and writes one lane (one run of a batch) of arrays of vectors of doubles, at any lane width.</summary>
public static class LaneVectors
{
    // Get and Set run for every lane at every step. Methods on 256- and 512-bit vectors are not precompiled (ReadyToRun
    // targets processors without them), so without full optimisation at once they would run unoptimised code while
    // tiered compilation waits for start-up to settle, most of a short trial.

    /// <summary>Lane <paramref name="lane"/> of the first <c>target.Length</c> vectors of <paramref name="source"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Get<TVector>(TVector[] source, int lane, Span<double> target) where TVector : struct
    {
        var flat = MemoryMarshal.Cast<TVector, double>(source.AsSpan(0, target.Length));
        int width = Unsafe.SizeOf<TVector>() / sizeof(double);
        for (int i = 0; i < target.Length; i++) target[i] = flat[i * width + lane];
    }

    /// <summary>Writes <paramref name="values"/> into lane <paramref name="lane"/> of the first vectors of <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Set<TVector>(TVector[] target, int lane, ReadOnlySpan<double> values) where TVector : struct
    {
        var flat = MemoryMarshal.Cast<TVector, double>(target.AsSpan(0, values.Length));
        int width = Unsafe.SizeOf<TVector>() / sizeof(double);
        for (int i = 0; i < values.Length; i++) flat[i * width + lane] = values[i];
    }

    /// <summary>Element <paramref name="i"/>, lane <paramref name="lane"/>, by reference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref double At<TVector>(TVector[] v, int i, int lane) where TVector : struct =>
        ref Unsafe.Add(ref Unsafe.As<TVector, double>(ref v[i]), lane);

    /// <summary>
    /// The widest lanes this processor runs in hardware: 8 with 512-bit vectors, else 4 (256-bit vectors in hardware,
    /// or 0 when neither is, where lanes do not pay).
    /// </summary>
    public static int WidestAccelerated => Lanes8.IsHardwareAccelerated ? 8 : Lanes4.IsHardwareAccelerated ? 4 : 0;
}
