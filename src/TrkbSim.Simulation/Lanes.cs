using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TrkbSim.Simulation;

/// <summary>The right-hand side of four runs at once (<see cref="LaneBatch"/>): lane k of every vector belongs to run k.</summary>
public delegate void LaneFunction(Vector256<double> t, Vector256<double>[] y, Vector256<double>[] p, Vector256<double>[] output);

/// <summary>The compiled right-hand side over lanes, and the calls it hoists out (<see cref="Compilation.LaneEmitter"/>).</summary>
/// <param name="Rhs">Rates (and the rules they read) of four runs at once.</param>
/// <param name="Invariants">Fills the p slots from the model's parameter count on with calls on parameters only; null when there are none.</param>
/// <param name="SlotCount">Length of the lane p array: the model's parameters and work slots, then the hoisted calls.</param>
internal sealed record LaneProgram(LaneFunction Rhs, LaneFunction? Invariants, int SlotCount);

/// <summary>Helpers for values that hold one number per run of a batch (one lane each).</summary>
public static class Lanes
{
    /// <summary>Whether batched runs pay off on this processor (256-bit vector instructions in hardware).</summary>
    public static bool Accelerated => Vector256.IsHardwareAccelerated;

    /// <summary>
    /// x^y lane by lane, each lane exactly <see cref="SbmlMath.Power"/>: a whole exponent from 2 to 8 shared by all lanes
    /// (a Hill coefficient) is the same products in vector form, anything else the scalar function per lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called by every right-hand side; see LaneVectors.Get
    public static Vector256<double> Power(Vector256<double> x, Vector256<double> y)
    {
        double y0 = y.GetElement(0);
        if (Vector256.EqualsAll(y, Vector256.Create(y0)))
        {
            if (y0 == 2) return x * x;
            if (y0 == 3) return x * x * x;
            if (y0 is >= 4 and <= 8 && y0 == Math.Floor(y0))
            {
                var x2 = x * x;
                var x4 = x2 * x2;
                return y0 switch { 4 => x4, 5 => x4 * x, 6 => x4 * x2, 7 => x4 * x2 * x, _ => x4 * x4 };
            }
        }
        return Vector256.Create(SbmlMath.Power(x.GetElement(0), y.GetElement(0)), SbmlMath.Power(x.GetElement(1), y.GetElement(1)),
            SbmlMath.Power(x.GetElement(2), y.GetElement(2)), SbmlMath.Power(x.GetElement(3), y.GetElement(3)));
    }
}
