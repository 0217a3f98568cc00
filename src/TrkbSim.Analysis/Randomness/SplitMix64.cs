namespace TrkbSim.Analysis.Randomness;

/// <summary>SplitMix64: a 64-bit mixer and generator used to hash stream coordinates and seed xoshiro256**.</summary>
public struct SplitMix64(ulong state)
{
    ulong _state = state;

    /// <summary>Next output of the sequence.</summary>
    public ulong Next()
    {
        _state += 0x9E37_79B9_7F4A_7C15UL;
        return Mix(_state);
    }

    /// <summary>The SplitMix64 finaliser: a bijective avalanche of 64 bits.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
