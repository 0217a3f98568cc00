namespace TrkbSim.Trials.Statistics;

/// <summary>
/// Standard MADRS outcome definitions on whole-point rated scores: response is a fall of at least 50 % from
/// baseline, remission a score of at most 10.
/// </summary>
public static class ResponseCriteria
{
    /// <summary>Remission threshold, MADRS points (score &lt;= 10).</summary>
    public const int RemissionMax = 10;

    /// <summary>True when the score is at least 50 % below baseline (exact in integers: 2·score &lt;= baseline).</summary>
    public static bool IsResponse(int baseline, int score) => baseline > 0 && 2 * score <= baseline;

    /// <summary>True when the score is at most 10.</summary>
    public static bool IsRemission(int score) => score <= RemissionMax;
}
