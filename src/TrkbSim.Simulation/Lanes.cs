using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation.Compilation;

namespace TrkbSim.Simulation;

/// <summary>The right-hand side of several runs at once (<see cref="LaneBatch"/>): lane k of every vector belongs to run k.</summary>
public delegate void LaneFunction<TVector>(TVector t, TVector[] y, TVector[] p, TVector[] output);

/// <summary>The compiled right-hand side over lanes, and the calls it hoists out (<see cref="LaneEmitter"/>).</summary>
/// <param name="Rhs">Rates (and the rules they read) of several runs at once.</param>
/// <param name="Invariants">Fills the p slots from the model's parameter count on with calls on parameters only; null when there are none.</param>
/// <param name="SlotCount">Length of the lane p array: the model's parameters and work slots, then the hoisted calls.</param>
internal sealed record LaneProgram<TVector>(LaneFunction<TVector> Rhs, LaneFunction<TVector>? Invariants, int SlotCount);

/// <summary>
/// A model's right-hand side statements, compiled over lanes for each lane width on first use (a process normally uses
/// one width: <see cref="LaneBatch.LanesPerBatch"/>).
/// </summary>
internal sealed class LanePrograms(IReadOnlyList<Assignment> statements, int parameterCount)
{
    private readonly Lazy<LaneProgram<Vector256<double>>> _four = new(
        () => LaneEmitter.Compile<Vector256<double>, Lanes4>(statements, parameterCount), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lazy<LaneProgram<Vector512<double>>> _eight = new(
        () => LaneEmitter.Compile<Vector512<double>, Lanes8>(statements, parameterCount), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The program for lanes of <typeparamref name="TVector"/>.</summary>
    public LaneProgram<TVector> For<TVector, TLanes>() where TVector : struct where TLanes : struct, ILaneVector<TVector> =>
        TLanes.Width == 8 ? (LaneProgram<TVector>)(object)_eight.Value : (LaneProgram<TVector>)(object)_four.Value;

    /// <summary>Compiles the program for <paramref name="width"/> lanes now.</summary>
    public void Prepare(int width)
    {
        if (width == 8) _ = _eight.Value;
        else _ = _four.Value;
    }
}

/// <summary>Helpers for values that hold one number per run of a batch (one lane each).</summary>
public static class Lanes
{
    /// <summary>Whether batched runs pay off on this processor (256- or 512-bit vector instructions in hardware).</summary>
    public static bool Accelerated => LaneVectors.WidestAccelerated > 0;

    /// <summary>
    /// x^y lane by lane, each lane exactly <see cref="SbmlMath.Power"/>: a whole exponent from 2 to 8 shared by all lanes
    /// (a Hill coefficient) is the same products in vector form, anything else the scalar function per lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called by every right-hand side; see LaneVectors.Get
    public static TVector Power<TVector, TLanes>(TVector x, TVector y)
        where TVector : struct
        where TLanes : struct, ILaneVector<TVector>
    {
        double y0 = TLanes.Get(y, 0);
        if (TLanes.AllEqual(y, y0))
        {
            if (y0 == 2) return TLanes.Multiply(x, x);
            if (y0 == 3) return TLanes.Multiply(TLanes.Multiply(x, x), x);
            if (y0 is >= 4 and <= 8 && y0 == Math.Floor(y0))
            {
                var x2 = TLanes.Multiply(x, x);
                var x4 = TLanes.Multiply(x2, x2);
                return y0 switch
                {
                    4 => x4,
                    5 => TLanes.Multiply(x4, x),
                    6 => TLanes.Multiply(x4, x2),
                    7 => TLanes.Multiply(TLanes.Multiply(x4, x2), x),
                    _ => TLanes.Multiply(x4, x4),
                };
            }
        }
        var r = x;
        for (int k = 0; k < TLanes.Width; k++) r = TLanes.With(r, k, SbmlMath.Power(TLanes.Get(x, k), TLanes.Get(y, k)));
        return r;
    }
}
