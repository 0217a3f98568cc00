namespace TrkbSim.Analysis.Sensitivity;

/// <summary>
/// Independent random streams derived from a seed and a stream index (SplitMix64 mixing), so that work
/// item i draws the same numbers whichever thread runs it.
/// </summary>
public static class RandomStreams
{
    public static Random For(int seed, int stream, int purpose = 0)
    {
        var z = ((ulong)(uint)seed << 32) ^ (ulong)(uint)stream ^ ((ulong)(uint)purpose * 0xD1B54A32D192ED03UL);
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return new Random((int)(z & 0x7FFFFFFF));
    }
}
