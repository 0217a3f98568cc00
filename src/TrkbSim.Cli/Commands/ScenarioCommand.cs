using System.CommandLine;
using TrkbSim.Cli.Options;
using TrkbSim.Cli.Output;
using TrkbSim.Pharmacology.Scenarios;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Validation;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim scenario list|run NAME --out DIR</c> and <c>trkbsim validate --out DIR</c>.</summary>
public static class ScenarioCommand
{
    public const string Flagship = "fluoxetine-vs-ketamine";

    public static Command Create()
    {
        var list = new Command("list", "List the named scenarios");
        list.SetAction(_ =>
        {
            foreach (var s in ScenarioRegistry.All)
                Console.Out.WriteLine($"{s.Name,-24} {s.Title}");
            return ExitCodes.Success;
        });
        var name = new Argument<string>("name") { Description = $"Scenario name (see 'scenario list'); the flagship is {Flagship}" };
        var outDir = new Option<string>("--out") { Description = "Output folder for CSV, plots and summary.md", Required = true };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG plots" };
        var uncertainty = TypedOptions.Count("--uncertainty",
            $"Also run N subjects per run drawn from the library's uncertainty ranges; bands in CSV and plots (2 to {Pharmacology.Runs.UncertaintyRunner.MaxSamples})",
            2, Pharmacology.Runs.UncertaintyRunner.MaxSamples);
        var seed = new Option<int>("--seed") { Description = "Random seed for --uncertainty (run i uses seed + i)", DefaultValueFactory = _ => 1 };
        var force = OutputOptions.Force();
        var run = new Command("run", "Run a named scenario and state its comparison in numbers") { name, outDir, noPlots, uncertainty, seed, force };
        run.SetAction(pr =>
        {
            var scenarioName = pr.GetValue(name)!;
            if (!ScenarioRegistry.Names.Contains(scenarioName))
                throw new UsageException($"scenario '{scenarioName}' is unknown; known: {string.Join(", ", ScenarioRegistry.Names)}");
            var request = RegimenCommand.UncertaintyRequest(pr.GetValue(uncertainty), pr.GetResult(seed) is { Implicit: false }, pr.GetValue(seed));
            var dir = pr.GetValue(outDir)!;
            var report = OutputOptions.WriteFolder(dir, pr.GetValue(force),
                tmp => ScenarioRunner.Run(scenarioName, tmp, plots: !pr.GetValue(noPlots), uncertainty: request));
            Console.Out.WriteLine(report.SummaryMarkdown);
            Console.Error.WriteLine($"{report.Files.Length} files written to {dir}");
            return ExitCodes.Success;
        });
        return new Command("scenario", "Named scenarios reproducing the research claims") { list, run };
    }

    public static Command CreateValidate()
    {
        var outDir = new Option<string>("--out") { Description = "Output folder for validation.csv, validation.png and validation.md", Required = true };
        var force = OutputOptions.Force();
        var cmd = new Command("validate", "Simulate every published observation (calibration and validation apart); predicted vs observed with fold errors; exit 1 when the validation gate fails") { outDir, force };
        cmd.SetAction(pr =>
        {
            var dir = pr.GetValue(outDir)!;
            var report = OutputOptions.WriteFolder(dir, pr.GetValue(force), tmp => Validator.Run(tmp));
            var v = report.Validation;
            var c = report.Calibration;
            Console.Out.WriteLine($"validation: {v.Count(r => r.Within2Fold)} of {v.Length} observations within 2-fold ({100 * report.FractionWithin2FoldValidation:F1} %)");
            Console.Out.WriteLine($"calibration (not a test): {c.Count(r => r.Within2Fold)} of {c.Length} within 2-fold ({100 * report.FractionWithin2FoldCalibration:F1} %)");
            var problems = report.GateProblems(CompoundLibrary.LoadDefault());
            Console.Out.WriteLine(problems.Count == 0 ? "gate: passed" : "gate: failed: " + string.Join("; ", problems));
            Console.Error.WriteLine($"report in {Path.Combine(dir, "validation.md")}");
            return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return cmd;
    }
}
