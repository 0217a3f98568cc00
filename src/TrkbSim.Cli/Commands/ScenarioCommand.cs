using System.CommandLine;
using TrkbSim.Cli.Output;
using TrkbSim.Pharmacology.Scenarios;
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
        var force = OutputOptions.Force();
        var run = new Command("run", "Run a named scenario and state its comparison in numbers") { name, outDir, noPlots, force };
        run.SetAction(pr =>
        {
            var scenarioName = pr.GetValue(name)!;
            if (!ScenarioRegistry.Names.Contains(scenarioName))
                throw new UsageException($"scenario '{scenarioName}' is unknown; known: {string.Join(", ", ScenarioRegistry.Names)}");
            var dir = pr.GetValue(outDir)!;
            var report = OutputOptions.WriteFolder(dir, pr.GetValue(force), tmp => ScenarioRunner.Run(scenarioName, tmp, plots: !pr.GetValue(noPlots)));
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
        var cmd = new Command("validate", "Simulate every literature observation the model should reproduce; predicted vs observed with fold errors") { outDir, force };
        cmd.SetAction(pr =>
        {
            var dir = pr.GetValue(outDir)!;
            var report = OutputOptions.WriteFolder(dir, pr.GetValue(force), tmp => Validator.Run(tmp));
            Console.Out.WriteLine(
                $"{report.Within2FoldCount} of {report.Count} observations within 2-fold ({100 * report.FractionWithin2Fold:F1} %); " +
                $"independent observations: {100 * report.FractionWithin2FoldIndependent:F1} %; report in {Path.Combine(dir, "validation.md")}");
            return ExitCodes.Success;
        });
        return cmd;
    }
}
