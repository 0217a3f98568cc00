using System.Security.Cryptography;
using TrkbSim.Trials;
using TrkbSim.Trials.Models;
using TrkbSim.Web.Hosting;

namespace TrkbSim.Web.Trials;

/// <summary>
/// The trials of this server, in memory: at most <see cref="WebOptions.MaxConcurrentTrials"/> run at once (429 beyond),
/// at most <see cref="WebOptions.MaxStoredTrials"/> are kept (the oldest finished one and its files go first). Each runs
/// in the background in a folder of its own under the work directory, with a time budget; ids cannot be guessed.
/// </summary>
public sealed class TrialRegistry : IDisposable
{
    readonly WebOptions _options;
    readonly ILogger<TrialRegistry> _logger;
    readonly WorkGate _running;
    readonly Lock _gate = new();
    readonly List<TrialJob> _jobs = [];
    readonly List<Task> _work = [];
    readonly CancellationTokenSource _shutdown = new();

    public TrialRegistry(WebOptions options, ILogger<TrialRegistry> logger)
    {
        _options = options;
        _logger = logger;
        _running = new WorkGate("trial", options.MaxConcurrentTrials, 0);
        WorkDirectory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "trkbsim-web-" + RandomNumberGenerator.GetHexString(8, lowercase: true));
        Directory.CreateDirectory(WorkDirectory);
    }

    /// <summary>Folder holding one sub-folder per stored trial.</summary>
    public string WorkDirectory { get; }

    /// <summary>Starts a trial in the background; 429 when the allowed number is already running.</summary>
    public TrialJob Start(TrialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var slot = _running.TryEnter()
            ?? throw ApiException.Busy($"server busy: {_options.MaxConcurrentTrials} trial{(_options.MaxConcurrentTrials > 1 ? "s are" : " is")} already running; try again when it has finished");
        string id = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var job = new TrialJob(id, options with { OutputDirectory = Path.Combine(WorkDirectory, id) });
        lock (_gate)
        {
            _jobs.Add(job);
            Evict();
        }
        var work = Task.Run(() => Run(job, slot));
        lock (_gate)
        {
            _work.RemoveAll(t => t.IsCompleted);
            _work.Add(work);
        }
        return job;
    }

    /// <summary>The trial with this id; 404 when there is none (never was, or dropped to make room).</summary>
    public TrialJob Get(string id)
    {
        lock (_gate)
            return _jobs.FirstOrDefault(j => j.Id == id)
                ?? throw ApiException.NotFound($"no trial with id '{Shorten(id)}' (trials are kept in memory: the {_options.MaxStoredTrials} most recent, until the server stops)");
    }

    void Run(TrialJob job, IDisposable slot)
    {
        using var lease = slot;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        budget.CancelAfter(_options.TrialTimeBudget);
        job.Started();
        try
        {
            var result = new TrialRunner(new MechanismSubjectModelFactory()).Run(job.Options, job, budget.Token);
            var percentiles = TrialQuery.Run(result.DatabasePath,
                "SELECT arm, day, time_h, p05, p25, p50, p75, p95, n FROM madrs_percentiles ORDER BY arm, day", int.MaxValue, _options.QueryTimeBudget);
            job.Finished(result, percentiles);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            job.Failed(_shutdown.IsCancellationRequested ? "the server is stopping; the trial was cancelled"
                : $"the trial did not finish within the server's budget of {_options.TrialTimeBudget.TotalMinutes:0.#} min; use fewer subjects or weeks, or run it with `trkbsim trial`");
        }
        catch (Exception e)
        {
            var error = ErrorMapping.Map(e);
            if (error.Status >= 500) Log.TrialFailed(_logger, e, job.Id);
            job.Failed(error.Message);
        }
    }

    /// <summary>Drops the oldest finished trials (and their folders) beyond the limit; called under the lock.</summary>
    void Evict()
    {
        while (_jobs.Count > _options.MaxStoredTrials)
        {
            var oldest = _jobs.Where(j => j.IsDone).MinBy(j => j.Created);
            if (oldest is null) return;
            _jobs.Remove(oldest);
            DeleteFolder(oldest.Options.OutputDirectory);
        }
    }

    void DeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException e) { Log.DeleteFailed(_logger, e, folder); }
        catch (UnauthorizedAccessException e) { Log.DeleteFailed(_logger, e, folder); }
    }

    static string Shorten(string id) => id.Length > 40 ? id[..40] + "..." : id;

    /// <summary>The database file of a finished trial; 409 while it runs or when it failed.</summary>
    public static string DatabaseOf(TrialJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Result?.DatabasePath ?? throw new ApiException(StatusCodes.Status409Conflict,
            job.Status == TrialStatus.Failed ? "the trial failed; it has no results to query" : "the trial is still running; query it when it has finished");
    }

    /// <summary>Cancels running trials, waits (up to half a minute) for them to stop, and deletes the work directory.</summary>
    public void Dispose()
    {
        _shutdown.Cancel();
        Task[] running;
        lock (_gate) running = [.. _work];
        Task.WaitAll(running, TimeSpan.FromSeconds(30));
        _running.Dispose();
        _shutdown.Dispose();
        if (_options.WorkDirectory is null) DeleteFolder(WorkDirectory);
    }
}
