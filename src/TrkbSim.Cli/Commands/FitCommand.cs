using System.CommandLine;
using TrkbSim.Cli.Options;
using System.Globalization;
using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Fitting;
using TrkbSim.Cli.Output;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim fit MODEL --data FILE.csv --estimate ID=[low,high] ...</c>: maximum-likelihood estimation.</summary>
public static class FitCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Model file: Antimony (.ant, .txt) or SBML (.xml, .sbml)" };
        var data = new Option<string>("--data") { Description = "CSV with a 'time' column and one column per observed model variable", Required = true };
        var estimate = new Option<string[]>("--estimate")
        {
            Description = "Parameter to estimate with bounds: ID=[low,high] (log scale; add ':lin' for linear, e.g. ID=[0,5]:lin); repeatable",
            Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var error = TypedOptions.Choice("--error", ErrorModelNames.Table, "Error model", ErrorModel.Additive);
        var starts = TypedOptions.Count("--starts", "Number of starts (multi-start; from 2 on, distinct optima that fit equally well are reported) [default: 1]", 1, 10_000);
        var seed = new Option<int>("--seed") { Description = "Seed for the start points", DefaultValueFactory = _ => 1 };
        var profile = new Option<bool>("--profile") { Description = "Also compute profile-likelihood confidence intervals" };
        var outFile = new Option<string?>("--out") { Description = "Result JSON file; default: standard output" };
        var plot = new Option<string?>("--plot") { Description = "PNG of data against the fitted curve, with a residual panel below" };
        var force = OutputOptions.Force();
        var cmd = new Command("fit", "Estimate model parameters from data (Levenberg-Marquardt, multi-start, Fisher and profile CIs)")
        {
            model, data, estimate, error, starts, seed, profile, outFile, plot, force,
        };
        cmd.SetAction(pr =>
        {
            var errorModel = error.ValueIn(pr);
            int nStarts = pr.GetValue(starts) ?? 1;
            var parameters = (pr.GetValue(estimate) ?? []).Select(ParseEstimate).ToList();
            var dataPath = pr.GetValue(data)!;
            if (!File.Exists(dataPath)) throw new UsageException($"--data: file '{dataPath}' does not exist");
            OptionParsing.CheckExtension("--out", pr.GetValue(outFile), ".json");
            OptionParsing.CheckExtension("--plot", pr.GetValue(plot), ".png");
            using var outputs = new OutputSet(pr.GetValue(force));
            string? stagedJson = pr.GetValue(outFile) is { } o ? outputs.File("--out", o) : null;
            string? stagedPlot = pr.GetValue(plot) is { } pl ? outputs.File("--plot", pl) : null;

            var observed = ObservedData.ReadCsv(dataPath);
            var evaluator = SimulatorModelEvaluator.Create(ModelLoader.Load(pr.GetValue(model)!));
            var result = ParameterEstimator.Fit(evaluator, observed, parameters, new FitOptions
            {
                ErrorModel = errorModel,
                Starts = nStarts,
                Seed = pr.GetValue(seed),
                ProfileLikelihood = pr.GetValue(profile),
            });
            if (IdentifiabilityWarning(result.Identifiability) is { } warning) Console.Error.WriteLine($"trkbsim: warning: {warning}");
            var json = FitResultJson.Serialize(result);
            if (stagedJson is null) Console.Out.WriteLine(json);
            else File.WriteAllText(stagedJson, json);
            if (stagedPlot is not null) FitPlot.SavePng(stagedPlot, evaluator, observed, result);
            outputs.Commit();
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>The warning for starts that reached distinct optima fitting equally well; null when there were none.</summary>
    internal static string? IdentifiabilityWarning(Identifiability id)
    {
        if (id.Identifiable is not false) return null;
        return $"the data do not identify the parameters: {id.AlternativeOptima.Count + 1} distinct optima fit equally well "
            + $"(-2 log-likelihood within {DistinctOptima.ObjectiveTolerance.ToString(CultureInfo.InvariantCulture)} relative); "
            + $"{string.Join(", ", id.DifferingParameters)} differ between them; the intervals describe only the reported one "
            + "(see alternative_optima in the JSON)";
    }

    /// <summary>Parses <c>ID=[low,high]</c> (optionally followed by <c>:lin</c>) or the compact <c>ID=low:high[:init][:lin]</c>.</summary>
    internal static FitParameter ParseEstimate(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new UsageException($"--estimate: '{text}' is not of the form ID=[low,high]");
        var id = text[..eq].Trim();
        var rest = text[(eq + 1)..].Trim();
        if (!rest.StartsWith('[')) return FitParameter.Parse(text);
        int close = rest.IndexOf(']');
        if (close < 0) throw new UsageException($"--estimate {id}: missing ']' in '{rest}'");
        var bounds = rest[1..close].Split(',', StringSplitOptions.TrimEntries);
        if (bounds.Length != 2) throw new UsageException($"--estimate {id}: expected [low,high], got '{rest[..(close + 1)]}'");
        double lo = OptionParsing.ParseDouble($"--estimate {id} low", bounds[0]);
        double hi = OptionParsing.ParseDouble($"--estimate {id} high", bounds[1]);
        var suffix = rest[(close + 1)..].Trim();
        bool linear = suffix.Equals(":lin", StringComparison.OrdinalIgnoreCase);
        if (suffix.Length > 0 && !linear) throw new UsageException($"--estimate {id}: unexpected '{suffix}' after the bounds; allowed: ':lin'");
        if (!(lo < hi)) throw new UsageException($"--estimate {id}: low ({lo.ToString(CultureInfo.InvariantCulture)}) must be below high ({hi.ToString(CultureInfo.InvariantCulture)})");
        if (!linear && lo <= 0) throw new UsageException($"--estimate {id}: log-scaled bounds must be positive; use ':lin' for a linear scale");
        return new FitParameter(id, lo, hi) { LogScale = !linear };
    }
}
