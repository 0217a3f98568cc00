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
    /// <summary>Outputs once a day: [day · outputCount + j].</summary>
    public required double[] DailyOutputs { get; init; }
    /// <summary>Rated MADRS at each visit (whole points).</summary>
    public required int[] RatedVisits { get; init; }
    /// <summary>Null when the simulation succeeded; otherwise why it failed.</summary>
    public string? Failure { get; init; }
    /// <summary>Index of the first visit with a response, or -1.</summary>
    public int FirstResponseVisit { get; init; } = -1;
}
