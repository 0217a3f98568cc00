namespace TrkbSim.Numerics.Ode;

/// <summary>Work counters of one solver instance (reset by Initialize).</summary>
public sealed class SolverStatistics
{
    public long AcceptedSteps { get; set; }
    public long RejectedSteps { get; set; }
    public long FunctionEvaluations { get; set; }
    public long JacobianEvaluations { get; set; }
    public long LuDecompositions { get; set; }
    public long Restarts { get; set; }

    public void Reset()
    {
        AcceptedSteps = RejectedSteps = FunctionEvaluations = JacobianEvaluations = LuDecompositions = Restarts = 0;
    }

    public override string ToString() =>
        $"accepted={AcceptedSteps} rejected={RejectedSteps} f={FunctionEvaluations} J={JacobianEvaluations} LU={LuDecompositions} restarts={Restarts}";
}
