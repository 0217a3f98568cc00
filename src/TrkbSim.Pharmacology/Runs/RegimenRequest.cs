using System.Collections.Immutable;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>
/// What a user asks of a single-subject regimen run, option by option, as <c>trkbsim regimen</c> and the web
/// explorer's <c>POST /api/regimen</c> take it: one drug given by its parts (drug, dose, route, every, for, doses,
/// start) and/or full regimen texts, the subject's settings and the output grid. <see cref="Prepare"/> turns it into the
/// mechanism settings and run options, with the checks and warnings both front ends share.
/// </summary>
public sealed record RegimenRequest
{
    /// <summary>The most output rows a run may ask for (duration / step).</summary>
    public const int MaxRows = 2_000_000;

    /// <summary>The subject and the mechanism's settings (species, weight, genotype, environment, switches); its regimens are added to.</summary>
    public MechanismSettings Settings { get; init; } = new();
    /// <summary>Compound id, or "none" (or null) for no drug by parts.</summary>
    public string? Drug { get; init; }
    /// <summary>Dose with unit: 20mg, 0.5mg/kg, 100ug, 0.08mg/mL.</summary>
    public string? Dose { get; init; }
    /// <summary>Route; null: oral (and no route given, which matters with <see cref="Regimens"/> only).</summary>
    public string? Route { get; init; }
    public double? EveryHours { get; init; }
    public double? ForHours { get; init; }
    public int? Doses { get; init; }
    public double? StartHours { get; init; }
    /// <summary>Full regimen texts (<see cref="RegimenParser.Syntax"/>), given with or instead of the drug by parts.</summary>
    public ImmutableArray<string> Regimens { get; init; } = [];
    /// <summary>Total simulated time, h; null: the dosing period plus one interval, three days after a single dose, eight weeks without a drug.</summary>
    public double? SimulateHours { get; init; }
    public double StepHours { get; init; } = 1;
    /// <summary>Start from the regimens' periodic steady state (<see cref="SteadyStateStart"/>).</summary>
    public bool SteadyState { get; init; }
    /// <summary>A dose outside the compound's clinical range is an error instead of a warning.</summary>
    public bool Strict { get; init; }
    /// <summary>How messages name the options: "--" for the command line ("--dose"), "" for JSON keys ("dose").</summary>
    public string OptionPrefix { get; init; } = "--";

    /// <summary>
    /// The settings and run options of this request, and the warnings to show (doses outside the clinical range).
    /// Throws <see cref="PharmacologyInputException"/> naming the option for anything that does not fit together.
    /// </summary>
    public PreparedRegimen Prepare(CompoundLibrary library)
    {
        string O(string name) => OptionPrefix + name;
        var regimens = ImmutableArray.CreateBuilder<DoseRegimen>();
        bool drugGiven = Drug is not null && !Drug.Trim().Equals("none", StringComparison.OrdinalIgnoreCase);
        if (drugGiven)
        {
            var dose = Dose ?? throw new PharmacologyInputException($"{O("dose")}: required with {O("drug")} (e.g. {O("dose")} 20mg)");
            if (ForHours is not null && Doses is not null)
                throw new PharmacologyInputException($"{O("for")} and {O("doses")} cannot be used together");
            var parts = new RegimenParts(Drug!.Trim(), dose.Trim(), Route?.Trim() ?? "oral")
            {
                EveryHours = EveryHours,
                ForHours = ForHours,
                // One dose unless a period or a count says otherwise.
                Doses = Doses ?? (EveryHours is null && ForHours is null ? 1 : null),
                FromHours = StartHours,
            };
            regimens.Add(RegimenParser.Parse(parts, library, Settings.Species));
        }
        else
        {
            if (Dose is not null)
                throw new PharmacologyInputException($"{O("dose")}: give {O("drug")} NAME as well (or a full regimen with {O("regimen")})");
            var timing = new (string Name, bool Given)[]
            {
                ("every", EveryHours is not null), ("for", ForHours is not null), ("doses", Doses is not null),
                ("start-at", StartHours is not null), ("route", Route is not null),
            }.Where(o => o.Given).Select(o => O(o.Name)).ToList();
            if (timing.Count > 0)
                throw new PharmacologyInputException(
                    $"{string.Join(", ", timing)}: only with {O("drug")}; with {O("regimen")} write route and timing inside the regimen text (\"{RegimenParser.Syntax}\")");
            if (Regimens.IsEmpty && Settings.Regimens.IsEmpty && Drug is null && !Settings.Exercise && !Settings.Therapy)
                throw new PharmacologyInputException(
                    $"nothing to simulate: give {O("drug")} NAME {O("dose")} DOSE or {O("regimen")} \"...\" (or {O("drug")} none for an untreated run)");
        }
        foreach (var text in Regimens) regimens.Add(RegimenParser.Parse(text, library, Settings.Species));

        double weightKg = Settings.BodyWeightKg ?? library.Species[Settings.Species].BodyWeight.Value;
        var warnings = ImmutableArray.CreateBuilder<string>();
        foreach (var warning in regimens.SelectMany(r => DosePlausibility.Check(r, library, Settings.Species, weightKg)))
        {
            if (Strict) throw new PharmacologyInputException($"{warning} ({O("strict")})");
            warnings.Add(warning);
        }
        if (Settings.CholesterolMolPct is < 0 or > 100)
            throw new PharmacologyInputException($"{O("cholesterol")}: {Settings.CholesterolMolPct}% is out of range; allowed: 0% to 100%");
        if (Settings.CholesterolDepletion is < 0 or > 1)
            throw new PharmacologyInputException($"{O("cholesterol-depletion")}: {Settings.CholesterolDepletion * 100}% is out of range; allowed: 0% to 100%");
        if (!(StepHours > 0)) throw new PharmacologyInputException($"{O("step")}: must be > 0");

        var settings = Settings with { Regimens = [.. Settings.Regimens, .. regimens] };
        double duration = SimulateHours ?? DefaultDuration(settings.Regimens);
        if (duration / StepHours > MaxRows)
            throw new PharmacologyInputException($"{O("step")}: {StepHours:G6} h over {duration:G6} h gives more than {MaxRows:N0} output rows; use a larger step");
        if (SteadyState) Runs.SteadyStateStart.PeriodHours(settings.Regimens, O("steady-state"));
        var options = new RegimenRunOptions { DurationHours = duration, OutputStepHours = StepHours, Library = library, SteadyStateStart = SteadyState };
        return new PreparedRegimen(settings, options, warnings.ToImmutable());
    }

    /// <summary>The dosing period plus one interval; a single dose is followed for three days; no drug: eight weeks.</summary>
    public static double DefaultDuration(IReadOnlyList<DoseRegimen> regimens)
    {
        if (regimens.Count == 0) return 8 * 168;
        double end = 0;
        foreach (var r in regimens)
        {
            if (r.Route == DoseRoute.DrinkingWater)
            {
                end = Math.Max(end, r.DrinkingEndHours ?? r.StartHours + 8 * 168);
                continue;
            }
            double last = r.DoseTimes().LastOrDefault(r.StartHours);
            end = Math.Max(end, last + (r.IntervalHours ?? 72));
        }
        return end;
    }
}

/// <summary>A <see cref="RegimenRequest"/> made ready to run: settings, run options and the warnings to show.</summary>
public sealed record PreparedRegimen(MechanismSettings Settings, RegimenRunOptions Options, ImmutableArray<string> Warnings);
