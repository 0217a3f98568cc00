using TrkbSim.Trials.Output;
using TrkbSim.Trials.Running;

namespace TrkbSim.Trials;

/// <summary>What a finished trial produced: the output folder, its files, the summary rows and counts.</summary>
public sealed record TrialResult(
    string OutputDirectory,
    string DatabasePath,
    IReadOnlyList<SummaryRow> Summary,
    IReadOnlyList<string> Files,
    long SubjectsSimulated,
    long SubjectsFailed,
    TimeSpan Elapsed)
{
    /// <summary>Where the wall time went (bench/trial/run.sh reports it).</summary>
    public TrialTimings Timings { get; init; } = TrialTimings.None;
}
