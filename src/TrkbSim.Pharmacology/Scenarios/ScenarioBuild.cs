using System.Collections.Immutable;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;

namespace TrkbSim.Pharmacology.Scenarios;

/// <summary>Shorthands for writing scenario definitions: settings from regimen texts, time constants, number formats.</summary>
static class ScenarioBuild
{
    public const double Hour = 1, Day = 24, Week = 168;

    public static MechanismSettings Human(params string[] regimens) => Settings(Organism.Human, null, regimens);

    public static MechanismSettings Mouse(params string[] regimens) => Settings(Organism.Mouse, null, regimens);

    public static MechanismSettings Settings(Organism species, CompoundLibrary? library, params string[] regimens)
    {
        library ??= CompoundLibrary.LoadDefault();
        return new MechanismSettings
        {
            Species = species,
            Regimens = [.. regimens.Select(r => Regimens.RegimenParser.Parse(r, library, species))],
        };
    }

    public static MechanismSettings With(this MechanismSettings s, params (string Name, double Value)[] overrides) =>
        s with { ParameterOverrides = s.ParameterOverrides.SetItems(overrides.Select(o => KeyValuePair.Create(o.Name, o.Value))) };

    public static string F(double v) => ScenarioMarkdown.F(v);

    public static string T(double? hours) => ScenarioMarkdown.Time(hours);

    public static string Pct(double fraction) => $"{ScenarioMarkdown.F(100 * fraction)} %";

    public static ImmutableArray<string> Outputs(params string[] columns) => [.. columns];
}
