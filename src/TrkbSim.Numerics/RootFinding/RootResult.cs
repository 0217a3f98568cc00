namespace TrkbSim.Numerics.RootFinding;

/// <summary>
/// A located sign change: <see cref="Before"/> has the sign of the function at the start of the search interval,
/// <see cref="After"/> the sign at its end (or is an exact zero), |After - Before| is within the tolerance, and
/// <see cref="Root"/> is the end with the smaller |f|.
/// </summary>
public readonly record struct RootResult(double Root, double Before, double After, int Evaluations);
