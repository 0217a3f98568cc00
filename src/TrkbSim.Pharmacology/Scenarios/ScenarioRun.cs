using TrkbSim.Pharmacology.Mechanism;

namespace TrkbSim.Pharmacology.Scenarios;

/// <summary>One labelled run of a scenario: settings, simulated time and output step (hours).</summary>
public sealed record ScenarioRun(string Label, MechanismSettings Settings, double DurationHours, double OutputStepHours = 1);
