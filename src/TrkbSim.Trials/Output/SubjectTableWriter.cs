using System.Diagnostics;
using System.Threading.Channels;
using TrkbSim.Trials.Running;

namespace TrkbSim.Trials.Output;

/// <summary>
/// Streams batches of subjects to the per-subject Parquet tables (<see cref="SubjectTables"/>) on one background task
/// while the next batches are simulated. The queue between them is bounded (<see cref="QueueBatches"/> batches), so a
/// writer slower than the simulation holds the simulation back instead of letting memory grow. A write error is raised
/// on the simulating side at its next <see cref="Add"/> or at <see cref="Complete"/>.
/// </summary>
sealed class SubjectTableWriter : IDisposable
{
    /// <summary>Batches that may wait for the writer.</summary>
    public const int QueueBatches = 2;

    readonly Channel<SubjectBatch> _queue = Channel.CreateBounded<SubjectBatch>(
        new BoundedChannelOptions(QueueBatches) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    readonly CancellationTokenSource _stop = new();
    readonly SubjectTables _tables;
    readonly Task _writer;
    long _busyTicks;

    SubjectTableWriter(SubjectTables tables, long subjects, TrialSchedule schedule)
    {
        _tables = tables;
        _writer = Task.Run(() => WriteAllAsync(subjects, schedule));
    }

    /// <summary>
    /// Creates the files in <paramref name="folder"/> and starts the background writer; <paramref name="subjects"/> (all
    /// arms) and <paramref name="schedule"/> size the column buffers.
    /// </summary>
    public static SubjectTableWriter Start(string folder, IReadOnlyList<string> parameterColumns, IReadOnlyList<string> outputColumns, int timecourseEveryDays,
        long subjects, TrialSchedule schedule) =>
        new(SubjectTables.CreateAsync(folder, parameterColumns, outputColumns, timecourseEveryDays, CancellationToken.None).GetAwaiter().GetResult(),
            subjects, schedule);

    /// <summary>Seconds the writer has spent writing.</summary>
    public double BusySeconds => TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks)).TotalSeconds;

    /// <summary>Queues a batch; waits while the queue is full; raises the writer's error if it failed.</summary>
    public void Add(SubjectBatch batch, CancellationToken cancellation)
    {
        if (_writer.IsFaulted) _writer.GetAwaiter().GetResult();
        try
        {
            var pending = _queue.Writer.WriteAsync(batch, cancellation);
            if (!pending.IsCompletedSuccessfully) pending.AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException)
        {
            // The writer stopped on an error and closed the queue: raise that error.
            _writer.GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Waits for every queued batch to be written and completes the files.</summary>
    public void Complete()
    {
        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
        _tables.CompleteAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    async Task WriteAllAsync(long subjects, TrialSchedule schedule)
    {
        try
        {
            // The buffers are made (and their memory first touched) here, while the first subjects are simulated.
            _tables.Reserve(subjects, schedule);
            await foreach (var batch in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                long start = Stopwatch.GetTimestamp();
                await _tables.AddAsync(batch, _stop.Token).ConfigureAwait(false);
                Interlocked.Add(ref _busyTicks, Stopwatch.GetElapsedTime(start).Ticks);
            }
        }
        catch (Exception ex)
        {
            _queue.Writer.TryComplete(ex);
            throw;
        }
    }

    /// <summary>Stops the writer (dropping queued batches) and closes the files; a run that did not complete removes them.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stop.Cancel();
        try { _writer.Wait(CancellationToken.None); }
        catch (AggregateException) { } // already raised to the caller, or a cancellation of a run that is being abandoned
        _tables.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stop.Dispose();
    }
}
