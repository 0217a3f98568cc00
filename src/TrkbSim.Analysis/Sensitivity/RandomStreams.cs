using TrkbSim.Analysis.Randomness;

namespace TrkbSim.Analysis.Sensitivity;

/// <summary>
/// Independent random streams derived from a seed and a stream index (SplitMix64 mixing), so that work
/// item i draws the same numbers whichever thread runs it.
/// </summary>
public static class RandomStreams
{
    public static Random For(int seed, int stream, int purpose = 0)
    {
        var key = ((ulong)(uint)seed << 32) ^ (ulong)(uint)stream ^ ((ulong)(uint)purpose * 0xD1B54A32D192ED03UL);
        return new Random((int)(new SplitMix64(key).Next() & 0x7FFFFFFF));
    }
}
