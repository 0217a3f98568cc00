namespace TrkbSim.Pharmacology.Calibration;

/// <summary>
/// The calibration targets, derived from the clinical time courses of pk-parameters.md section 9e only.
/// A single typical subject stands for a population: its percent reduction is taken as the median of a normal
/// spread of individual reductions with SD <see cref="IndividualSpreadPercent"/>, so that a responder share p
/// (reduction at least 50 %) gives a median of 50 + SD * z(p), and a remitter share q (MADRS 30 to at most 10,
/// a reduction of at least 67 %) a median of 67 + SD * z(q).
/// </summary>
public static class CalibrationTargets
{
    /// <summary>SD of the individual percent MADRS reduction in an SSRI or ketamine arm (assumed; 25 points).</summary>
    public const double IndividualSpreadPercent = 25;

    /// <summary>Placebo-arm response share 24 h after a saline infusion (assumed) used to turn the odds ratio into a rate.</summary>
    public const double KetaminePlaceboResponse24h = 0.10;

    /// <summary>Median reduction when a share <paramref name="share"/> reaches <paramref name="thresholdPercent"/>.</summary>
    public static double MedianFromShare(double share, double thresholdPercent) =>
        thresholdPercent + IndividualSpreadPercent * MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, share);

    /// <summary>Response rate of the active arm from a placebo rate and an odds ratio.</summary>
    public static double RateFromOddsRatio(double placeboRate, double oddsRatio)
    {
        var odds = placeboRate / (1 - placeboRate) * oddsRatio;
        return odds / (1 + odds);
    }

    // STAR*D level 1 (Trivedi 2006): response 47 % and remission 28 % by 14 weeks; >= 8 weeks were needed by 56 % of
    // responders and 40.3 % of remitters, so 44 % of the responders (20.7 % of all) and 59.7 % of the remitters
    // (16.7 % of all) had got there by week 8.
    const double StardResponse = 0.47, StardRemission = 0.28;
    const double StardResponse8w = StardResponse * (1 - 0.56), StardRemission8w = StardRemission * (1 - 0.403);
    /// <summary>STAR*D level 1 citalopram: mean exit dose 41.8 mg/day, so 40 mg/day.</summary>
    const string Ssri = "citalopram 40mg oral every 24h for 14w";
    const string Stard = "Trivedi 2006 Am J Psychiatry 163:28 (response 47 %, remission 28 %); STAR*D timing summary http://psychjournalclub.com/depression/16390886.html (>= 8 weeks for 56 % of responders, 40.3 % of remitters); pk-parameters.md section 9e";

    /// <summary>The default targets.</summary>
    public static IReadOnlyList<CalibrationTarget> Default { get; } =
    [
        new()
        {
            Id = "ssri-8w-response",
            Description = "Citalopram 40 mg/day, typical subject, MADRS reduction at week 8 (from the STAR*D responders by week 8)",
            Regimens = [Ssri], AtHours = 8 * 168,
            PercentReduction = MedianFromShare(StardResponse8w, 50),
            Source = Stard,
            Derivation = $"responders by week 8 = 0.47 x (1 - 0.56) = {StardResponse8w:0.###}; median = 50 + 25 z({StardResponse8w:0.###})",
            ObservationIds = ["citalopram-time-to-response"],
        },
        new()
        {
            Id = "ssri-8w-remission",
            Description = "Citalopram 40 mg/day, typical subject, MADRS reduction at week 8 (from the STAR*D remitters by week 8)",
            Regimens = [Ssri], AtHours = 8 * 168,
            PercentReduction = MedianFromShare(StardRemission8w, 200.0 / 3),
            Source = Stard,
            Derivation = $"remitters by week 8 = 0.28 x (1 - 0.403) = {StardRemission8w:0.###}; median = 66.7 + 25 z({StardRemission8w:0.###})",
            ObservationIds = ["citalopram-time-to-response"],
        },
        new()
        {
            Id = "ssri-14w-response",
            Description = "Citalopram 40 mg/day, typical subject, MADRS reduction at week 14 (STAR*D response 47 %)",
            Regimens = [Ssri], AtHours = 14 * 168,
            PercentReduction = MedianFromShare(StardResponse, 50),
            Source = Stard,
            Derivation = "median = 50 + 25 z(0.47)",
            ObservationIds = ["citalopram-time-to-response"],
        },
        new()
        {
            Id = "ssri-14w-remission",
            Description = "Citalopram 40 mg/day, typical subject, MADRS reduction at week 14 (STAR*D remission 28 %, HAM-D)",
            Regimens = [Ssri], AtHours = 14 * 168,
            PercentReduction = MedianFromShare(StardRemission, 200.0 / 3),
            Source = Stard,
            Derivation = "median = 66.7 + 25 z(0.28)",
            ObservationIds = ["citalopram-time-to-response"],
        },
        new()
        {
            Id = "ketamine-24h",
            Description = "Ketamine 0.5 mg/kg over 40 min once, typical subject, MADRS reduction at 24 h",
            Regimens = ["ketamine 0.5mg/kg infusion:40min"], AtHours = 24,
            PercentReduction = MedianFromShare(RateFromOddsRatio(KetaminePlaceboResponse24h, 9.87), 50),
            Source = "Newport 2015 Am J Psychiatry (meta-analysis), response OR 9.87 (4.37-22.29) at 24 h; pk-parameters.md section 9e",
            Derivation = $"placebo response at 24 h assumed 10 %: ketamine rate = {RateFromOddsRatio(KetaminePlaceboResponse24h, 9.87):0.###}; median = 50 + 25 z(rate)",
            ObservationIds = ["ketamine-response-24h"],
        },
    ];
}
