using TrkbSim.Trials.Statistics;

namespace TrkbSim.Trials.Output;

/// <summary>One arm at one visit: rated MADRS, change from baseline, response and remission with Wilson 95 % intervals.</summary>
public sealed record SummaryRow(string Arm, double Week, long N, double MeanMadrs, double MeanChange, double SdChange,
    double ResponseRate, double RemissionRate, double ResponseCiLow, double ResponseCiHigh, double RemissionCiLow, double RemissionCiHigh)
{
    /// <summary>The row for an accumulator.</summary>
    public static SummaryRow From(string arm, double week, VisitAccumulator a)
    {
        var (rl, rh) = WilsonInterval.Compute(a.Responders, a.N);
        var (ml, mh) = WilsonInterval.Compute(a.Remitters, a.N);
        return new SummaryRow(arm, week, a.N, a.MeanScore, a.MeanChange, a.SdChange, a.ResponseRate, a.RemissionRate, rl, rh, ml, mh);
    }

    /// <summary>The values in database column order.</summary>
    public object?[] ToRow() =>
        [Arm, Week, N, MeanMadrs, MeanChange, SdChange, ResponseRate, RemissionRate, ResponseCiLow, ResponseCiHigh, RemissionCiLow, RemissionCiHigh];
}
