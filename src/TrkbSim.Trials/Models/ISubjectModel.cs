namespace TrkbSim.Trials.Models;

/// <summary>Builds the model of one trial arm (compiled once; subjects differ only in parameter values).</summary>
public interface ISubjectModelFactory
{
    /// <summary>Short name of the model for reports.</summary>
    string Name { get; }

    /// <summary>The arm's model; throws <see cref="TrialInputException"/> for a regimen it cannot run.</summary>
    IArmModel CreateArm(ArmSpec arm, TrialOptions options, Population.PopulationSpec population);
}

/// <summary>The model of one arm: which values a subject sets, which outputs it records, and per-thread simulators.</summary>
public interface IArmModel
{
    /// <summary>The arm.</summary>
    ArmSpec Arm { get; }
    /// <summary>Compounds present in the arm (parents and metabolites), lower case.</summary>
    IReadOnlyList<string> Compounds { get; }
    /// <summary>The per-subject values, in the order the simulator receives them.</summary>
    IReadOnlyList<SubjectParameter> Parameters { get; }
    /// <summary>Outputs recorded besides MADRS (exposure, engagement), with units in their names.</summary>
    IReadOnlyList<string> Outputs { get; }
    /// <summary>A simulator for one thread.</summary>
    ISubjectModel CreateSimulator();
    /// <summary>How many subjects a simulator takes best in one <see cref="ISubjectModel.SimulateMany"/> call (1: one at a time).</summary>
    int SubjectsPerCall => 1;
}

/// <summary>
/// Simulates one subject of an arm: given the subject's parameter values (aligned with
/// <see cref="IArmModel.Parameters"/>), returns the true (noise-free) MADRS and the outputs at the requested times.
/// Not thread-safe; use one per thread.
/// </summary>
public interface ISubjectModel
{
    /// <summary>
    /// Fills <paramref name="madrs"/>[i] and <paramref name="outputs"/>[i * Outputs.Count + j] at <paramref name="timesHours"/>[i].
    /// Throws <see cref="SubjectSimulationException"/> when the subject cannot be simulated.
    /// </summary>
    void Simulate(ReadOnlySpan<double> parameterValues, ReadOnlySpan<double> timesHours, Span<double> madrs, Span<double> outputs);

    /// <summary>
    /// Simulates several subjects as <see cref="Simulate"/> would one by one, with the same results; a subject that
    /// cannot be simulated gets its failure message in <paramref name="failures"/> instead of an exception.
    /// </summary>
    void SimulateMany(IReadOnlyList<double[]> parameterValues, ReadOnlySpan<double> timesHours, IReadOnlyList<double[]> madrs,
        IReadOnlyList<double[]> outputs, string?[] failures)
    {
        for (int i = 0; i < parameterValues.Count; i++)
        {
            try { Simulate(parameterValues[i], timesHours, madrs[i], outputs[i]); }
            catch (SubjectSimulationException ex) { failures[i] = ex.Message; }
        }
    }
}

/// <summary>A subject whose simulation failed (solver failure); the trial reports it with the subject's coordinates.</summary>
public sealed class SubjectSimulationException(string message, Exception? inner = null) : Exception(message, inner);
