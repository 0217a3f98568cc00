namespace TrkbSim.Distributed;

/// <summary>
/// The cluster cannot do the work: unreachable, running another program version, or a chunk that failed on every
/// silo it was given to, or work a silo refused (bad input, a model error, a numerical failure: <see cref="Failure"/>).
/// The message says which and what to do; the CLI prints it and exits non-zero (with the code a local run would give
/// for the same failure).
/// </summary>
public sealed class ClusterException(string message, Exception? inner = null, WorkerFailure failure = WorkerFailure.Other)
    : Exception(message, inner)
{
    /// <summary>The kind of failure a silo reported; <see cref="WorkerFailure.Other"/> for the cluster's own failures.</summary>
    public WorkerFailure Failure { get; } = failure;
}
