namespace TrkbSim.Trials.Chunks;

/// <summary>
/// Runs a trial's chunks somewhere (this machine's threads, a cluster, shard files written earlier) and hands their
/// results back in the order of <paramref name="chunks"/>, whatever order they finish in.
/// </summary>
public interface IChunkExecutor
{
    /// <param name="local">The trial's runner on this machine (its spec and compiled arms).</param>
    /// <param name="chunks">The chunks, in the order their results are wanted.</param>
    /// <param name="threads">Threads this machine may use.</param>
    /// <param name="subjectsDone">Told how many subjects have just finished (for progress).</param>
    IEnumerable<ChunkResult> Execute(TrialChunkRunner local, IReadOnlyList<TrialChunk> chunks, int threads, Action<long> subjectsDone,
        CancellationToken cancellation);
}
