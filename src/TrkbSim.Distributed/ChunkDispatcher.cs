using System.Threading.Channels;
using Orleans.Runtime;

namespace TrkbSim.Distributed;

/// <summary>
/// Hands numbered pieces of work to a run's workers (one per silo, two calls queued on each so none waits between
/// chunks) and gives the results back in piece order. A piece whose call fails because its silo died or could not be
/// reached goes back to the front of the queue and runs again elsewhere: pieces are pure functions of what they carry,
/// so a re-run gives the same result. A call that has not answered long after the slowest one so far (its silo may
/// have died with the call in it, which no one reports to the client) is given up and its piece runs again elsewhere;
/// an answer that comes later is ignored. Any other failure (a bad model, another program version) stops the run.
/// </summary>
internal sealed class ChunkDispatcher<T>(IGrainFactory grains, int workers, string runId, DispatchSettings settings)
{
    /// <summary>Runs pieces 0..count-1 with <paramref name="run"/> and yields their results in order.</summary>
    public IEnumerable<T> Run(int count, Func<IWorkerGrain, int, Task<T>> run, CancellationToken cancellation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(Math.Max(2, 2 * workers)) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => Produce(count, run, channel.Writer, stop.Token), stop.Token);
        try
        {
            var reader = channel.Reader;
            while (reader.WaitToReadAsync(stop.Token).AsTask().GetAwaiter().GetResult())
                while (reader.TryRead(out var item)) yield return item;
            producer.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            try { producer.Wait(TimeSpan.FromSeconds(5), CancellationToken.None); } catch (AggregateException) { }
        }
    }

    async Task Produce(int count, Func<IWorkerGrain, int, Task<T>> run, ChannelWriter<T> output, CancellationToken cancellation)
    {
        try
        {
            var queue = new LinkedList<int>(Enumerable.Range(0, count));
            var attempts = new int[count];
            var ready = new Dictionary<int, T>();
            var inFlight = new Dictionary<Task<T>, (int Worker, int Piece, DateTime Started)>();
            var slowest = TimeSpan.Zero;
            var busy = new int[workers];
            var restUntil = new DateTime[workers];
            int next = 0;
            int window = Math.Max(4, 4 * workers);
            while (next < count)
            {
                cancellation.ThrowIfCancellationRequested();
                var now = DateTime.UtcNow;
                for (int w = 0; w < workers; w++)
                    while (busy[w] < 2 && restUntil[w] <= now && queue.First is { } head && head.Value < next + window)
                    {
                        queue.RemoveFirst();
                        var worker = grains.GetGrain<IWorkerGrain>(w, runId);
                        inFlight[run(worker, head.Value)] = (w, head.Value, now);
                        busy[w]++;
                    }
                if (inFlight.Count == 0)
                {
                    // Every worker with work to take is resting after a failure: wait for the first to be ready.
                    await Task.Delay(settings.RetryDelay, cancellation).ConfigureAwait(false);
                    continue;
                }
                var first = Task.WhenAny(inFlight.Keys);
                // Wake up for a resting worker too, so queued work does not wait for the slowest chunk in flight.
                if (await Task.WhenAny(first, Task.Delay(settings.RetryDelay, cancellation)).ConfigureAwait(false) != first)
                {
                    cancellation.ThrowIfCancellationRequested();
                    GiveUpStragglers(DateTime.UtcNow);
                    continue;
                }
                var done = await first.ConfigureAwait(false);
                var (doneWorker, piece, started) = inFlight[done];
                inFlight.Remove(done);
                busy[doneWorker]--;
                try
                {
                    var result = await done.ConfigureAwait(false);
                    if (DateTime.UtcNow - started is var took && took > slowest) slowest = took;
                    if (piece >= next) ready[piece] = result;
                }
                catch (Exception ex) when (IsSiloFailure(ex))
                {
                    if (++attempts[piece] > settings.MaxAttempts)
                        throw new ClusterException($"chunk {piece} failed on {attempts[piece]} silos in a row (last: {ex.Message}); is the cluster still up?", ex);
                    queue.AddFirst(piece);
                    restUntil[doneWorker] = DateTime.UtcNow + settings.RetryDelay;
                }
                while (ready.Remove(next, out var result))
                {
                    await output.WriteAsync(result, cancellation).ConfigureAwait(false);
                    next++;
                }
            }
            output.Complete();

            // Calls unanswered for far longer than the slowest answer so far: their pieces go back to the queue.
            void GiveUpStragglers(DateTime now)
            {
                var limit = slowest == TimeSpan.Zero ? settings.FirstAnswerLimit
                    : TimeSpan.FromTicks(Math.Max(settings.MinStragglerLimit.Ticks, settings.StragglerFactor * slowest.Ticks));
                foreach (var (call, (w, p, started)) in inFlight.Where(kv => now - kv.Value.Started > limit).ToList())
                {
                    inFlight.Remove(call);
                    _ = call.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    busy[w]--;
                    restUntil[w] = now + settings.RetryDelay;
                    if (p < next && !queue.Contains(p)) continue;
                    if (++attempts[p] > settings.MaxAttempts)
                        throw new ClusterException($"chunk {p} got no answer from {attempts[p]} silos in a row; is the cluster still up?");
                    if (!queue.Contains(p)) queue.AddFirst(p);
                }
            }
        }
        catch (Exception ex)
        {
            output.Complete(ex is ClusterException or OperationCanceledException ? ex : Unwrap(ex));
        }
    }

    /// <summary>True for failures of a silo or of the way to it (its work can run elsewhere).</summary>
    internal static bool IsSiloFailure(Exception ex) => ex is SiloUnavailableException or OrleansMessageRejectionException
        or GatewayTooBusyException or Orleans.Runtime.Messaging.ConnectionFailedException or TimeoutException
        || (ex is OrleansException && ex.GetType().Name.Contains("Unavailable", StringComparison.Ordinal) && ex is not Orleans.Serialization.UnavailableExceptionFallbackException);

    static Exception Unwrap(Exception ex) => ex switch
    {
        Trials.TrialInputException or Analysis.AnalysisException or Modeling.ModelException => ex,
        WorkerException w => new ClusterException(w.Message, w, w.Failure),
        Orleans.Serialization.UnavailableExceptionFallbackException f => new ClusterException($"a silo failed: {f.Message}", f),
        _ => new ClusterException($"a silo failed: {ex.Message}", ex),
    };
}

/// <summary>How the client retries work of silos that fail.</summary>
/// <param name="MaxAttempts">Most re-runs of one chunk before the run fails.</param>
/// <param name="RetryDelay">How long a worker whose silo failed rests before it gets work again (its silo is being declared dead meanwhile).</param>
public sealed record DispatchSettings(int MaxAttempts, TimeSpan RetryDelay)
{
    /// <summary>20 attempts, half a second apart.</summary>
    public static DispatchSettings Default { get; } = new(20, TimeSpan.FromMilliseconds(500));
    /// <summary>A call unanswered this many times longer than the slowest answer so far is given up (and its piece re-run).</summary>
    public int StragglerFactor { get; init; } = 4;
    /// <summary>The least time a call is waited for once answers have come.</summary>
    public TimeSpan MinStragglerLimit { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>How long calls are waited for before any has answered (the first calls also compile the model).</summary>
    public TimeSpan FirstAnswerLimit { get; init; } = TimeSpan.FromSeconds(60);
}
