using System.Diagnostics;
using TrkbSim.Trials;
using TrkbSim.Trials.Running;

namespace TrkbSim.Web.Trials;

/// <summary>Where a background trial stands.</summary>
public enum TrialStatus
{
    Queued,
    Running,
    Finished,
    Failed,
}

/// <summary>
/// One trial run in the background: its options, progress as the runner reports it, and when done the summary, the
/// MADRS percentile bands and the database file for queries; or the error message when it failed.
/// </summary>
public sealed class TrialJob : IProgress<TrialProgress>
{
    readonly Stopwatch _clock = new();
    readonly Lock _gate = new();
    TrialProgress _progress;

    public TrialJob(string id, TrialOptions options)
    {
        Id = id;
        Options = options;
        Created = DateTimeOffset.UtcNow;
        _progress = new TrialProgress(0, (long)options.SubjectsPerArm * options.Arms.Count, "queued");
    }

    /// <summary>The unguessable id (128 random bits, hex).</summary>
    public string Id { get; }
    public TrialOptions Options { get; }
    public DateTimeOffset Created { get; }
    public TrialStatus Status { get; private set; } = TrialStatus.Queued;
    /// <summary>The user's message when the trial failed.</summary>
    public string? Error { get; private set; }
    public TrialResult? Result { get; private set; }
    /// <summary>Rows of the madrs_percentiles table (arm, day, time_h, p05, p25, p50, p75, p95, n), read once the trial finished.</summary>
    public TrialQueryResult? Percentiles { get; private set; }
    public TimeSpan Elapsed => _clock.Elapsed;

    public TrialProgress Progress
    {
        get { lock (_gate) return _progress; }
    }

    public bool IsDone => Status is TrialStatus.Finished or TrialStatus.Failed;

    public void Report(TrialProgress value)
    {
        lock (_gate) _progress = value;
    }

    public void Started()
    {
        _clock.Start();
        Status = TrialStatus.Running;
    }

    public void Finished(TrialResult result, TrialQueryResult percentiles)
    {
        _clock.Stop();
        Result = result;
        Percentiles = percentiles;
        Report(new TrialProgress(Progress.SubjectsTotal, Progress.SubjectsTotal, "finished"));
        Status = TrialStatus.Finished;
    }

    public void Failed(string message)
    {
        _clock.Stop();
        Error = message;
        Status = TrialStatus.Failed;
    }
}
