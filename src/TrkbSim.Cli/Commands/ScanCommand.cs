using System.CommandLine;
using System.Globalization;
using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Scans;
using TrkbSim.Analysis.Sensitivity;
using TrkbSim.Cli.Options;
using TrkbSim.Cli.Output;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim scan MODEL --param P=lo:hi:n[:log] --output Y --time T</c>: model outputs over a grid of one or two parameters.</summary>
public static class ScanCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Model file: Antimony (.ant, .txt) or SBML (.xml, .sbml)" };
        var param = new Option<string[]>("--param")
        {
            Description = "A scanned parameter, once or twice: ID=lo:hi:n (n values from lo to hi) or ID=lo:hi:n:log (even in log10)",
            Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string[]>("--output")
        {
            Description = "Output (repeatable): a variable id (its value at --time), or max(ID), min(ID), auc(ID), final(ID), ID@t over the time grid",
            Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var time = new Option<double?>("--time") { Description = "Time at which the outputs are read (grid: 0 to this time)" };
        var times = new Option<string?>("--times") { Description = "Comma-separated time grid" };
        var maxTime = TypedOptions.Budget("--max-time", "Stop with an error (and no output) when the scan takes longer: 30 (seconds), 90s, 10min");
        var threads = TypedOptions.Count("--threads", "Grid points run in parallel (default: all cores); results do not depend on it", 1, 1024);
        var outFile = new Option<string?>("--out") { Description = "Table, CSV (default: standard output)" };
        var plot = new Option<string?>("--plot") { Description = "Figure: lines over one parameter, a heat map of the first output over two: FILE.png or FILE.svg" };
        var force = OutputOptions.Force();
        var cmd = new Command("scan", "Model outputs over a grid of one or two parameters, in parallel; CSV and a line or heat-map figure")
        {
            model, param, output, time, times, threads, maxTime, outFile, plot, force,
        };
        cmd.SetAction(pr =>
        {
            var axes = (pr.GetValue(param) ?? []).Select(ScanAxis.Parse).ToList();
            var grid = SensitivityCommand.Grid(pr.GetValue(time), pr.GetValue(times));
            var quantities = (pr.GetValue(output) ?? []).Select(text => ModelQuantity.Parse(
                pr.GetValue(time) is { } t && !text.Contains('(') && !text.Contains('@') ? $"{text}@{t.ToString("R", CultureInfo.InvariantCulture)}" : text)).ToList();
            OptionParsing.CheckExtension("--out", pr.GetValue(outFile), ".csv");
            if (pr.GetValue(plot) is { } p && !p.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && !p.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--plot: '{p}' must end in .png or .svg");
            using var outputs = new OutputSet(pr.GetValue(force));
            string? csvPath = pr.GetValue(outFile) is { } o ? outputs.File("--out", o) : null;
            string? figurePath = pr.GetValue(plot) is { } pp ? outputs.File("--plot", pp) : null;

            var evaluator = SimulatorModelEvaluator.Create(ModelLoader.Load(pr.GetValue(model)!));
            TimeSpan? budget = pr.GetValue(maxTime);
            using var stop = budget is { } b ? new CancellationTokenSource(b) : new CancellationTokenSource();
            ScanResult result;
            try { result = ParameterScan.Run(evaluator, axes, quantities, grid, pr.GetValue(threads), stop.Token); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw new UsageException($"--max-time {budget.GetValueOrDefault().TotalSeconds:G6} s: the scan was stopped; nothing was written");
            }
            if (result.Failed > 0)
                Console.Error.WriteLine($"trkbsim: warning: {result.Failed} of {result.Points.Length} grid points could not be simulated (empty cells in the table)");
            string csv = ScanOutput.Csv(result);
            if (csvPath is null) Console.Out.Write(csv);
            else File.WriteAllText(csvPath, csv);
            if (figurePath is not null) ScanOutput.SaveFigure(result, figurePath);
            outputs.Commit();
            return ExitCodes.Success;
        });
        return cmd;
    }
}
