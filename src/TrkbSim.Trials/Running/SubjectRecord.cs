using TrkbSim.Trials.Population;

namespace TrkbSim.Trials.Running;

/// <summary>Everything the trial keeps of one simulated subject until its batch is written.</summary>
public sealed class SubjectRecord
{
    /// <summary>Index of the subject within its arm.</summary>
    public long Subject { get; init; }
    /// <summary>The drawn covariates.</summary>
    public Covariates Covariates { get; init; }
    /// <summary>Parameter values, aligned with the arm model's parameters.</summary>
    public required double[] Parameters { get; init; }
    /// <summary>True MADRS once a day.</summary>
    public required double[] DailyMadrs { get; init; }
    /// <summary>
    /// Outputs on the days the trial stores time courses for (<see cref="TrialSchedule.StoredDays"/>: day 0 and every
    /// <c>--timecourses</c> interval after it), [row · outputCount + j]; daily time courses store every day, and
    /// <c>--timecourses none</c> none (an empty array), so a record carries (and a cluster chunk or shard file moves)
    /// only what the time-course table will hold.
    /// </summary>
    public required double[] StoredOutputs { get; init; }
    /// <summary>Rated MADRS at each visit (whole points).</summary>
    public required int[] RatedVisits { get; init; }
    /// <summary>Null when the simulation succeeded; otherwise why it failed.</summary>
    public string? Failure { get; init; }
    /// <summary>Index of the first visit with a response, or -1.</summary>
    public int FirstResponseVisit { get; init; } = -1;
}
