using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TrkbSim.Analysis.Sensitivity;
using TrkbSim.Analysis.Statistics;
using TrkbSim.Numerics.Ode;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;
using TrkbSim.Simulation;

namespace TrkbSim.Pharmacology.Experiments;

/// <summary>What a user changes about an experiment run: species, drug, genotype, parameters, seed, animals.</summary>
public sealed record ExperimentOptions
{
    /// <summary>Null: the protocol's first species.</summary>
    public Organism? Species { get; init; }
    /// <summary>
    /// The drug of the drug groups without its timing (compound, dose, route and at most an interval, e.g. from
    /// <c>RegimenParser.Split("fluoxetine 0.08mg/mL drinking-water")</c>); null: the protocol's.
    /// </summary>
    public RegimenParts? Drug { get; init; }
    /// <summary>Applied to every group; null: each group's own.</summary>
    public Genotype? Genotype { get; init; }
    public ImmutableDictionary<string, double> Set { get; init; } = ImmutableDictionary<string, double>.Empty;
    public int Seed { get; init; } = 1;
    /// <summary>Animals per group; null: the protocol's.</summary>
    public int? Animals { get; init; }
    public CompoundLibrary? Library { get; init; }
}

/// <summary>
/// Runs an experiment protocol as a lab would: every group, each with its animals (parameters varied per animal,
/// readouts with measurement noise), through the assembled mechanism plus the experiment's circuit module, with the
/// protocol's manipulations applied as events at phase boundaries. Animal i of group g draws from its own random
/// stream (seed, g, i), so results do not depend on thread count.
/// </summary>
public static partial class ExperimentRunner
{
    public const int MaxAnimals = 1000;
    const double Edge = 1e-6; // readouts at a phase's start or end are taken just inside it

    public static ExperimentResult Run(ExperimentProtocol protocol, ExperimentOptions options)
    {
        var library = options.Library ?? CompoundLibrary.LoadDefault();
        var species = options.Species ?? protocol.Species[0];
        if (!protocol.Species.Contains(species))
            throw new PharmacologyInputException(
                $"experiment '{protocol.Name}' is defined for {string.Join(", ", protocol.Species.Select(s => s.Name()))}; --species {species.Name()} is not allowed");
        if (options.Genotype is { } g && g != Genotype.WildType && species != Organism.Mouse)
            throw new PharmacologyInputException($"--genotype {g.Name()}: the TRKB.Y433F line exists only in mice");
        int animals = options.Animals ?? protocol.Animals;
        if (animals is < 2 or > MaxAnimals)
            throw new PharmacologyInputException($"--animals {animals} is out of range; allowed: 2 to {MaxAnimals}");
        var drug = options.Drug ?? RegimenParser.Split(protocol.Drug.Text);
        CheckDrug(drug, "the drug");
        string module = protocol.Model is null ? "" : ExperimentRegistry.ModelText(protocol.Model);

        var groups = new GroupResult[protocol.Groups.Length];
        for (int gi = 0; gi < groups.Length; gi++)
            groups[gi] = RunGroup(protocol, protocol.Groups[gi], gi, species, drug, module, animals, options, library);

        var comparisons = protocol.Comparisons.Select(c =>
        {
            var a = groups.Single(x => x.Name == c.GroupA).Values[c.Readout];
            var b = groups.Single(x => x.Name == c.GroupB).Values[c.Readout];
            return new ComparisonResult(c.Readout, c.GroupA, c.GroupB, WelchTest.Compare(a, b));
        }).ToImmutableArray();
        var expectations = protocol.Expectations.Select(e => Check(e, groups)).ToImmutableArray();
        return new ExperimentResult
        {
            Protocol = protocol, Species = species, Drug = drug.Label, Genotype = options.Genotype, Seed = options.Seed, Animals = animals,
            Groups = [.. groups], Comparisons = comparisons, Expectations = expectations,
        };
    }

    static ExpectationResult Check(ExperimentExpectation e, IReadOnlyList<GroupResult> groups)
    {
        var g = groups.Single(x => x.Name == e.Group);
        double mean = g.Stats[e.Readout].Mean;
        double reference = e.Than is { } than ? groups.Single(x => x.Name == than).Stats[e.Readout].Mean : e.ThanValue!.Value;
        double bound = e.Factor * reference;
        bool holds = e.Greater ? mean > bound : mean < bound;
        double? p = null;
        if (e.Than is { } other)
        {
            p = WelchTest.Compare(g.Values[e.Readout], groups.Single(x => x.Name == other).Values[e.Readout]).P;
            if (e.Significant) holds &= p < 0.05;
        }
        string relation = e.Greater ? ">" : "<";
        string against = e.Than is null ? F(bound) : e.Factor == 1 ? $"{e.Than} {F(reference)}" : $"{F(e.Factor)} x {e.Than} {F(reference)} = {F(bound)}";
        string detail = $"{e.Readout}: {e.Group} {F(mean)} {relation} {against}" + (p is { } pv ? $" (p {(pv < 0.001 ? "" : "= ")}{FormatP(pv)})" : "");
        return new ExpectationResult(e.Claim, e.Source, holds, detail);
    }

    static GroupResult RunGroup(ExperimentProtocol protocol, ExperimentGroup group, int groupIndex, Organism species, RegimenParts drug,
        string module, int animals, ExperimentOptions options, CompoundLibrary library)
    {
        // Phase times for this group (skipped phases last 0 h).
        var starts = new double[protocol.Phases.Length];
        var ends = new double[protocol.Phases.Length];
        double t = 0;
        for (int i = 0; i < starts.Length; i++)
        {
            starts[i] = t;
            t += group.Skip.Contains(protocol.Phases[i].Name) ? 0 : protocol.Phases[i].DurationHours;
            ends[i] = t;
        }
        double total = t;
        int P(string name) => protocol.PhaseIndex(name);

        var regimens = new List<DoseRegimen>();
        if (group.Drug is { } gd)
        {
            var regimen = gd.Regimen is null ? drug : RegimenParser.Split(gd.Regimen);
            if (gd.Regimen is not null) CheckDrug(regimen, $"group '{group.Name}' regimen");
            RegimenParts timed;
            if (gd.OnceBefore is { } phase)
            {
                double at = starts[P(phase)] - gd.BeforeHours;
                if (at < 0)
                    throw new PharmacologyInputException(
                        $"experiment '{protocol.Name}', group '{group.Name}': the dose {Hours(gd.BeforeHours)} before phase '{phase}' would come before the start (phase starts at {Hours(starts[P(phase)])})");
                timed = regimen with { Doses = 1, FromHours = at, Text = null };
            }
            else
            {
                double from = starts[P(gd.During[0])], to = ends[P(gd.During[^1])];
                if (to <= from) throw new PharmacologyInputException($"experiment '{protocol.Name}', group '{group.Name}': the drug phases last 0 h");
                if (regimen.EveryHours is null && RegimenParser.RouteOf(regimen) != DoseRoute.DrinkingWater)
                    throw new PharmacologyInputException(
                        $"experiment '{protocol.Name}', group '{group.Name}': drug '{regimen.Label}' is given over phases, so it needs an interval ('every 24h') or drinking-water");
                timed = regimen with { ForHours = to - from, FromHours = from, Text = null };
            }
            regimens.Add(RegimenParser.Parse(timed, library, species));
        }

        // Manipulations: per parameter, the value over time as change points; the first segment is the initial value.
        var overrides = protocol.Set.SetItems(group.Set).SetItems(options.Set);
        var events = new StringBuilder();
        var initial = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var param in group.During.Values.SelectMany(d => d.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            double baseValue = overrides.TryGetValue(param, out var b) ? b : LiteralDefault(param, module, protocol.Name);
            var points = new SortedDictionary<double, double>();
            foreach (var (phase, byParam) in group.During.OrderBy(d => protocol.PhaseIndex(d.Key)))
            {
                if (!byParam.TryGetValue(param, out double v)) continue;
                int i = P(phase);
                if (ends[i] <= starts[i]) continue;
                points[starts[i]] = v;
                if (!points.ContainsKey(ends[i])) points[ends[i]] = baseValue;
            }
            // A later phase's start overrides the previous phase's end at the same time (set above in protocol order).
            double current = baseValue;
            foreach (var (time, value) in points)
            {
                if (time == 0) { initial[param] = value; current = value; continue; }
                if (value == current) continue;
                events.Append(CultureInfo.InvariantCulture, $"exp_{param}_{(long)Math.Round(time * 1000)}: at (time >= {Num(time)}): {param} = {Num(value)};\n");
                current = value;
            }
        }

        var settings = new MechanismSettings
        {
            Species = species,
            Genotype = options.Genotype ?? group.Genotype,
            Regimens = [.. regimens],
            Modules = module.Length == 0 && events.Length == 0 ? [] : [module + "\n// ===== Manipulations of group " + group.Name + " =====\n" + events],
            ParameterOverrides = overrides.SetItems(initial),
        };
        var compiled = RegimenRunner.Compile(MechanismAssembler.Assemble(settings, library));

        // Output grid: phase boundaries (just inside), 400 steps over the run, 24 points in short phases.
        var times = new SortedSet<double> { 0, total };
        for (int i = 0; i < starts.Length; i++)
        {
            if (ends[i] <= starts[i]) continue;
            times.Add(Math.Min(ends[i], starts[i] + Edge));
            times.Add(Math.Max(starts[i], ends[i] - Edge));
            for (int k = 0; k <= 24; k++) times.Add(starts[i] + (ends[i] - starts[i]) * k / 24);
        }
        for (int k = 0; k <= 400; k++) times.Add(total * k / 400);
        double[] grid = [.. times];

        var variables = protocol.Readouts.Where(r => r.Variable is not null).Select(r => r.Variable!)
            .Concat(protocol.TimeCourse).Distinct().ToArray();
        var probe = compiled.CreateSimulator();
        foreach (var v in variables)
        {
            try { compiled.ValidateVariable(v); }
            catch (Modeling.ModelException e)
            {
                throw new PharmacologyInputException($"experiment '{protocol.Name}': readout variable '{v}' is not in the model ({e.Message})");
            }
        }
        // In name order: each parameter's draw comes from the same position of the animal's stream in every process.
        var varied = protocol.Variability.Where(p => !overrides.ContainsKey(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
        {
            try { return (p.Key, Nominal: probe.Get(p.Key), Omega: Math.Sqrt(Math.Log(1 + p.Value * p.Value))); }
            catch (Modeling.ModelException e) { throw new PharmacologyInputException($"experiment '{protocol.Name}': variability.{p.Key}: {e.Message}"); }
        }).ToArray();

        var values = protocol.Readouts.ToDictionary(r => r.Name, _ => new double[animals]);
        var courses = new double[animals][][];
        var local = new ThreadLocal<Simulator>(compiled.CreateSimulator);
        Exception? failure = null;
        Parallel.For(0, animals, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, a =>
        {
            try
            {
                var sim = local.Value!;
                sim.Reset();
                var random = RandomStreams.For(options.Seed, groupIndex * 100_003 + a, purpose: 11);
                foreach (var (id, nominal, omega) in varied) sim.Set(id, nominal * Math.Exp(omega * Normal(random)));
                var r = sim.Run(new SimulationSettings
                {
                    Start = 0, End = total, Times = grid, Variables = variables,
                    AbsTolFor = AmountTolerances.For(sim, settings, library, 1e-7, 1e-9), RelTol = 1e-7, AbsTol = 1e-9,
                });
                double[] Column(string v) => r.Values[r.IndexOf(v)];
                foreach (var ro in protocol.Readouts)
                {
                    double x;
                    if (ro.Difference.Length == 2) x = values[ro.Difference[0]][a] - values[ro.Difference[1]][a];
                    else
                    {
                        int i = P(ro.Phase!);
                        var y = Column(ro.Variable!);
                        x = ro.When switch
                        {
                            ReadoutTime.Start => TimeSeries.Interpolate(grid, y, Math.Min(ends[i], starts[i] + Edge)),
                            ReadoutTime.End => TimeSeries.Interpolate(grid, y, Math.Max(starts[i], ends[i] - Edge)),
                            _ => MeanOver(grid, y, starts[i], ends[i]),
                        } * ro.Scale;
                        x = Math.Clamp(x + ro.NoiseSd * Normal(random), ro.Min, ro.Max);
                    }
                    values[ro.Name][a] = x;
                }
                courses[a] = [.. protocol.TimeCourse.Select(Column)];
            }
            catch (OdeSolverException e) { failure ??= e; }
        });
        local.Dispose();
        if (failure is not null)
            throw new PharmacologyInputException($"experiment '{protocol.Name}', group '{group.Name}': the simulation failed: {failure.Message}");

        var mean = protocol.TimeCourse.Select((_, k) => Enumerable.Range(0, grid.Length).Select(ti => courses.Average(c => c[k][ti])).ToArray()).ToImmutableArray();
        return new GroupResult
        {
            Group = group, Name = group.Name, Settings = settings,
            PhaseStarts = [.. starts], PhaseEnds = [.. ends],
            Values = values.ToImmutableDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value),
            Stats = values.ToImmutableDictionary(p => p.Key, p => GroupSummary.Of(p.Value)),
            Times = [.. grid], TimeCourse = mean,
        };
    }

    static double MeanOver(double[] t, double[] y, double from, double to)
    {
        if (to <= from) return TimeSeries.Interpolate(t, y, from);
        double sum = 0;
        const int n = 48;
        for (int k = 0; k < n; k++) sum += TimeSeries.Interpolate(t, y, from + (to - from) * (k + 0.5) / n);
        return sum / n;
    }

    /// <summary>A standard normal draw (Box-Muller) from a stream.</summary>
    static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    /// <summary>The drug of an experiment comes without timing: the protocol's phases set when and how long it is given.</summary>
    static void CheckDrug(RegimenParts drug, string what)
    {
        string? word = drug.ForHours is not null ? "for" : drug.Doses is not null ? "doses" : drug.FromHours is not null ? "from"
            : drug.Skip.Length > 0 ? "skip" : null;
        if (word is not null)
            throw new PharmacologyInputException(
                $"{what} '{drug.Label}': give the drug without '{word}'; the experiment's phases set when and how long it is given");
    }

    /// <summary>The literal value a parameter is declared with (<c>name = number;</c>) in the module or the core.</summary>
    static double LiteralDefault(string param, string module, string experiment)
    {
        foreach (var text in new[] { module, MechanismAssembler.LoadCoreText() })
        {
            var m = Regex.Match(text, $@"(?m)^\s*{Regex.Escape(param)}\s*=\s*(?<v>[-+0-9.eE]+)\s*;");
            if (m.Success) return double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture);
        }
        throw new PharmacologyInputException($"experiment '{experiment}': manipulated parameter '{param}' is not declared with a number in the experiment's model or the core");
    }

    static string Hours(double h) => Num(h) + "h";

    static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    internal static string F(double v) => Scenarios.ScenarioMarkdown.F(v);

    internal static string FormatP(double p) => p < 0.001 ? "< 0.001" : p.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>One group's animals: readout values per animal, their summary, and the mean time course.</summary>
public sealed record GroupResult
{
    public required ExperimentGroup Group { get; init; }
    public required string Name { get; init; }
    public required MechanismSettings Settings { get; init; }
    public required ImmutableArray<double> PhaseStarts { get; init; }
    public required ImmutableArray<double> PhaseEnds { get; init; }
    public required ImmutableDictionary<string, IReadOnlyList<double>> Values { get; init; }
    public required ImmutableDictionary<string, GroupSummary> Stats { get; init; }
    public required ImmutableArray<double> Times { get; init; }
    /// <summary>Mean over animals of each <see cref="ExperimentProtocol.TimeCourse"/> variable, on <see cref="Times"/>.</summary>
    public required ImmutableArray<double[]> TimeCourse { get; init; }
}

public sealed record ComparisonResult(string Readout, string GroupA, string GroupB, TestResult Test);

public sealed record ExpectationResult(string Claim, string Source, bool Holds, string Detail);

/// <summary>Everything an experiment run produced.</summary>
public sealed record ExperimentResult
{
    public required ExperimentProtocol Protocol { get; init; }
    public required Organism Species { get; init; }
    public required string Drug { get; init; }
    public Genotype? Genotype { get; init; }
    public required int Seed { get; init; }
    public required int Animals { get; init; }
    public required ImmutableArray<GroupResult> Groups { get; init; }
    public required ImmutableArray<ComparisonResult> Comparisons { get; init; }
    public required ImmutableArray<ExpectationResult> Expectations { get; init; }
}
