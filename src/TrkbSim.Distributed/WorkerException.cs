namespace TrkbSim.Distributed;

/// <summary>
/// Why a worker could not run a chunk (another program version, a model it cannot build), as it crosses the wire back
/// to the client, which reports it as a <see cref="ClusterException"/>.
/// </summary>
[GenerateSerializer]
public sealed class WorkerException : Exception
{
    public WorkerException() { }
    public WorkerException(string message) : base(message) { }
    public WorkerException(string message, Exception inner) : base(message, inner) { }
}
