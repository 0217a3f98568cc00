namespace TrkbSim.Trials.Running;

/// <summary>Progress of a running trial: subjects done out of all, and what is happening.</summary>
public readonly record struct TrialProgress(long SubjectsDone, long SubjectsTotal, string Stage)
{
    /// <summary>Fraction done, 0-1.</summary>
    public double Fraction => SubjectsTotal == 0 ? 1 : (double)SubjectsDone / SubjectsTotal;
}
