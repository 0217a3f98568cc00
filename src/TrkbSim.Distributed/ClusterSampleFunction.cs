using TrkbSim.Analysis.Sensitivity;

namespace TrkbSim.Distributed;

/// <summary>
/// A sensitivity run's model function evaluated on a cluster: the rows (already drawn by the client from its seed) go
/// out in chunks of <see cref="ChunkRows"/> with the <see cref="SampleJob"/>, the outputs come back in row order, and
/// the client computes the indices exactly as for a local run.
/// </summary>
public sealed class ClusterSampleFunction(ClusterConnection cluster, SampleJob job, IReadOnlyList<string> outputNames) : IBatchSampleFunction
{
    /// <summary>Rows per chunk.</summary>
    public int ChunkRows { get; init; } = 256;

    /// <inheritdoc/>
    public IReadOnlyList<string> OutputNames { get; } = outputNames;

    /// <inheritdoc/>
    public ISampleWorker CreateWorker() => throw new NotSupportedException("a cluster function evaluates whole batches (EvaluateAll)");

    /// <inheritdoc/>
    public double[][] EvaluateAll(double[][] rows, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(rows);
        string json = job.ToJson();
        int chunks = (rows.Length + ChunkRows - 1) / ChunkRows;
        int m = OutputNames.Count;
        var results = new double[rows.Length][];
        int at = 0;
        foreach (var flat in cluster.Dispatcher<double[]>().Run(chunks, (worker, c) =>
        {
            int from = c * ChunkRows, n = Math.Min(ChunkRows, rows.Length - from);
            return worker.RunSamples(json, rows.Skip(from).Take(n).SelectMany(r => r).ToArray(), n);
        }, cancellation))
        {
            for (int i = 0; i < flat.Length / m; i++) results[at++] = flat.AsSpan(i * m, m).ToArray();
        }
        return results;
    }
}
