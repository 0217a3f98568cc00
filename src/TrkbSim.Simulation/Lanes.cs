using System.Runtime.Intrinsics;

namespace TrkbSim.Simulation;

/// <summary>The right-hand side of four runs at once (<see cref="LaneBatch"/>): lane k of every vector belongs to run k.</summary>
public delegate void LaneFunction(Vector256<double> t, Vector256<double>[] y, Vector256<double>[] p, Vector256<double>[] output);

/// <summary>Helpers for values that hold one number per run of a batch (one lane each).</summary>
public static class Lanes
{
    /// <summary>Whether batched runs pay off on this processor (256-bit vector instructions in hardware).</summary>
    public static bool Accelerated => Vector256.IsHardwareAccelerated;
}
