using System.Runtime.ExceptionServices;
using TrkbSim.Trials.Running;

namespace TrkbSim.Trials.Chunks;

/// <summary>
/// Runs the chunks on this machine's threads as one stream of blocks: the threads take the blocks of every chunk in
/// plan order, so a thread that finishes its part of a chunk goes on with the next chunk's blocks instead of waiting for
/// the chunk's last block (with many threads, a chunk of 512 subjects is only a few blocks per thread). The results are
/// handed back in plan order; the threads run at most <see cref="Window"/> chunks ahead of the one handed back last, so
/// memory stays bounded whatever the number of subjects.
/// </summary>
public sealed class LocalChunkExecutor : IChunkExecutor
{
    /// <summary>The one instance.</summary>
    public static LocalChunkExecutor Instance { get; } = new();

    /// <summary>Chunks in progress at most beyond the last one handed back.</summary>
    public const int Window = 2;

    /// <inheritdoc/>
    public IEnumerable<ChunkResult> Execute(TrialChunkRunner local, IReadOnlyList<TrialChunk> chunks, int threads, Action<long> subjectsDone,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(subjectsDone);
        foreach (var chunk in chunks) local.Check(chunk);
        return Results(local, chunks, Math.Max(1, threads), subjectsDone, cancellation);
    }

    static IEnumerable<ChunkResult> Results(TrialChunkRunner local, IReadOnlyList<TrialChunk> chunks, int threads, Action<long> subjectsDone,
        CancellationToken cancellation)
    {
        using var stream = new BlockStream(local, chunks, threads, subjectsDone, cancellation);
        for (int k = 0; k < chunks.Count; k++) yield return stream.Take(k);
    }

    /// <summary>The worker threads and the state of the chunks in progress; all shared state is guarded by the lock.</summary>
    sealed class BlockStream : IDisposable
    {
        readonly TrialChunkRunner _local;
        readonly IReadOnlyList<TrialChunk> _chunks;
        readonly Action<long> _subjectsDone;
        readonly CancellationToken _cancellation;
        readonly object _lock = new();
        readonly SubjectRecord[]?[] _records;
        readonly int[] _blocksLeft, _blockSize;
        readonly ExceptionDispatchInfo?[] _errors;
        readonly Thread[] _workers;
        int _chunk, _block;      // the next block to hand out: block _block of chunk _chunk
        int _handedBack;         // chunks handed back so far
        bool _stopped;           // an error, cancellation or Dispose: hand out no more blocks

        public BlockStream(TrialChunkRunner local, IReadOnlyList<TrialChunk> chunks, int threads, Action<long> subjectsDone, CancellationToken cancellation)
        {
            (_local, _chunks, _subjectsDone, _cancellation) = (local, chunks, subjectsDone, cancellation);
            _records = new SubjectRecord[]?[chunks.Count];
            _errors = new ExceptionDispatchInfo?[chunks.Count];
            _blockSize = [.. chunks.Select(local.BlockSize)];
            _blocksLeft = [.. Enumerable.Range(0, chunks.Count).Select(BlockCount)];
            _workers = new Thread[threads];
            for (int i = 0; i < threads; i++)
            {
                _workers[i] = new Thread(Work) { IsBackground = true, Name = "trial worker " + i };
                _workers[i].Start();
            }
        }

        /// <summary>Waits for chunk <paramref name="k"/> (taken in order) and returns it, or raises its error.</summary>
        public ChunkResult Take(int k)
        {
            SubjectRecord[] records;
            lock (_lock)
            {
                while (_blocksLeft[k] > 0 && _errors[k] is null && !_cancellation.IsCancellationRequested) Monitor.Wait(_lock);
                _cancellation.ThrowIfCancellationRequested();
                _errors[k]?.Throw();
                records = _records[k] ?? [];
                _records[k] = null;
                _handedBack = k + 1;
                Monitor.PulseAll(_lock);
            }
            return new ChunkResult(_chunks[k], records);
        }

        void Work()
        {
            using var wake = _cancellation.Register(() => { lock (_lock) { _stopped = true; Monitor.PulseAll(_lock); } });
            while (true)
            {
                int k, block;
                SubjectRecord[] records;
                lock (_lock)
                {
                    while (true)
                    {
                        // The next block not handed out (past finished and empty chunks); other threads move it while
                        // this one waits, so it is found again after every wait.
                        while (_chunk < _chunks.Count && _block >= BlockCount(_chunk)) { _chunk++; _block = 0; }
                        if (_stopped || _chunk >= _chunks.Count) return;
                        if (_chunk < _handedBack + Window) break;
                        Monitor.Wait(_lock);
                    }
                    (k, block) = (_chunk, _block++);
                    records = _records[k] ??= new SubjectRecord[_chunks[k].Count];
                }
                var chunk = _chunks[k];
                int from = block * _blockSize[k], count = Math.Min(_blockSize[k], chunk.Count - from);
                try
                {
                    _local.RunBlock(chunk, from, records.AsSpan(from, count));
                    _subjectsDone(count);
                    lock (_lock)
                    {
                        if (--_blocksLeft[k] == 0) Monitor.PulseAll(_lock);
                    }
                }
                catch (Exception e)
                {
                    lock (_lock)
                    {
                        // The blocks of earlier chunks were all handed out before this one: they finish, and the
                        // chunks are handed back in order until this chunk, which raises its first error.
                        _errors[k] ??= ExceptionDispatchInfo.Capture(e);
                        _stopped = true;
                        Monitor.PulseAll(_lock);
                    }
                    return;
                }
            }
        }

        int BlockCount(int k) => (_chunks[k].Count + _blockSize[k] - 1) / _blockSize[k];

        public void Dispose()
        {
            lock (_lock)
            {
                _stopped = true;
                Monitor.PulseAll(_lock);
            }
            foreach (var worker in _workers) worker.Join();
        }
    }
}
