namespace TrkbSim.Distributed;

/// <summary>
/// Why a worker could not run a chunk (another program version, a model it cannot build, a subject the solver could
/// not finish), as it crosses the wire back to the client, which reports it as a <see cref="ClusterException"/> of the
/// same <see cref="Failure"/> kind.
/// </summary>
[GenerateSerializer]
public sealed class WorkerException : Exception
{
    public WorkerException() { }
    public WorkerException(string message) : base(message) { }
    public WorkerException(string message, Exception inner) : base(message, inner) { }
    public WorkerException(string message, WorkerFailure failure) : base(message) => Failure = failure;

    /// <summary>What kind of failure it was on the silo.</summary>
    [Id(0)]
    public WorkerFailure Failure { get; private set; }

    /// <summary>The kind of failure an exception raised while running work stands for.</summary>
    public static WorkerFailure KindOf(Exception ex) => ex switch
    {
        Trials.TrialInputException or Analysis.AnalysisException or Pharmacology.PharmacologyInputException => WorkerFailure.Input,
        Modeling.ModelException => WorkerFailure.Model,
        Numerics.Ode.OdeSolverException => WorkerFailure.Numerical,
        _ => WorkerFailure.Other,
    };
}

/// <summary>
/// The kinds of failure a silo reports, so that the client exits as a local run would (docs/cli.md): bad input (2), a
/// model error (3), a numerical failure (4), anything else (1).
/// </summary>
[GenerateSerializer]
public enum WorkerFailure
{
    Other,
    Input,
    Model,
    Numerical,
}
