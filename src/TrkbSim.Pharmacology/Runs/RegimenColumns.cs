using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>The fixed column layout of a regimen table.</summary>
public static class RegimenColumns
{
    public const string Time = "time_h";

    /// <summary>Target occupancies, in table order.</summary>
    public static readonly IReadOnlyList<string> Occupancies = ["occupancy_SERT", "occupancy_NET", "occupancy_NMDA", "occupancy_TRKB"];

    /// <summary>Core outputs after the occupancies, before the outcome.</summary>
    public static readonly IReadOnlyList<string> Signalling = ["trkb_open_fraction", "trkb_surface", "trkb_signal", "bdnf", "plasticity", "network_state"];

    /// <summary>The per-compound exposure columns, in table order.</summary>
    public static IEnumerable<string> ExposureOf(string compound) =>
    [
        $"plasma_{compound}_nM", $"plasma_{compound}_ng_per_mL", $"brain_{compound}_nM", $"brain_free_{compound}_nM",
        $"brain_membrane_{compound}_nM",
    ];

    /// <summary>MADRS for humans, the behaviour score (relative immobility) for mice.</summary>
    public static string Outcome(Organism species) => species == Organism.Human ? "madrs" : "behavior_score";

    /// <summary>All columns after time_h: exposure per compound, occupancies, signalling, outcome.</summary>
    public static IReadOnlyList<string> ModelColumns(IEnumerable<string> compounds, Organism species) =>
        [.. compounds.SelectMany(ExposureOf), .. Occupancies, .. Signalling, Outcome(species)];

    /// <summary>The full header: time_h then <see cref="ModelColumns"/>.</summary>
    public static IReadOnlyList<string> All(IEnumerable<string> compounds, Organism species) =>
        [Time, .. ModelColumns(compounds, species)];
}
