using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Simulation;

namespace TrkbSim.Pharmacology.Mechanism;

/// <summary>
/// Absolute tolerances for the drug-amount states of an assembled mechanism, scaled to the doses given.
/// </summary>
/// <remarks>
/// The drug amounts (nmol) in the gut, nasal, intraperitoneal, central and peripheral compartments span many orders of
/// magnitude: an oral dose of 20 mg fluoxetine puts ~46,000 nmol into the gut, which then decays by a factor of 10⁷ before
/// the next dose. With one small absolute tolerance for every state, the solver follows that decaying remainder to the
/// full relative tolerance all day, although nothing downstream can feel it. Here each amount state of a compound (and
/// of every metabolite formed from it) is held to <c>max(absTol, relTol × D)</c>, where D is the largest single dose of
/// the compound in nmol (for drinking water, one day's intake): amounts are accurate to relTol relative to a dose.
/// Concentrations, occupancies, signalling and mood keep the caller's absolute tolerance.
/// </remarks>
public static class AmountTolerances
{
    /// <summary>Suffixes of the amount states the exposure part generates for a compound (see <see cref="ExposurePartGenerator"/>).</summary>
    static readonly string[] AmountStates = ["gut", "nasal", "ip", "central", "peripheral"];

    /// <summary>
    /// Per-state absolute tolerances for <see cref="SimulationSettings.AbsTolFor"/>, read from the dose parameters of
    /// <paramref name="simulator"/>'s model (after any <see cref="Simulator.Set"/>); empty without regimens.
    /// </summary>
    public static IReadOnlyDictionary<string, double> For(Simulator simulator, MechanismSettings settings, CompoundLibrary library,
        double relTol, double absTol)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(library);
        var scale = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < settings.Regimens.Length; i++)
        {
            var regimen = settings.Regimens[i];
            string prefix = $"{regimen.Compound}_r{i + 1}";
            double dose = regimen.Route == DoseRoute.DrinkingWater
                ? 24 * simulator.Get($"{prefix}_water_level")
                : simulator.Get($"{prefix}_dose_nmol");
            if (!(dose > 0) || !double.IsFinite(dose)) continue;
            foreach (var id in WithMetabolites(library, settings.Species, regimen.Compound))
                scale[id] = Math.Max(scale.GetValueOrDefault(id), dose);
        }

        var states = new HashSet<string>(simulator.Model.StateIds, StringComparer.Ordinal);
        var tolerances = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (compound, dose) in scale)
        {
            foreach (var suffix in AmountStates)
            {
                string state = $"{compound}_{suffix}";
                if (states.Contains(state)) tolerances[state] = Math.Max(absTol, relTol * dose);
            }
        }

        return tolerances;
    }

    static IEnumerable<string> WithMetabolites(CompoundLibrary library, Organism organism, string compound)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([compound]);
        while (queue.Count > 0)
        {
            string id = queue.Dequeue();
            if (!seen.Add(id)) continue;
            yield return id;
            foreach (var m in library.MetabolitesOf(id, organism)) queue.Enqueue(m.Id);
        }
    }
}
