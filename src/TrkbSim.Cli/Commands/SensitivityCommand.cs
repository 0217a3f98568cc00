using System.CommandLine;
using TrkbSim.Cli.Options;
using System.Globalization;
using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Sensitivity;
using TrkbSim.Cli.Output;
using TrkbSim.Distributed;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim sensitivity MODEL --output ID --method local|morris|sobol --param ...</c>.</summary>
public static class SensitivityCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Model file: Antimony (.ant, .txt) or SBML (.xml, .sbml)" };
        var output = new Option<string>("--output")
        {
            Description = "Output: a variable id (its value at --time), or max(ID), min(ID), auc(ID), final(ID) over the time grid", Required = true,
        };
        var time = new Option<double?>("--time") { Description = "Time at which the output is read (grid: 0 to this time)" };
        var times = new Option<string?>("--times") { Description = "Comma-separated time grid (local: the times reported)" };
        var method = TypedOptions.Name("--method", "method", ["local", "morris", "sobol"], "Method", "local");
        var param = new Option<string[]>("--param")
        {
            Description = "Parameter and its distribution: ID=uniform(a,b)|loguniform(a,b)|normal(m,sd)|lognormal(mu,sigma); local accepts a bare ID",
            Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var samples = TypedOptions.Count("--samples", "Sobol base sample size N (default 4096) or Morris trajectories (default 50)", 1, 1_000_000);
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var outFile = new Option<string?>("--out") { Description = "Result JSON file; default: standard output" };
        var plot = new Option<string?>("--plot")
        {
            Description = "Figure: FILE.png or FILE.svg; local: tornado chart of d ln y / d ln p at the last time, morris: mu* and sigma bars, sobol: first- and total-order bars with their intervals",
        };
        var force = OutputOptions.Force();
        var cluster = ClusterCommand.Option();
        var cmd = new Command("sensitivity", "Local, Morris or Sobol sensitivity of a model output")
        {
            model, output, time, times, method, param, samples, seed, outFile, plot, force, cluster,
        };
        cmd.SetAction(pr =>
        {
            var m = pr.GetValue(method)!;
            var grid = Grid(pr.GetValue(time), pr.GetValue(times));
            int? n = pr.GetValue(samples);
            OptionParsing.CheckExtension("--out", pr.GetValue(outFile), ".json");
            OptionParsing.CheckExtension("--plot", pr.GetValue(plot), ".png", ".svg");
            using var outputs = new OutputSet(pr.GetValue(force));
            string? staged = pr.GetValue(outFile) is { } o ? outputs.File("--out", o) : null;
            string? stagedPlot = pr.GetValue(plot) is { } pl ? outputs.File("--plot", pl) : null;
            var paramTexts = pr.GetValue(param) ?? [];
            var outputText = pr.GetValue(output)!;

            if (m == "local" && pr.GetValue(cluster) is not null)
                throw new UsageException("--cluster: only --method morris and sobol run on a cluster (local sensitivity is a few runs)");
            var modelPath = pr.GetValue(model)!;
            var evaluator = SimulatorModelEvaluator.Create(ModelLoader.Load(modelPath));
            string json;
            if (m == "local")
            {
                var ids = paramTexts.Select(p => p.Split('=')[0].Trim()).ToList();
                var quantity = ModelQuantity.Parse(outputText);
                var result = LocalSensitivity.Compute(evaluator, ids, [quantity.Variable], grid);
                json = SensitivityJson.Serialize(result);
                if (stagedPlot is not null) SensitivityPlot.Save(stagedPlot, result);
            }
            else
            {
                var dists = paramTexts.Select(ParameterDistribution.Parse).ToList();
                var quantityText = pr.GetValue(time) is { } t && !outputText.Contains('(') && !outputText.Contains('@')
                    ? $"{outputText}@{t.ToString("R", CultureInfo.InvariantCulture)}"
                    : outputText;
                var local = new ModelSampleFunction(evaluator, dists.Select(d => d.Id).ToList(), [ModelQuantity.Parse(quantityText)], grid);
                using var connection = pr.GetValue(cluster) is { } endpoint ? ClusterConnection.Connect(endpoint) : null;
                ISampleFunction f = connection is null ? local : new ClusterSampleFunction(connection,
                    SampleJob.Create(Path.GetFileName(modelPath), InputFile.ReadAllText(modelPath, "model file"), dists.Select(d => d.Id).ToList(), [quantityText], grid),
                    local.OutputNames);
                if (m == "sobol")
                {
                    var result = SobolAnalysis.Run(f, dists, new SobolOptions { SampleSize = n ?? 4096, Seed = pr.GetValue(seed) });
                    json = SensitivityJson.Serialize(result);
                    if (stagedPlot is not null) SensitivityPlot.Save(stagedPlot, result);
                }
                else
                {
                    var result = MorrisScreening.Run(f, dists, new MorrisOptions { Trajectories = n ?? 50, Seed = pr.GetValue(seed) });
                    json = SensitivityJson.Serialize(result);
                    if (stagedPlot is not null) SensitivityPlot.Save(stagedPlot, result);
                }
            }
            if (staged is not null) File.WriteAllText(staged, json);
            else Console.Out.WriteLine(json);
            outputs.Commit();
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>The output grid of --time T (101 points from 0 to T; T = 0: that point) or --times t1,t2,...</summary>
    internal static IReadOnlyList<double> Grid(double? time, string? times)
    {
        if (times is not null)
        {
            var t = OptionParsing.ParseDoubleList("--times", times);
            for (int i = 1; i < t.Count; i++)
                if (t[i] <= t[i - 1]) throw new UsageException("--times: times must be strictly increasing");
            return t;
        }
        if (time is not { } end) throw new UsageException("give --time T or --times t1,t2,...");
        if (!(end >= 0) || !double.IsFinite(end)) throw new UsageException($"--time: {end} is not allowed; must be >= 0");
        // Time 0 is a time like any other (initial assignments, algebraic models): the grid is that one point.
        return end == 0 ? [0.0] : Enumerable.Range(0, 101).Select(i => end * i / 100.0).ToArray();
    }
}
