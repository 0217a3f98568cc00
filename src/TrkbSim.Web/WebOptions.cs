namespace TrkbSim.Web;

/// <summary>
/// How <c>trkbsim serve</c> listens and what it allows one request to cost: body and model sizes, time budgets,
/// concurrent work and trial sizes. The defaults suit a server on localhost shared by a few people.
/// </summary>
public sealed record WebOptions
{
    /// <summary>Address to listen on (<c>--host</c>); localhost by default.</summary>
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>Port (<c>--port</c>); 0 picks a free one.</summary>
    public int Port { get; init; } = 5080;
    /// <summary>Folder of the front end; null: <c>wwwroot</c> beside this assembly.</summary>
    public string? StaticRoot { get; init; }
    /// <summary>Folder for the trials' result databases; null: a new folder under the system's temporary folder.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Largest request body, bytes (413 beyond).</summary>
    public long MaxRequestBodyBytes { get; init; } = 512 * 1024;
    /// <summary>Largest model text for POST /api/simulate, characters (413 beyond).</summary>
    public int MaxModelTextChars { get; init; } = 200_000;
    /// <summary>Largest number of rows a simulation may return.</summary>
    public int MaxOutputRows { get; init; } = 50_000;
    /// <summary>Longest simulated regimen, hours (two years).</summary>
    public double MaxRegimenHours { get; init; } = 2 * 8766;
    /// <summary>Most uncertainty samples in one regimen request.</summary>
    public int MaxUncertaintySamples { get; init; } = 100;
    /// <summary>Largest Sobol base sample size N of POST /api/sensitivity (N x (parameters + 2) simulations).</summary>
    public int MaxSobolSamples { get; init; } = 64;
    /// <summary>Wall-clock budget of one simulation, regimen or sensitivity analysis; it is stopped between solver steps beyond it.</summary>
    public TimeSpan SimulationTimeBudget { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Bytes of finished regimen answers kept for identical requests (0: none kept).</summary>
    public long AnswerCacheBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Simulations that may run at once; null: one per processor.</summary>
    public int? MaxConcurrentSimulations { get; init; }
    /// <summary>Requests that may wait for a simulation slot; beyond it a request gets 429.</summary>
    public int SimulationQueueLimit { get; init; } = 200;

    /// <summary>Trials that may run at once (429 beyond).</summary>
    public int MaxConcurrentTrials { get; init; } = 1;
    /// <summary>Trials kept in memory with their results; the oldest finished one is dropped (and its files deleted) beyond it.</summary>
    public int MaxStoredTrials { get; init; } = 16;
    /// <summary>Largest trial: subjects per arm, arms, weeks.</summary>
    public int MaxTrialSubjectsPerArm { get; init; } = 2000;
    public int MaxTrialArms { get; init; } = 4;
    public int MaxTrialWeeks { get; init; } = 26;
    /// <summary>Wall-clock budget of one trial.</summary>
    public TimeSpan TrialTimeBudget { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>Rows a trial query returns at most (the rest are counted, not sent).</summary>
    public int MaxQueryRows { get; init; } = 1000;
    /// <summary>Wall-clock budget of one trial query.</summary>
    public TimeSpan QueryTimeBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The effective number of simulation slots.</summary>
    public int SimulationSlots => MaxConcurrentSimulations ?? Environment.ProcessorCount;

    /// <summary>The folder the front end is served from.</summary>
    public string ResolveStaticRoot() => StaticRoot ?? Path.Combine(AppContext.BaseDirectory, "wwwroot");
}
