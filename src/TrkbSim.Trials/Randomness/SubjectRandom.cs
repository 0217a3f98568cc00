using TrkbSim.Analysis.Randomness;

namespace TrkbSim.Trials.Randomness;

/// <summary>
/// A subject's own random stream: xoshiro256** seeded through SplitMix64 from (seed, arm index, subject index),
/// so a subject's draws do not depend on which thread simulates it or in which order.
/// </summary>
public sealed class SubjectRandom
{
    ulong _s0, _s1, _s2, _s3;
    double _spareNormal;
    bool _hasSpare;

    /// <summary>A stream for the given coordinates; distinct coordinates give unrelated streams.</summary>
    public SubjectRandom(ulong seed, int armIndex, long subjectIndex)
    {
        // Hash the three coordinates into one 64-bit key (each mixed through SplitMix64 so that neighbouring
        // indices land far apart), then expand the key into the four state words.
        ulong key = SplitMix64.Mix(seed ^ 0x5452_4B42_5349_4D31UL);
        key = SplitMix64.Mix(key ^ SplitMix64.Mix((ulong)(uint)armIndex + 0x9E37_79B9_7F4A_7C15UL));
        key = SplitMix64.Mix(key ^ SplitMix64.Mix((ulong)subjectIndex + 0xD1B5_4A32_D192_ED03UL));
        var sm = new SplitMix64(key);
        _s0 = sm.Next(); _s1 = sm.Next(); _s2 = sm.Next(); _s3 = sm.Next();
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1; // the all-zero state is the one fixed point of xoshiro
    }

    /// <summary>Next 64 random bits (xoshiro256**).</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box-Muller; the second value of each pair is kept for the next call).</summary>
    public double NextNormal()
    {
        if (_hasSpare) { _hasSpare = false; return _spareNormal; }
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double a = 2.0 * Math.PI * u2;
        _spareNormal = r * Math.Sin(a);
        _hasSpare = true;
        return r * Math.Cos(a);
    }

    /// <summary>Index drawn with the given probabilities (they must sum to 1 within rounding).</summary>
    public int NextCategory(ReadOnlySpan<double> probabilities)
    {
        double u = NextDouble(), acc = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            acc += probabilities[i];
            if (u < acc) return i;
        }
        return probabilities.Length - 1;
    }
}
