namespace TrkbSim.Trials.Statistics;

/// <summary>
/// Running sums for one arm at one visit, in whole numbers only, so that the summary is exact and independent
/// of the order in which subjects arrive (and so of the thread count).
/// </summary>
public sealed class VisitAccumulator
{
    long _n, _sumScore, _sumChange, _sumChangeSq, _responders, _remitters;

    /// <summary>Adds one subject's rated score at this visit and its rated baseline.</summary>
    public void Add(int baseline, int score)
    {
        long change = score - baseline;
        _n++;
        _sumScore += score;
        _sumChange += change;
        _sumChangeSq += change * change;
        if (ResponseCriteria.IsResponse(baseline, score)) _responders++;
        if (ResponseCriteria.IsRemission(score)) _remitters++;
    }

    /// <summary>Adds another accumulator (for merging per-thread or per-batch sums).</summary>
    public void Add(VisitAccumulator other)
    {
        _n += other._n; _sumScore += other._sumScore; _sumChange += other._sumChange;
        _sumChangeSq += other._sumChangeSq; _responders += other._responders; _remitters += other._remitters;
    }

    /// <summary>Subjects counted.</summary>
    public long N => _n;
    /// <summary>Responders counted.</summary>
    public long Responders => _responders;
    /// <summary>Remitters counted.</summary>
    public long Remitters => _remitters;
    /// <summary>Mean rated MADRS.</summary>
    public double MeanScore => _n == 0 ? double.NaN : (double)_sumScore / _n;
    /// <summary>Mean change from baseline (negative = improvement).</summary>
    public double MeanChange => _n == 0 ? double.NaN : (double)_sumChange / _n;

    /// <summary>Sample SD of the change (n - 1 denominator); NaN for n &lt; 2.</summary>
    public double SdChange
    {
        get
        {
            if (_n < 2) return double.NaN;
            // n·Σx² - (Σx)² is an exact integer; Int128 keeps it exact for any n the options allow.
            Int128 num = (Int128)_n * _sumChangeSq - (Int128)_sumChange * _sumChange;
            return Math.Sqrt((double)num / ((double)_n * (_n - 1)));
        }
    }

    /// <summary>Fraction of responders.</summary>
    public double ResponseRate => _n == 0 ? double.NaN : (double)_responders / _n;
    /// <summary>Fraction of remitters.</summary>
    public double RemissionRate => _n == 0 ? double.NaN : (double)_remitters / _n;
}
