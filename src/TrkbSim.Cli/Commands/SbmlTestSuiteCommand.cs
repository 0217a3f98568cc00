using System.CommandLine;
using TrkbSim.Cli.Options;
using TrkbSim.Cli.Output;
using TrkbSim.FluxBalance;
using TrkbSim.Modeling.Files;
using TrkbSim.Simulation.SbmlTestSuite;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim sbml-test-suite --cases DIR [--only ...] [--report FILE.json]</c>.</summary>
public static class SbmlTestSuiteCommand
{
    public static Command Create()
    {
        var cases = new Option<string>("--cases") { Description = "Folder holding the suite's case folders (NNNNN/)", Required = true };
        var only = new Option<string?>("--only") { Description = "Comma-separated case numbers, e.g. 00001,00002" };
        var report = new Option<string?>("--report") { Description = "JSON report with every case's result" };
        var threads = TypedOptions.Count("--threads", "Cases run in parallel (default: all cores)", 1, 1024);
        var force = OutputOptions.Force();
        var cmd = new Command("sbml-test-suite", "Run the SBML Test Suite's semantic cases and compare with the expected results")
        {
            cases, only, report, threads, force,
        };
        cmd.SetAction(pr =>
        {
            var dir = pr.GetValue(cases)!;
            if (!Directory.Exists(dir)) throw new UsageException($"--cases: folder '{dir}' does not exist");
            var onlyIds = pr.GetValue(only) is { } o ? OptionParsing.ParseList("--only", o) : null;
            int n = pr.GetValue(threads) ?? Environment.ProcessorCount;
            OptionParsing.CheckExtension("--report", pr.GetValue(report), ".json");
            using var outputs = new OutputSet(pr.GetValue(force));
            string? staged = pr.GetValue(report) is { } rp ? outputs.File("--report", rp) : null;

            var r = SbmlTestSuiteRunner.Run(dir, onlyIds?.ToArray(), n, new EngineCaseSimulator(), SbmlTestSuiteRunner.DefaultCaseTimeout,
                new FluxBalanceSolver());
            var stdout = Console.Out;
            foreach (var c in r.Cases.Where(c => c.Status != CaseStatus.Passed).OrderBy(c => c.Id))
            {
                var what = c.Status switch
                {
                    CaseStatus.Unsupported => $"unsupported: {c.Reason}",
                    _ => $"{c.Status.ToString().ToLowerInvariant()}: {c.Reason}",
                };
                stdout.WriteLine($"{c.Id} {what}");
            }
            stdout.WriteLine();
            stdout.WriteLine("By component tag (passed/total):");
            foreach (var (tag, counts) in r.ByComponentTag) stdout.WriteLine($"  {tag,-28} {counts.Passed,5}/{counts.Total}");
            stdout.WriteLine("By test tag (passed/total):");
            foreach (var (tag, counts) in r.ByTestTag) stdout.WriteLine($"  {tag,-28} {counts.Passed,5}/{counts.Total}");
            var t = r.Totals;
            stdout.WriteLine($"{t.Total} cases: {t.Passed} passed, {t.Failed} failed, {t.Unsupported} unsupported, {t.Error} errors in {r.WallSeconds:F1} s ({r.Threads} threads)");
            if (staged is not null)
            {
                File.WriteAllText(staged, r.ToJson());
                outputs.Commit();
            }
            return t.Failed + t.Error == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return cmd;
    }
}
