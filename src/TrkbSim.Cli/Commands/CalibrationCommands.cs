using System.CommandLine;
using TrkbSim.Cli.Options;
using TrkbSim.Cli.Output;
using TrkbSim.Pharmacology.Calibration;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim calibrate --out DIR</c> and <c>trkbsim onset-sensitivity --out DIR</c>: the mechanism's calibration and its onset drivers.</summary>
public static class CalibrationCommands
{
    public static Command CreateCalibrate()
    {
        var outDir = new Option<string>("--out") { Description = "Output folder for calibration.json and calibration.md", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed for the start points", DefaultValueFactory = _ => 1 };
        var starts = TypedOptions.Count("--starts", "Number of starts [default: 4]", 1, 10_000);
        var force = OutputOptions.Force();
        var cmd = new Command("calibrate",
            "Re-estimate the mechanism's calibrated core parameters against the shared clinical calibration targets (reproducible; see docs/calibration.md)")
        {
            outDir, seed, starts, force,
        };
        cmd.SetAction(pr =>
        {
            int n = pr.GetValue(starts) ?? 4;
            var dir = pr.GetValue(outDir)!;
            var report = OutputOptions.WriteFolder(dir, pr.GetValue(force), tmp => Calibrator.Calibrate(tmp, pr.GetValue(seed), n));
            Console.Out.Write(Calibrator.ToMarkdown(report));
            return ExitCodes.Success;
        });
        return cmd;
    }

    public static Command CreateOnsetSensitivity()
    {
        var regimen = new Option<string>("--regimen") { Description = "Regimen whose onset is analysed", DefaultValueFactory = _ => new OnsetSensitivityOptions().Regimen };
        var weeks = new Option<int>("--weeks") { Description = "Simulated weeks (onset censored at the end)", DefaultValueFactory = _ => 16 };
        var method = TypedOptions.Name("--method", "method", ["morris", "sobol"], "Method", "morris");
        var samples = TypedOptions.Count("--samples", "Morris trajectories (default 20) or Sobol base sample size (default 256)", 1, 1_000_000);
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var factor = new Option<double>("--factor") { Description = "Each parameter varies within x/÷ this factor", DefaultValueFactory = _ => 2.0 };
        var param = new Option<string[]>("--param") { Description = "Parameter to vary (repeatable); default: exposure and core parameters", AllowMultipleArgumentsPerToken = true };
        var outDir = new Option<string>("--out") { Description = "Output folder for onset-sensitivity.json and onset-sensitivity.md", Required = true };
        var forceOnset = OutputOptions.Force();
        var cmd = new Command("onset-sensitivity", "Which parameters decide the onset time of an antidepressant regimen (Morris or Sobol)")
        {
            regimen, weeks, method, samples, seed, factor, param, outDir, forceOnset,
        };
        cmd.SetAction(pr =>
        {
            var options = new OnsetSensitivityOptions
            {
                Regimen = pr.GetValue(regimen)!,
                Weeks = pr.GetValue(weeks),
                Method = pr.GetValue(method)!,
                Samples = pr.GetValue(samples),
                Seed = pr.GetValue(seed),
                Factor = pr.GetValue(factor),
                Parameters = pr.GetValue(param) is { Length: > 0 } p ? p : null,
            };
            var report = OutputOptions.WriteFolder(pr.GetValue(outDir)!, pr.GetValue(forceOnset), tmp =>
            {
                var r = OnsetSensitivity.Run(options);
                File.WriteAllText(Path.Combine(tmp, "onset-sensitivity.json"), r.Json);
                File.WriteAllText(Path.Combine(tmp, "onset-sensitivity.md"), r.Markdown);
                return r;
            });
            Console.Out.Write(report.Markdown);
            return ExitCodes.Success;
        });
        return cmd;
    }
}
