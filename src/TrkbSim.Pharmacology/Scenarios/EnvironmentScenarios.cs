using TrkbSim.Pharmacology.Mechanism;
using static TrkbSim.Pharmacology.Scenarios.ScenarioBuild;

namespace TrkbSim.Pharmacology.Scenarios;

/// <summary>Scenarios about the environment: guidance of the plastic network, exercise.</summary>
static class EnvironmentScenarios
{
    public static ScenarioDefinition Guidance()
    {
        LivingEnvironment[] envs = [LivingEnvironment.Supportive, LivingEnvironment.Usual, LivingEnvironment.None, LivingEnvironment.Stressful];
        var flx = Human("fluoxetine 20mg oral every 24h for 12w");
        var runs = envs.Select(e => new ScenarioRun($"fluoxetine, {e.ToString().ToLowerInvariant()} environment", flx with { Environment = e }, 12 * Week, 2)).ToList();
        runs.Add(new("no drug, usual environment", Human(), 12 * Week, 6));
        return new ScenarioDefinition
        {
            Name = "guidance",
            Title = "Plasticity, then guidance: the environment decides the outcome",
            Description = "Claim 7: TRKB signalling opens a window of plasticity, and the environment the network experiences " +
                "decides where it goes (Castrén 2013; Alboni 2017). Fluoxetine 20 mg daily for 12 weeks in a supportive, " +
                "usual, absent or stressful environment, and no drug.",
            Runs = [.. runs],
            KeyOutputs = Outputs("plasticity", "network_state", "madrs"),
            Compare = r =>
            [
                "MADRS at 12 weeks (baseline " + F(r.At(runs[0].Label, "madrs", 0)) + "): " +
                    string.Join(", ", runs.Select(x => $"{x.Label} {F(r.Final(x.Label, "madrs"))}")) + ".",
                "Change from baseline: " + string.Join(", ", runs.Take(4).Select(x => $"{x.Label.Replace("fluoxetine, ", "")} {F(r.Final(x.Label, "madrs") - r.At(x.Label, "madrs", 0))}")) + ".",
                "Onset (MADRS -20 %): " + string.Join(", ", runs.Take(4).Select(x => $"{x.Label.Replace("fluoxetine, ", "")} {T(r.Summary(x.Label).OnsetHours)}")) + ".",
                $"Plasticity at 12 weeks is the same in every environment ({F(r.Final(runs[0].Label, "plasticity"))}): the drug opens the window, the environment steers.",
            ],
        };
    }

    public static ScenarioDefinition Exercise()
    {
        const string none = "no drug", ex = "exercise, no drug", flx = "fluoxetine 20 mg daily", both = "fluoxetine + exercise";
        var f = Human("fluoxetine 20mg oral every 24h for 8w");
        return new ScenarioDefinition
        {
            Name = "exercise",
            Title = "Exercise raises BDNF",
            Description = "Exercise raises BDNF synthesis (system.md claim 7). Human runs over 8 weeks: no drug, exercise " +
                "alone, fluoxetine 20 mg daily, and both.",
            Runs =
            [
                new(none, Human(), 8 * Week, 6),
                new(ex, Human() with { Exercise = true }, 8 * Week, 6),
                new(flx, f, 8 * Week, 2),
                new(both, f with { Exercise = true }, 8 * Week, 2),
            ],
            KeyOutputs = Outputs("bdnf", "trkb_signal", "plasticity", "madrs"),
            Compare = r =>
            [
                "BDNF at 8 weeks: " + string.Join(", ", new[] { none, ex, flx, both }.Select(l => $"{l} {F(r.Final(l, "bdnf"))}")) + ".",
                "TRKB signalling at 8 weeks: " + string.Join(", ", new[] { none, ex, flx, both }.Select(l => $"{l} {F(r.Final(l, "trkb_signal"))}")) + ".",
                "MADRS at 8 weeks: " + string.Join(", ", new[] { none, ex, flx, both }.Select(l => $"{l} {F(r.Final(l, "madrs"))}")) +
                    $"; onset with fluoxetine {T(r.Summary(flx).OnsetHours)}, with fluoxetine + exercise {T(r.Summary(both).OnsetHours)}.",
            ],
        };
    }
}
