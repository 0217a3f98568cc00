using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using TrkbSim.Cli.Output;
using TrkbSim.Modeling.Files;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Modeling.Sbml;
using TrkbSim.Pharmacology;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim regimen</c>: one subject, one or more drugs, every layer's time course, plots and a summary.</summary>
public static class RegimenCommand
{
    public static Command Create()
    {
        var species = new Option<string>("--species") { Description = "human|mouse", DefaultValueFactory = _ => "human" };
        var drug = new Option<string?>("--drug") { Description = "Compound id (see 'compounds list') or 'none'" };
        var dose = new Option<string?>("--dose") { Description = "Dose with unit: 20mg, 0.5mg/kg, 100ug, 0.08mg/mL (drinking water)" };
        var route = new Option<string>("--route") { Description = "oral|iv|infusion:40min|intranasal|ip|drinking-water", DefaultValueFactory = _ => "oral" };
        var every = new Option<string?>("--every") { Description = "Dosing interval: 24h, 8h, 3.5d" };
        var forDuration = new Option<string?>("--for") { Description = "Dosing period: 8w, 35d" };
        var doses = new Option<int?>("--doses") { Description = "Number of doses (instead of --for)" };
        var startAt = new Option<string?>("--start-at") { Description = "Time of the first dose: 0h, 14d" };
        var regimen = new Option<string[]>("--regimen")
        {
            Description = $"A full regimen, repeatable for combinations: \"{RegimenParser.Syntax}\"", AllowMultipleArgumentsPerToken = false,
        };
        var simulate = new Option<string?>("--simulate") { Description = "Total simulated time (default: the dosing period plus one interval; 3 days after a single dose; 8 weeks without a drug)" };
        var step = new Option<string>("--step") { Description = "Output step", DefaultValueFactory = _ => "1h" };
        var weight = new Option<string?>("--weight") { Description = "Body weight: 70kg, 25g" };
        var genotype = new Option<string>("--genotype") { Description = "wt|y433f-het|y433f-hom", DefaultValueFactory = _ => "wt" };
        var cholesterol = new Option<string?>("--cholesterol") { Description = "Membrane cholesterol, mol%: 20%" };
        var depletion = new Option<string?>("--cholesterol-depletion") { Description = "Share of membrane cholesterol removed (statin, cyclodextrin): 50%" };
        var environment = new Option<string>("--environment") { Description = "supportive|usual|none|stressful", DefaultValueFactory = _ => "usual" };
        var exposure = new Option<string>("--exposure")
        {
            Description = "Concentration that drives TRKB binding: membrane (drug in the membrane lipid phase) or free (unbound brain drug)",
            DefaultValueFactory = _ => "membrane",
        };
        var cyp2d6 = new Option<string>("--cyp2d6") { Description = "CYP2D6 phenotype: poor|intermediate|normal|ultrarapid", DefaultValueFactory = _ => "normal" };
        var cyp2c19 = new Option<string>("--cyp2c19") { Description = "CYP2C19 phenotype: poor|intermediate|normal|ultrarapid", DefaultValueFactory = _ => "normal" };
        var bdnf = new Option<string>("--bdnf") { Description = "normal|knockout", DefaultValueFactory = _ => "normal" };
        var exercise = new Option<bool>("--exercise") { Description = "Exercise raises BDNF synthesis" };
        var therapy = new Option<bool>("--therapy") { Description = "Structured psychotherapy alongside: raises what experience teaches the network while the plasticity window is open" };
        var serotonin = new Option<string>("--serotonin-pathway") { Description = "on|off", DefaultValueFactory = _ => "on" };
        var ketamineBdnf = new Option<bool>("--ketamine-bdnf-synthesis") { Description = "Switch on the alternative fast NMDA-block BDNF synthesis hypothesis" };
        var set = new Option<string[]>("--set") { Description = "Override a model parameter: PARAM=VALUE (repeatable)", AllowMultipleArgumentsPerToken = true };
        var compounds = new Option<string?>("--compounds") { Description = "Extra compound file (JSON) adding or overriding compounds" };
        var outFile = new Option<string?>("--out") { Description = "Time courses, CSV (default: standard output)" };
        var plot = new Option<string?>("--plot") { Description = "Figure of exposure, occupancy, signalling and mood: FILE.png or FILE.svg" };
        var summary = new Option<string?>("--summary") { Description = "Summary JSON: onset, time to 50 % TRKB engagement, peaks, troughs, steady state" };
        var strict = new Option<bool>("--strict") { Description = "Make a dose outside the compound's clinical range an error instead of a warning" };
        var uncertainty = new Option<int?>("--uncertainty")
        {
            Description = $"Also run N subjects drawn from the library's uncertainty ranges and add 5/50/95 % bands (columns NAME_p5, NAME_p50, NAME_p95; 2 to {UncertaintyRunner.MaxSamples})",
        };
        var seed = new Option<int>("--seed") { Description = "Random seed for --uncertainty", DefaultValueFactory = _ => 1 };
        var export = new Option<string?>("--export-model") { Description = "Write the assembled flat model: FILE.ant (Antimony) or FILE.xml (SBML)" };

        var force = OutputOptions.Force();
        var cmd = new Command("regimen", "Simulate one subject on a dosing regimen through every layer of the TRKB mechanism")
        {
            species, drug, dose, route, every, forDuration, doses, startAt, regimen, simulate, step, weight, genotype, cholesterol,
            depletion, environment, exposure, cyp2d6, cyp2c19, bdnf, exercise, therapy, serotonin, ketamineBdnf, set, compounds, strict, uncertainty, seed, outFile, plot, summary, export, force,
        };
        cmd.SetAction(pr =>
        {
            if (!OrganismNames.TryParse(pr.GetValue(species)!, out var organism))
                throw new UsageException($"--species: unknown species '{pr.GetValue(species)}'; allowed: human, mouse");
            var library = CompoundsCommand.Load(pr.GetValue(compounds));

            var texts = new List<string>(pr.GetValue(regimen) ?? []);
            var drugName = pr.GetValue(drug);
            if (drugName is not null && !drugName.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                var doseText = pr.GetValue(dose) ?? throw new UsageException("--dose: required with --drug (e.g. --dose 20mg)");
                var parts = new List<string> { drugName, doseText, pr.GetValue(route)! };
                if (pr.GetValue(every) is { } e) parts.Add($"every {e}");
                if (pr.GetValue(forDuration) is { } f && pr.GetValue(doses) is not null)
                    throw new UsageException("--for and --doses cannot be used together");
                if (pr.GetValue(forDuration) is { } f2) parts.Add($"for {f2}");
                if (pr.GetValue(doses) is { } n) parts.Add($"doses {n.ToString(CultureInfo.InvariantCulture)}");
                if (pr.GetValue(every) is null && pr.GetValue(forDuration) is null && pr.GetValue(doses) is null) parts.Add("doses 1");
                if (pr.GetValue(startAt) is { } s) parts.Add($"from {s}");
                texts.Insert(0, string.Join(' ', parts));
            }
            else
            {
                if (pr.GetValue(dose) is not null)
                    throw new UsageException("--dose: give --drug NAME as well (or use --regimen)");
                var timing = new (string Name, bool Given)[]
                {
                    ("--every", pr.GetValue(every) is not null), ("--for", pr.GetValue(forDuration) is not null), ("--doses", pr.GetValue(doses) is not null),
                    ("--start-at", pr.GetValue(startAt) is not null), ("--route", pr.GetResult(route) is { Implicit: false }),
                }.Where(o => o.Given).Select(o => o.Name).ToList();
                if (timing.Count > 0)
                    throw new UsageException($"{string.Join(", ", timing)}: only with --drug; with --regimen write route and timing inside the regimen text (\"{RegimenParser.Syntax}\")");
                if (texts.Count == 0 && drugName is null && !pr.GetValue(exercise) && !pr.GetValue(therapy))
                    throw new UsageException("nothing to simulate: give --drug NAME --dose DOSE or --regimen \"...\" (or --drug none for an untreated run)");
            }
            var regimens = texts.Select(t => RegimenParser.Parse(t, library, organism)).ToImmutableArray();
            double weightKg = pr.GetValue(weight) is { } wt ? ParseWeight(wt) : library.Species[organism].BodyWeight.Value;
            foreach (var warning in regimens.SelectMany(r => DosePlausibility.Check(r, library, organism, weightKg)))
            {
                if (pr.GetValue(strict)) throw new UsageException($"{warning} (--strict)");
                Console.Error.WriteLine($"trkbsim: warning: {warning}");
            }

            var settings = new MechanismSettings
            {
                Species = organism,
                Regimens = regimens,
                BodyWeightKg = pr.GetValue(weight) is { } w ? ParseWeight(w) : null,
                Genotype = SettingNames.ParseGenotype(pr.GetValue(genotype)!, "--genotype"),
                CholesterolMolPct = pr.GetValue(cholesterol) is { } c ? ParsePercent("--cholesterol", c, 0, 100) : null,
                CholesterolDepletion = pr.GetValue(depletion) is { } d ? ParsePercent("--cholesterol-depletion", d, 0, 100) / 100 : 0,
                Environment = SettingNames.ParseEnvironment(pr.GetValue(environment)!, "--environment"),
                Exposure = ExposureHypothesisNames.Parse(pr.GetValue(exposure)!, "--exposure"),
                Cyp2d6 = SettingNames.ParsePhenotype(pr.GetValue(cyp2d6)!, "--cyp2d6"),
                Cyp2c19 = SettingNames.ParsePhenotype(pr.GetValue(cyp2c19)!, "--cyp2c19"),
                BdnfKnockout = pr.GetValue(bdnf)!.ToLowerInvariant() switch
                {
                    "normal" => false,
                    "knockout" => true,
                    var v => throw new UsageException($"--bdnf: unknown value '{v}'; allowed: normal, knockout"),
                },
                Exercise = pr.GetValue(exercise),
                Therapy = pr.GetValue(therapy),
                SerotoninPathway = pr.GetValue(serotonin)!.ToLowerInvariant() switch
                {
                    "on" => true,
                    "off" => false,
                    var v => throw new UsageException($"--serotonin-pathway: unknown value '{v}'; allowed: on, off"),
                },
                KetamineBdnfSynthesis = pr.GetValue(ketamineBdnf) ? true : null,
                ParameterOverrides = OptionParsing.ParseAssignments("--set", pr.GetValue(set))
                    .ToImmutableDictionary(a => a.Id, a => a.Value),
            };

            double stepHours = Hours("--step", pr.GetValue(step)!, positive: true);
            double duration = pr.GetValue(simulate) is { } sim ? Hours("--simulate", sim, positive: true) : DefaultDuration(regimens);
            if (duration / stepHours > 2_000_000)
                throw new UsageException($"--step: {pr.GetValue(step)} over {duration} h gives more than 2,000,000 output rows; use a larger step");

            var request = UncertaintyOption(pr.GetValue(uncertainty), pr.GetResult(seed) is { Implicit: false }, pr.GetValue(seed));

            var output = pr.GetValue(outFile);
            OptionParsing.CheckExtension("--out", output, ".csv");
            OptionParsing.CheckExtension("--summary", pr.GetValue(summary), ".json");
            if (pr.GetValue(plot) is { } plotPath && !plotPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && !plotPath.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--plot: '{plotPath}' must end in .png or .svg");
            var exportPath = pr.GetValue(export);
            if (exportPath is not null && Path.GetExtension(exportPath).ToLowerInvariant() is not (".ant" or ".xml"))
                throw new UsageException($"--export-model: '{exportPath}' must end in .ant or .xml");

            // Every output path is checked (and staged) before the run; all are moved into place together at the end.
            using var outputs = new OutputSet(pr.GetValue(force));
            string? csvPath = output is null ? null : outputs.File("--out", output);
            string? summaryPath = pr.GetValue(summary) is { } sp ? outputs.File("--summary", sp) : null;
            string? figurePath = pr.GetValue(plot) is { } pp ? outputs.File("--plot", pp) : null;
            string? modelPath = exportPath is null ? null : outputs.File("--export-model", exportPath);

            var runOptions = new RegimenRunOptions { DurationHours = duration, OutputStepHours = stepHours, Library = library };
            var result = request is not null
                ? UncertaintyRunner.Run(settings, runOptions, request.Samples, request.Seed)
                : RegimenRunner.Run(settings, runOptions);
            if (csvPath is null)
            {
                RegimenCsvWriter.Write(result, Console.Out);
                Console.Out.Flush();
            }
            else OutputOptions.WriteText(csvPath, w => RegimenCsvWriter.Write(result, w));
            if (summaryPath is not null)
                File.WriteAllText(summaryPath, RegimenSummarizer.Summarize(result).ToJson());
            if (figurePath is not null)
                RegimenPlotter.WriteFigure(result, figurePath);
            if (modelPath is not null)
            {
                var text = MechanismAssembler.Assemble(settings, library);
                File.WriteAllText(modelPath, exportPath!.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
                    ? SbmlWriter.Write(AntimonyReader.Parse(text, Path.GetFileName(exportPath)))
                    : text);
            }
            outputs.Commit();
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>The --uncertainty N / --seed S pair of regimen and scenario: null without N; N out of range or a seed without N is a usage error.</summary>
    internal static UncertaintyRequest? UncertaintyOption(int? samples, bool seedGiven, int seed)
    {
        if (samples is null)
            return seedGiven ? throw new UsageException("--seed: only used with --uncertainty N") : null;
        if (samples is < 2 or > UncertaintyRunner.MaxSamples)
            throw new UsageException($"--uncertainty: {samples} is not allowed; allowed: 2 to {UncertaintyRunner.MaxSamples} samples");
        return new UncertaintyRequest(samples.Value, seed);
    }

    private static double DefaultDuration(IReadOnlyList<DoseRegimen> regimens)
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
            // The dosing period plus one interval; a single dose is followed for three days.
            double last = r.DoseTimes().LastOrDefault(r.StartHours);
            end = Math.Max(end, last + (r.IntervalHours ?? 72));
        }
        return end;
    }

    private static double Hours(string option, string text, bool positive)
    {
        try
        {
            return RegimenParser.ParseTime(text.Trim(), option, m => new PharmacologyInputException(m), positive);
        }
        catch (PharmacologyInputException e) { throw new UsageException(e.Message); }
    }

    private static double ParseWeight(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        double factor = t.EndsWith("kg") ? 1 : t.EndsWith('g') ? 1e-3 : double.NaN;
        if (double.IsNaN(factor)) throw new UsageException($"--weight: '{text}' needs a unit; allowed: kg, g (e.g. 70kg, 25g)");
        var number = t.EndsWith("kg") ? t[..^2] : t[..^1];
        double v = OptionParsing.ParseDouble("--weight", number) * factor;
        if (!(v > 0) || v > 500) throw new UsageException($"--weight: {text} is out of range; allowed: > 0 and <= 500 kg");
        return v;
    }

    /// <summary>A percentage written with its sign (20%, 20mol%); a bare number below 1 reads like a fraction and is refused.</summary>
    private static double ParsePercent(string option, string text, double min, double max)
    {
        var t = text.Trim();
        bool marked = t.EndsWith("mol%", StringComparison.OrdinalIgnoreCase) || t.EndsWith('%');
        t = t.EndsWith("mol%", StringComparison.OrdinalIgnoreCase) ? t[..^4] : t.TrimEnd('%');
        double v = OptionParsing.ParseDouble(option, t);
        if (!marked && v > 0 && v < 1)
            throw new UsageException($"{option} {text}: a bare number below 1 looks like a fraction; the value is a percentage: write {v * 100:0.##}% if that is meant");
        OptionParsing.RequireRange(option, v, min, max);
        return v;
    }
}
