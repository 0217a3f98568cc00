namespace TrkbSim.Simulation;

/// <summary>Operators that only the compiler introduces (in derivatives); never produced by readers.</summary>
internal static class InternalOps
{
    public const string Digamma = "$digamma";
}
