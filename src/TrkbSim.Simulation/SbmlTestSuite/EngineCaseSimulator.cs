using TrkbSim.Modeling;

namespace TrkbSim.Simulation.SbmlTestSuite;

/// <summary>
/// Simulates suite cases with TrkbSim's compiler and solvers, at tolerances well below the suite's so that
/// solver error is not what decides a case.
/// </summary>
public sealed class EngineCaseSimulator : ICaseSimulator
{
    public string Solver { get; init; } = "auto";
    public double RelTol { get; init; } = 1e-10;
    /// <summary>The absolute tolerance is the case's absolute tolerance times this factor (clamped to [1e-20, 1e-12]).</summary>
    public double AbsTolFactor { get; init; } = 1e-6;

    public SimulatedTable Simulate(Model model, CaseSettings settings, IReadOnlyList<string> outputs)
    {
        var compiled = ModelCompiler.Compile(model);
        var sim = compiled.CreateSimulator();
        var result = sim.Run(new SimulationSettings
        {
            Start = settings.Start,
            End = settings.Start + settings.Duration,
            Steps = settings.Steps,
            RelTol = RelTol,
            AbsTol = System.Math.Clamp(settings.Absolute * AbsTolFactor, 1e-20, 1e-12),
            Variables = outputs,
            Solver = Solver,
        });
        return new SimulatedTable(result.Times, result.Values);
    }
}
