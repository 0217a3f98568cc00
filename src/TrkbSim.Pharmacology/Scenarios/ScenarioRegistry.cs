namespace TrkbSim.Pharmacology.Scenarios;

/// <summary>The named scenarios, each reproducing one claim of the mechanism with its comparison stated in numbers.</summary>
public static class ScenarioRegistry
{
    static readonly Lazy<IReadOnlyList<ScenarioDefinition>> Definitions = new(() =>
    [
        ClinicalScenarios.FluoxetineVsKetamine(),
        ClinicalScenarios.Imipramine(),
        ClinicalScenarios.Esketamine(),
        MechanismScenarios.Y433F(),
        MechanismScenarios.Cholesterol(),
        MechanismScenarios.SerotoninIndependence(),
        MechanismScenarios.BdnfKnockout(),
        EnvironmentScenarios.Guidance(),
        MechanismScenarios.ExposureHypothesis(),
        ClinicalScenarios.Psychedelic(),
        EnvironmentScenarios.Exercise(),
        ClinicalScenarios.NewCompound(),
    ]);

    public static IReadOnlyList<ScenarioDefinition> All => Definitions.Value;

    public static IReadOnlyList<string> Names => [.. All.Select(d => d.Name)];

    public static ScenarioDefinition Get(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new PharmacologyInputException($"unknown scenario '{name}'; known: {string.Join(", ", Names)}");
}
