namespace TrkbSim.Analysis.Sampling;

/// <summary>
/// The Sobol low-discrepancy sequence in up to <see cref="MaxDimensions"/> dimensions (Joe-Kuo direction
/// numbers, Gray-code order), optionally randomised by a digital shift (XOR with seeded random bits), which
/// keeps its stratification and makes estimates from it unbiased.
/// </summary>
public sealed class SobolSequence
{
    private const int Bits = 52;
    public static int MaxDimensions => JoeKuoDirections.Table.Length + 1;

    private readonly ulong[][] _directions;
    private readonly ulong[] _shift;
    private readonly ulong[] _state;
    private ulong _index;

    public int Dimensions { get; }

    /// <param name="dimensions">1 to <see cref="MaxDimensions"/>.</param>
    /// <param name="shiftSeed">Seed of the random digital shift; null gives the plain sequence starting at 0.</param>
    public SobolSequence(int dimensions, int? shiftSeed = null)
    {
        if (dimensions < 1 || dimensions > MaxDimensions)
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, $"The Sobol sequence supports 1 to {MaxDimensions} dimensions.");
        Dimensions = dimensions;
        _directions = new ulong[dimensions][];
        for (var d = 0; d < dimensions; d++) _directions[d] = Directions(d);
        _shift = new ulong[dimensions];
        if (shiftSeed is { } seed)
        {
            var rng = new Random(seed);
            for (var d = 0; d < dimensions; d++) _shift[d] = (ulong)rng.NextInt64() & ((1UL << Bits) - 1);
        }
        _state = (ulong[])_shift.Clone();
    }

    /// <summary>Writes the next point into <paramref name="point"/> (each coordinate in [0, 1)).</summary>
    public void Next(Span<double> point)
    {
        const double scale = 1.0 / (1UL << Bits);
        for (var d = 0; d < Dimensions; d++) point[d] = _state[d] * scale;
        // Gray code: the next point differs from this one by the direction of the lowest zero bit of the index.
        var c = System.Numerics.BitOperations.TrailingZeroCount(~_index);
        if (c >= Bits) throw new InvalidOperationException("The Sobol sequence is exhausted.");
        for (var d = 0; d < Dimensions; d++) _state[d] ^= _directions[d][c];
        _index++;
    }

    /// <summary>The first n points as rows.</summary>
    public double[][] Take(int n)
    {
        var rows = new double[n][];
        for (var i = 0; i < n; i++)
        {
            rows[i] = new double[Dimensions];
            Next(rows[i]);
        }
        return rows;
    }

    private static ulong[] Directions(int dimension)
    {
        var v = new ulong[Bits];
        if (dimension == 0)
        {
            for (var i = 0; i < Bits; i++) v[i] = 1UL << (Bits - 1 - i);
            return v;
        }
        var (s, a, m) = JoeKuoDirections.Table[dimension - 1];
        for (var i = 0; i < Math.Min(s, Bits); i++) v[i] = (ulong)m[i] << (Bits - 1 - i);
        for (var i = s; i < Bits; i++)
        {
            var value = v[i - s] ^ (v[i - s] >> s);
            for (var k = 1; k < s; k++)
                if (((a >> (s - 1 - k)) & 1) != 0) value ^= v[i - k];
            v[i] = value;
        }
        return v;
    }
}
