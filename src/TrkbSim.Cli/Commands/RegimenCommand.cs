using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using TrkbSim.Cli.Options;
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
        var species = TypedOptions.Choice("--species", OrganismNames.Table, "Species", Organism.Human);
        var drug = new Option<string?>("--drug") { Description = "Compound id (see 'compounds list') or 'none'" };
        var dose = new Option<string?>("--dose") { Description = "Dose with unit: 20mg, 0.5mg/kg, 100ug, 0.08mg/mL (drinking water)" };
        var route = new Option<string?>("--route") { Description = "oral|iv|infusion:40min|intranasal|ip|drinking-water [default: oral]" };
        var every = TypedOptions.Hours("--every", "Dosing interval: 24h, 8h, 3.5d");
        var forDuration = TypedOptions.Hours("--for", "Dosing period: 8w, 35d");
        var doses = TypedOptions.Count("--doses", "Number of doses (instead of --for)", 1, RegimenParser.MaxDoses);
        var startAt = TypedOptions.Hours("--start-at", "Time of the first dose: 0h, 14d", positive: false);
        var regimen = new Option<string[]>("--regimen")
        {
            Description = $"A full regimen, repeatable for combinations: \"{RegimenParser.Syntax}\"", AllowMultipleArgumentsPerToken = false,
        };
        var simulate = TypedOptions.Hours("--simulate", "Total simulated time (default: the dosing period plus one interval; 3 days after a single dose; 8 weeks without a drug)");
        var step = TypedOptions.Hours("--step", "Output step [default: 1h]");
        var weight = TypedOptions.WeightKg("--weight", "Body weight: 70kg, 25g (default: the species' reference weight)");
        var genotype = TypedOptions.Choice("--genotype", SettingNames.GenotypeTable, "TRKB Y433F genotype", Genotype.WildType);
        var cholesterol = TypedOptions.Percent("--cholesterol", "Membrane cholesterol, mol%: 20%");
        var depletion = TypedOptions.Percent("--cholesterol-depletion", "Share of membrane cholesterol removed (statin, cyclodextrin): 50%");
        var environment = TypedOptions.Choice("--environment", SettingNames.EnvironmentTable, "Living environment", LivingEnvironment.Usual);
        var exposure = TypedOptions.Choice("--exposure", ExposureHypothesisNames.Table,
            "Concentration that drives TRKB binding: membrane (drug in the membrane lipid phase) or free (unbound brain drug)", ExposureHypothesis.Membrane);
        exposure.CustomParser = r => r.Tokens[0].Value.Trim().Equals("tissue", StringComparison.OrdinalIgnoreCase)
            ? TypedOptions.Read<ExposureHypothesis?>(r, () => ExposureHypothesisNames.Parse("tissue", "--exposure"))
            : TypedOptions.Read<ExposureHypothesis?>(r, () => OptionText.Choice("--exposure", ExposureHypothesisNames.Table, r.Tokens[0].Value));
        var cyp2d6 = TypedOptions.Choice("--cyp2d6", CypNames.PhenotypeTable, "CYP2D6 phenotype", MetaboliserPhenotype.Normal);
        var cyp2c19 = TypedOptions.Choice("--cyp2c19", CypNames.PhenotypeTable, "CYP2C19 phenotype", MetaboliserPhenotype.Normal);
        var bdnf = TypedOptions.Choice("--bdnf", SettingNames.BdnfKnockoutTable, "BDNF expression", false);
        var exercise = new Option<bool>("--exercise") { Description = "Exercise raises BDNF synthesis" };
        var therapy = new Option<bool>("--therapy") { Description = "Structured psychotherapy alongside: raises what experience teaches the network while the plasticity window is open" };
        var serotonin = TypedOptions.Choice("--serotonin-pathway", SettingNames.SwitchTable, "The monoamine (SERT/NET) component of the mood response", true);
        var ketamineBdnf = new Option<bool>("--ketamine-bdnf-synthesis") { Description = "Switch on the alternative fast NMDA-block BDNF synthesis hypothesis" };
        var set = new Option<string[]>("--set") { Description = "Override a model parameter: PARAM=VALUE (repeatable)", AllowMultipleArgumentsPerToken = true };
        var compounds = new Option<string?>("--compounds") { Description = "Extra compound file (JSON) adding or overriding compounds" };
        var outFile = new Option<string?>("--out") { Description = "Time courses, CSV (default: standard output)" };
        var plot = new Option<string?>("--plot") { Description = "Figure of exposure, occupancy, signalling and mood: FILE.png or FILE.svg" };
        var summary = new Option<string?>("--summary") { Description = "Summary JSON: onset, time to 50 % TRKB engagement, peaks, troughs, steady state" };
        var strict = new Option<bool>("--strict") { Description = "Make a dose outside the compound's clinical range an error instead of a warning" };
        var uncertainty = UncertaintyOption();
        var seed = new Option<int>("--seed") { Description = "Random seed for --uncertainty", DefaultValueFactory = _ => 1 };
        var steadyState = new Option<bool>("--steady-state")
        {
            Description = "Start from the regimens' periodic steady state (as if taken for ever; time 0 is a dose time) instead of drug-free; needs regimens repeated from time 0",
        };
        var export = new Option<string?>("--export-model") { Description = "Write the assembled flat model: FILE.ant (Antimony) or FILE.xml (SBML)" };
        var exportOmex = new Option<string?>("--export-omex")
        {
            Description = "Write a COMBINE/OMEX archive (the flat model as SBML, a SED-ML time course of the table's model columns on the --step grid) that re-runs this regimen in SED-ML tools",
        };

        var force = OutputOptions.Force();
        var cmd = new Command("regimen", "Simulate one subject on a dosing regimen through every layer of the TRKB mechanism")
        {
            species, drug, dose, route, every, forDuration, doses, startAt, regimen, simulate, step, weight, genotype, cholesterol,
            depletion, environment, exposure, cyp2d6, cyp2c19, bdnf, exercise, therapy, serotonin, ketamineBdnf, set, compounds, strict, steadyState, uncertainty, seed, outFile, plot, summary, export, exportOmex, force,
        };
        cmd.SetAction(pr =>
        {
            var library = CompoundsCommand.Load(pr.GetValue(compounds));
            var prepared = new RegimenRequest
            {
                Drug = pr.GetValue(drug),
                Dose = pr.GetValue(dose),
                Route = pr.GetValue(route),
                EveryHours = pr.GetValue(every),
                ForHours = pr.GetValue(forDuration),
                Doses = pr.GetValue(doses),
                StartHours = pr.GetValue(startAt),
                Regimens = [.. pr.GetValue(regimen) ?? []],
                SimulateHours = pr.GetValue(simulate),
                StepHours = pr.GetValue(step) ?? 1,
                Strict = pr.GetValue(strict),
                SteadyState = pr.GetValue(steadyState),
                Settings = new MechanismSettings
                {
                    Species = species.ValueIn(pr),
                    BodyWeightKg = pr.GetValue(weight),
                    Genotype = genotype.ValueIn(pr),
                    CholesterolMolPct = pr.GetValue(cholesterol),
                    CholesterolDepletion = (pr.GetValue(depletion) ?? 0) / 100,
                    Environment = environment.ValueIn(pr),
                    Exposure = exposure.ValueIn(pr),
                    Cyp2d6 = cyp2d6.ValueIn(pr),
                    Cyp2c19 = cyp2c19.ValueIn(pr),
                    BdnfKnockout = bdnf.ValueIn(pr),
                    Exercise = pr.GetValue(exercise),
                    Therapy = pr.GetValue(therapy),
                    SerotoninPathway = serotonin.ValueIn(pr),
                    KetamineBdnfSynthesis = pr.GetValue(ketamineBdnf) ? true : null,
                    ParameterOverrides = OptionParsing.ParseAssignments("--set", pr.GetValue(set)).ToImmutableDictionary(a => a.Id, a => a.Value),
                },
            }.Prepare(library);
            foreach (var warning in prepared.Warnings) Console.Error.WriteLine($"trkbsim: warning: {warning}");
            var settings = prepared.Settings;

            var request = UncertaintyRequest(pr.GetValue(uncertainty), pr.GetResult(seed) is { Implicit: false }, pr.GetValue(seed));

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
            OptionParsing.CheckExtension("--export-omex", pr.GetValue(exportOmex), ".omex");
            string? omexPath = pr.GetValue(exportOmex) is { } op ? outputs.File("--export-omex", op) : null;

            var runOptions = prepared.Options;
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
            if (omexPath is not null) WriteOmex(omexPath, settings, library, runOptions);
            outputs.Commit();
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>
    /// The --export-omex archive: the flat model the run assembled, simulated over the run's duration on equal steps of
    /// the output step, with the table's model columns as outputs and the run's solver and tolerances.
    /// </summary>
    static void WriteOmex(string stagedPath, MechanismSettings settings, CompoundLibrary library, RegimenRunOptions options)
    {
        var compounds = ExposurePartGenerator.CompoundsPresent(library, settings.Species, settings.Regimens).Select(c => c.Id);
        var model = AntimonyReader.Parse(MechanismAssembler.Assemble(settings, library), "regimen.ant");
        double intervals = options.DurationHours / options.OutputStepHours;
        int steps = (int)Math.Max(1, Math.Round(intervals));
        if (Math.Abs(intervals - steps) > 1e-9 * intervals)
            Console.Error.WriteLine($"trkbsim: warning: --export-omex: {options.DurationHours:G} h is not a whole number of {options.OutputStepHours:G} h steps; the archive outputs {steps} equal steps");
        SedmlCommands.WriteArchive(stagedPath, new Interop.Sedml.SedTimeCourseSpec
        {
            Model = model, End = options.DurationHours, Steps = steps, Solver = options.Solver,
            RelTol = options.RelTol, AbsTol = options.AbsTol, Outputs = [.. RegimenColumns.ModelColumns(compounds, settings.Species)],
        }, "--export-omex");
    }

    /// <summary>The --uncertainty N option of regimen.</summary>
    internal static Option<int?> UncertaintyOption() => TypedOptions.Count("--uncertainty",
        $"Also run N subjects drawn from the library's uncertainty ranges and add 5/50/95 % bands (columns NAME_p5, NAME_p50, NAME_p95; 2 to {UncertaintyRunner.MaxSamples})",
        2, UncertaintyRunner.MaxSamples);

    /// <summary>The --uncertainty N / --seed S pair of regimen and scenario: null without N; a seed without N is a usage error.</summary>
    internal static UncertaintyRequest? UncertaintyRequest(int? samples, bool seedGiven, int seed) =>
        samples is null
            ? seedGiven ? throw new UsageException("--seed: only used with --uncertainty N") : null
            : new UncertaintyRequest(samples.Value, seed);
}
