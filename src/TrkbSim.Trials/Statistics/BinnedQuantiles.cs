namespace TrkbSim.Trials.Statistics;

/// <summary>
/// Quantiles of a stream of values in fixed memory: equal-width bins over [low, high] that keep, per bin, the count and
/// the smallest and largest value seen. A quantile follows the definition of DuckDB's <c>quantile_cont</c> (and R type 7):
/// position h = p·(n − 1) in the sorted values, interpolated between the order statistics ⌊h⌋ and ⌈h⌉. An order statistic
/// is read from its bin: exact when the bin holds one value or only equal values (ties, such as scores stuck at 0), its
/// first and last value are exact, and one in between is placed evenly between the bin's smallest and largest value.
/// Every order statistic, and so every quantile, is therefore within one bin's observed range of the exact value (less
/// than the bin width for values inside [low, high]; values outside are counted in the end bins).
/// Counts, minima and maxima do not depend on the order of <see cref="Add(double)"/> calls, so results are identical for
/// any thread count.
/// </summary>
public sealed class BinnedQuantiles
{
    readonly double _low, _width;
    readonly int[] _count;
    readonly double[] _min, _max;
    long _n;

    /// <summary>A histogram of <paramref name="bins"/> equal bins over [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public BinnedQuantiles(double low, double high, int bins)
    {
        if (!(high > low) || double.IsInfinity(high - low)) throw new ArgumentException($"need low < high, got [{low}, {high}]");
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        _low = low;
        _width = (high - low) / bins;
        _count = new int[bins];
        _min = new double[bins];
        _max = new double[bins];
    }

    /// <summary>Values added.</summary>
    public long Count => _n;

    /// <summary>Width of a bin.</summary>
    public double BinWidth => _width;

    /// <summary>Adds a value (NaN is refused: a failed simulation is not a score).</summary>
    public void Add(double x)
    {
        if (double.IsNaN(x)) throw new ArgumentException("value is NaN", nameof(x));
        int b = Bin(x);
        int c = _count[b];
        if (c == int.MaxValue) throw new InvalidOperationException("more than 2^31 - 1 values in one bin");
        if (c == 0) { _min[b] = x; _max[b] = x; }
        else
        {
            if (x < _min[b]) _min[b] = x;
            if (x > _max[b]) _max[b] = x;
        }
        _count[b] = c + 1;
        _n++;
    }

    /// <summary>Adds all values of another histogram with the same bins.</summary>
    public void Add(BinnedQuantiles other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._count.Length != _count.Length || other._low != _low || other._width != _width)
            throw new ArgumentException("histograms have different bins", nameof(other));
        for (int b = 0; b < _count.Length; b++)
        {
            int c = other._count[b];
            if (c == 0) continue;
            if (_count[b] == 0) { _min[b] = other._min[b]; _max[b] = other._max[b]; }
            else
            {
                _min[b] = Math.Min(_min[b], other._min[b]);
                _max[b] = Math.Max(_max[b], other._max[b]);
            }
            _count[b] = checked(_count[b] + c);
        }
        _n += other._n;
    }

    int Bin(double x)
    {
        double f = Math.Floor((x - _low) / _width);
        if (f < 0) return 0;
        if (f >= _count.Length) return _count.Length - 1;
        return (int)f;
    }

    /// <summary>
    /// The quantile for probability <paramref name="p"/> in [0, 1] by the <c>quantile_cont</c> rule; NaN when no value
    /// was added.
    /// </summary>
    public double Quantile(double p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "probability must be within [0, 1]");
        if (_n == 0) return double.NaN;
        double h = p * (_n - 1);
        long lo = (long)Math.Floor(h);
        long hi = (long)Math.Ceiling(h);
        double xlo = OrderStatistic(lo);
        if (hi == lo) return xlo;
        double xhi = OrderStatistic(hi);
        return xlo + (h - lo) * (xhi - xlo);
    }

    /// <summary>The estimate of the <paramref name="k"/>-th smallest value (0-based).</summary>
    public double OrderStatistic(long k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, _n);
        long before = 0;
        for (int b = 0; b < _count.Length; b++)
        {
            int c = _count[b];
            if (k < before + c)
            {
                long j = k - before;
                if (c == 1 || _min[b] == _max[b]) return _min[b];
                if (j == c - 1) return _max[b];
                return _min[b] + (_max[b] - _min[b]) * ((double)j / (c - 1));
            }
            before += c;
        }
        throw new InvalidOperationException("counts do not add up"); // unreachable: k < _n
    }
}
