using TrkbSim.Modeling;

namespace TrkbSim.Simulation.SbmlTestSuite;

/// <summary>Simulated output of a case: the output times and one array of values per requested output.</summary>
public sealed record SimulatedTable(double[] Times, double[][] Values);

/// <summary>
/// Simulates a suite case's model. <paramref name="outputs"/> are ids, <c>amount(S)</c> or <c>concentration(S)</c>;
/// output times are start, start + duration/steps, ..., start + duration.
/// </summary>
public interface ICaseSimulator
{
    SimulatedTable Simulate(Model model, CaseSettings settings, IReadOnlyList<string> outputs);
}
