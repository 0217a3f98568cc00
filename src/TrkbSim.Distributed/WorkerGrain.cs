using Orleans.Concurrency;
using TrkbSim.Trials.Chunks;

namespace TrkbSim.Distributed;

/// <summary>
/// A worker on one silo. The client makes one per silo for each run (key: worker number and the run's id); each call
/// carries everything its chunk needs (the trial spec or sample job as JSON text, the subject range or the rows), so a
/// worker keeps nothing but a cache of compiled models, and a chunk can be re-run on any silo with the same result.
/// </summary>
public interface IWorkerGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>The silo's program version (<see cref="ProgramVersion.Current"/>).</summary>
    Task<string> ProgramVersion();

    /// <summary>The silo this worker runs on (for logs and tests).</summary>
    Task<string> Silo();

    /// <summary>Simulates one trial chunk; returns its results in the <see cref="ChunkCodec"/> form.</summary>
    Task<byte[]> RunTrialChunk(string specJson, int index, int armIndex, long firstSubject, int count);

    /// <summary>Evaluates <paramref name="rowCount"/> sample rows (row-major) of a sensitivity job; returns the outputs row-major.</summary>
    Task<double[]> RunSamples(string jobJson, double[] rows, int rowCount);
}

/// <summary>The worker: runs each call's work on the silo's <c>--threads</c> threads, off Orleans' own scheduler.</summary>
[SpreadPlacement]
internal sealed class WorkerGrain(WorkerSettings settings, WorkCache cache, ILocalSiloDetails silo) : Grain, IWorkerGrain
{
    public Task<string> ProgramVersion() => Task.FromResult(Trials.Chunks.ProgramVersion.Current);

    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.ToString());

    public Task<byte[]> RunTrialChunk(string specJson, int index, int armIndex, long firstSubject, int count) => Work(() =>
    {
        var runner = cache.TrialRunner(specJson);
        var result = runner.Run(new TrialChunk(index, armIndex, firstSubject, count), settings.Threads);
        return ChunkCodec.ToBytes(result);
    });

    public Task<double[]> RunSamples(string jobJson, double[] rows, int rowCount) => Work(() =>
    {
        var function = cache.SampleFunction(jobJson);
        int d = rowCount == 0 ? 0 : rows.Length / rowCount;
        var unflat = new double[rowCount][];
        for (int i = 0; i < rowCount; i++) unflat[i] = rows.AsSpan(i * d, d).ToArray();
        var y = Analysis.Sensitivity.SampleRunner.Run(function, unflat, settings.Threads);
        int m = function.OutputNames.Count;
        var flat = new double[rowCount * m];
        for (int i = 0; i < rowCount; i++) y[i].CopyTo(flat, i * m);
        return flat;
    });

    /// <summary>Runs work off Orleans' scheduler; its failures travel back as <see cref="WorkerException"/> with this silo named.</summary>
    async Task<T> Work<T>(Func<T> work)
    {
        try { return await Task.Run(work).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new WorkerException($"silo {silo.SiloAddress}: {ex.Message}", WorkerException.KindOf(ex));
        }
    }
}

/// <summary>Threads a silo gives each chunk (<c>trkbsim cluster silo --threads</c>).</summary>
public sealed record WorkerSettings(int Threads);
