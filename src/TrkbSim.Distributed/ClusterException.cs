namespace TrkbSim.Distributed;

/// <summary>
/// The cluster cannot do the work: unreachable, running another program version, or a chunk that failed on every
/// silo it was given to. The message says which and what to do; the CLI prints it and exits non-zero.
/// </summary>
public sealed class ClusterException(string message, Exception? inner = null) : Exception(message, inner);
