namespace TrkbSim.Trials.Statistics;

/// <summary>Turns a model (true) MADRS into a rated score: adds rating error, rounds to whole points, keeps 0-60.</summary>
public static class RatingScale
{
    /// <summary>Highest MADRS score (10 items x 6).</summary>
    public const int Max = 60;

    /// <summary>The rated score for a true score and a standard normal deviate scaled by <paramref name="noiseSd"/>.</summary>
    public static int Rate(double trueScore, double standardNormal, double noiseSd)
    {
        double x = trueScore + noiseSd * standardNormal;
        if (double.IsNaN(x)) throw new ArgumentException("true score is NaN", nameof(trueScore));
        return (int)Math.Clamp(Math.Round(x, MidpointRounding.AwayFromZero), 0, Max);
    }
}
