using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using TrkbSim.Cli.Options;
using TrkbSim.Cli.Output;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Experiments;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim experiment list</c> and <c>trkbsim experiment run NAME ... --out DIR</c>: lab experiments as simulations.</summary>
public static class ExperimentCommand
{
    public static Command Create()
    {
        var list = new Command("list", "List the lab experiments");
        list.SetAction(_ =>
        {
            foreach (var p in ExperimentRegistry.All)
                Console.Out.WriteLine($"{p.Name,-28} {p.Title} [{string.Join(", ", p.Species.Select(s => s.Name()))}; groups: {string.Join(", ", p.Groups.Select(g => g.Name))}]");
            return ExitCodes.Success;
        });

        var name = new Argument<string>("name") { Description = "Experiment name (see 'experiment list')" };
        var species = TypedOptions.OptionalChoice("--species", OrganismNames.Table, "Species (default: the experiment's)");
        var drug = new Option<string?>("--drug") { Description = "Compound id of the drug groups (default: the experiment's published drug)" };
        var dose = new Option<string?>("--dose") { Description = "Dose with unit: 10mg/kg, 0.08mg/mL (drinking water)" };
        var route = new Option<string?>("--route") { Description = "oral|iv|infusion:40min|intranasal|ip|drinking-water [default: oral]" };
        var every = TypedOptions.Hours("--every", "Dosing interval of the drug groups: 24h");
        var regimen = new Option<string?>("--regimen") { Description = "The drug as one text, without timing: \"fluoxetine 0.08mg/mL drinking-water\", \"fluoxetine 10mg/kg ip every 24h\"" };
        var genotype = TypedOptions.OptionalChoice("--genotype", SettingNames.GenotypeTable, "TRKB Y433F genotype of every group (default: each group's own)");
        var set = new Option<string[]>("--set") { Description = "Override a model parameter in every group: PARAM=VALUE (repeatable)", AllowMultipleArgumentsPerToken = true };
        var seed = new Option<int>("--seed") { Description = "Random seed (animal variability and measurement noise)", DefaultValueFactory = _ => 1 };
        var animals = TypedOptions.Count("--animals", $"Animals per group (default: the experiment's; 2 to {ExperimentRunner.MaxAnimals})", 2, ExperimentRunner.MaxAnimals);
        var outDir = new Option<string>("--out") { Description = "Output folder: result.json, time-course CSVs, plots, summary.md", Required = true };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG plots" };
        var force = OutputOptions.Force();
        var run = new Command("run", "Run a lab experiment: every group, its animals, readouts with mean, SEM and n, comparisons with p-values")
        {
            name, species, drug, dose, route, every, regimen, genotype, set, seed, animals, outDir, noPlots, force,
        };
        run.SetAction(pr =>
        {
            var protocol = ExperimentRegistry.Get(pr.GetValue(name)!);
            RegimenParts? drugParts = pr.GetValue(regimen) is { } text ? RegimenParser.Split(text) : null;
            if (pr.GetValue(drug) is { } d)
            {
                if (drugParts is not null) throw new UsageException("--drug and --regimen cannot be used together");
                var doseText = pr.GetValue(dose) ?? throw new UsageException("--dose: required with --drug (e.g. --dose 10mg/kg)");
                drugParts = new RegimenParts(d, doseText, pr.GetValue(route) ?? "oral") { EveryHours = pr.GetValue(every) };
            }
            else if (pr.GetValue(dose) is not null || pr.GetValue(every) is not null || pr.GetValue(route) is not null)
                throw new UsageException("--dose/--every/--route: give --drug NAME as well (or use --regimen)");
            var options = new ExperimentOptions
            {
                Species = pr.GetValue(species),
                Drug = drugParts,
                Genotype = pr.GetValue(genotype),
                Set = OptionParsing.ParseAssignments("--set", pr.GetValue(set)).ToImmutableDictionary(a => a.Id, a => a.Value),
                Seed = pr.GetValue(seed),
                Animals = pr.GetValue(animals),
            };
            var dir = pr.GetValue(outDir)!;
            var result = OutputOptions.WriteFolder(dir, pr.GetValue(force), tmp =>
            {
                var r = ExperimentRunner.Run(protocol, options);
                ExperimentOutput.Write(r, tmp, plots: !pr.GetValue(noPlots));
                return r;
            });
            Console.Out.Write(ExperimentOutput.Markdown(result));
            Console.Error.WriteLine($"results in {dir}");
            return ExitCodes.Success;
        });
        return new Command("experiment", "Lab experiments as simulations: ocular dominance plasticity, fear extinction, forced swim") { list, run };
    }
}
