using TrkbSim.Trials.Chunks;

namespace TrkbSim.Distributed;

/// <summary>Runs a trial's chunks on a cluster: each chunk is sent with the trial spec to a worker; results come back in plan order.</summary>
public sealed class ClusterChunkExecutor(ClusterConnection cluster) : IChunkExecutor
{
    /// <inheritdoc/>
    public IEnumerable<ChunkResult> Execute(TrialChunkRunner local, IReadOnlyList<TrialChunk> chunks, int threads, Action<long> subjectsDone,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(subjectsDone);
        string spec = local.Spec.ToJson();
        var dispatcher = cluster.Dispatcher<ChunkResult>();
        return dispatcher.Run(chunks.Count, async (worker, i) =>
        {
            var c = chunks[i];
            var bytes = await worker.RunTrialChunk(spec, c.Index, c.ArmIndex, c.FirstSubject, c.Count).ConfigureAwait(false);
            var result = ChunkCodec.FromBytes(bytes, $"chunk {c.Index} from the cluster");
            if (result.Chunk != c) throw new ClusterException($"the cluster answered chunk {c.Index} with chunk {result.Chunk.Index}");
            subjectsDone(c.Count);
            return result;
        }, cancellation);
    }
}
