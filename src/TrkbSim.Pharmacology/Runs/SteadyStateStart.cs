using System.Collections.Immutable;
using TrkbSim.Analysis.SteadyState;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>How a run's periodic steady-state start was found (in the summary as <c>steady_state_start</c>).</summary>
public sealed record SteadyStateStartInfo(double PeriodHours, int NewtonIterations, int PeriodsSimulated, double Residual, double? MaxFloquetMultiplier);

/// <summary>
/// The state a subject is in just before a dose after taking the regimen for ever: the periodic steady state of the
/// whole mechanism (exposure, occupancy, signalling, plasticity and mood) under the regimen's repeating pattern. The
/// pattern's period is the least common multiple of the regimens' intervals (continuous drinking water fits any
/// period); the run then starts from that state and follows the regimens as written, so a washout (<c>for</c>) or
/// missed doses (<c>skip</c>) start from steady state.
/// </summary>
public static class SteadyStateStart
{
    /// <summary>The longest repeating pattern accepted, h.</summary>
    public const double MaxPeriodHours = 28 * 24;

    /// <summary>
    /// The period of the regimens' combined pattern, h; throws <see cref="PharmacologyInputException"/> naming the
    /// regimen that does not repeat from time 0 (<paramref name="option"/> names the option in messages).
    /// </summary>
    public static double PeriodHours(IReadOnlyList<DoseRegimen> regimens, string option = "--steady-state")
    {
        if (regimens.Count == 0)
            throw new PharmacologyInputException($"{option}: there is no regimen to be at steady state on; give a repeated regimen (e.g. \"fluoxetine 20mg oral every 24h\")");
        long period = 0;
        foreach (var r in regimens)
        {
            if (r.StartHours != 0)
                throw new PharmacologyInputException($"{option}: '{r}' starts at {r.StartHours:G6} h; every regimen must repeat from time 0 for a steady-state start");
            if (r.Route == DoseRoute.DrinkingWater) continue;
            if (r.IntervalHours is not { } tau || r.ScheduledDoseCount() < 2)
                throw new PharmacologyInputException($"{option}: '{r}' is not repeated; a steady-state start needs doses given at a fixed interval (every ...)");
            // Intervals are compared on a grid of seconds, so 8 h and 12 h combine to 24 h.
            double seconds = tau * 3600;
            long s = (long)Math.Round(seconds);
            if (s <= 0 || Math.Abs(seconds - s) > 1e-6 * seconds)
                throw new PharmacologyInputException($"{option}: the interval of '{r}' is not a whole number of seconds");
            period = period == 0 ? s : Lcm(period, s);
            if (period > MaxPeriodHours * 3600)
                throw new PharmacologyInputException(
                    $"{option}: the regimens' intervals repeat together only every {period / 3600.0:G6} h or more; at most {MaxPeriodHours:G6} h is allowed");
        }
        return period == 0 ? 24 : period / 3600.0;
    }

    static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
    static long Lcm(long a, long b) => a / Gcd(a, b) * b;

    /// <summary>The settings with each regimen reduced to one period of its pattern from time 0 (all doses, no end).</summary>
    public static MechanismSettings OnePeriod(MechanismSettings settings, double periodHours) => settings with
    {
        Regimens = [.. settings.Regimens.Select(r => r.Route == DoseRoute.DrinkingWater
            ? r with { DurationHours = null, MissedDoses = [] }
            : r with { DoseCount = (int)Math.Round(periodHours / r.IntervalHours!.Value), DurationHours = null, MissedDoses = [] })],
    };

    /// <summary>
    /// The state the run starts from (just after the doses at time 0, which the mechanism writes into its initial
    /// amounts), in the model's state order, and how the periodic steady state was found.
    /// </summary>
    public static (ImmutableArray<double> State, SteadyStateStartInfo Info) Find(MechanismSettings settings, RegimenRunOptions options,
        CompoundLibrary library, IReadOnlyList<string> stateIds)
    {
        double period = PeriodHours(settings.Regimens);
        var periodSettings = OnePeriod(settings, period);
        var models = options.Models ?? CompiledModelCache.Shared;
        var sim = models.Get(MechanismAssembler.Assemble(periodSettings, library)).CreateSimulator();
        // The doses at time 0 are part of the initial amounts: their size is the difference from the same period
        // without its first doses.
        var withoutFirst = periodSettings with { Regimens = [.. periodSettings.Regimens.Select(r => r.Route == DoseRoute.DrinkingWater ? r : r with { MissedDoses = [1] })] };
        var bare = models.Get(MechanismAssembler.Assemble(withoutFirst, library)).CreateSimulator();
        if (!sim.Model.StateIds.SequenceEqual(stateIds, StringComparer.Ordinal) || !bare.Model.StateIds.SequenceEqual(stateIds, StringComparer.Ordinal))
            throw new InvalidOperationException("the one-period models and the run's model have different states");
        double[] dosed = sim.GetState(), undosed = bare.GetState();
        double[] jump = [.. dosed.Select((v, i) => v - undosed[i])];

        var solverOptions = new PeriodicSteadyStateOptions { Period = period, Solver = options.Solver, Cancellation = options.Cancellation, StartJump = jump };
        var result = PeriodicSteadyState.Solve(sim, solverOptions with
        {
            AbsTolFor = AmountTolerances.For(sim, periodSettings, library, solverOptions.RelTol, solverOptions.AbsTol),
        });
        return ([.. result.State.Select((v, i) => v + jump[i])],
            new SteadyStateStartInfo(period, result.NewtonIterations, result.PeriodsSimulated, result.Residual, result.MaxFloquetMultiplier));
    }
}
