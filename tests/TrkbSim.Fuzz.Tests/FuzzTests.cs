using System.Globalization;
using System.Text;
using TrkbSim.Cli.Tests;
using Xunit.Abstractions;

namespace TrkbSim.Fuzz.Tests;

/// <summary>
/// The fuzzing campaign (docs/reliability.md): TRKBSIM_FUZZ_CASES cases (default 1000, about 20 s on 2 cores) from
/// seed TRKBSIM_FUZZ_SEED (default 1). Fails on any case that crashes, prints a stack trace, exits outside 0-4, runs
/// past the time limit, uses too much memory or leaves files behind after failing. With TRKBSIM_UPDATE_DOCS=1 the
/// campaign's counts are written to docs/reliability.md.
/// </summary>
[Collection("cli")]
public sealed class FuzzTests(ITestOutputHelper output)
{
    public const int DefaultCases = 1000;

    static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0 ? v : fallback;

    [Fact]
    public void NoInputCrashesHangsOrLeavesFilesBehind()
    {
        int seed = Setting("TRKBSIM_FUZZ_SEED", 1), cases = Setting("TRKBSIM_FUZZ_CASES", DefaultCases);
        string root = Path.Combine(Path.GetTempPath(), "trkbsim-fuzz-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var outcomes = new List<FuzzOutcome>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            foreach (var c in new FuzzCampaign(seed, cases).Cases())
            {
                var o = FuzzCampaign.Run(c, root);
                outcomes.Add(o);
                if (o.Problem is not null)
                {
                    output.WriteLine($"case {c.Index} ({c.Kind}): {o.Problem}\n  args: {string.Join(' ', c.Args.Select(a => a.Length > 120 ? a[..120] + "..." : a))}\n  files kept in {root}");
                    if (o.Problem.StartsWith("no answer", StringComparison.Ordinal)) break; // a hung case holds the runner
                }
            }
        }
        finally { if (outcomes.All(o => o.Problem is null)) Directory.Delete(root, recursive: true); }
        clock.Stop();
        string report = Report(seed, cases, outcomes, clock.Elapsed);
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("TRKBSIM_UPDATE_DOCS") == "1" && cases == DefaultCases)
            File.WriteAllText(Path.Combine(RepositoryRoot(), "docs", "reliability.md"), report);
        var failures = outcomes.Where(o => o.Problem is not null).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {outcomes.Count} fuzz cases failed; first: case {failures.FirstOrDefault()?.Case.Index}: {failures.FirstOrDefault()?.Problem}");
        Assert.Equal(cases, outcomes.Count);
    }

    static string Report(int seed, int cases, List<FuzzOutcome> outcomes, TimeSpan elapsed)
    {
        var sb = new StringBuilder();
        sb.Append("# Reliability: the fuzzing campaign\n\n");
        sb.Append("<!-- Written by tests/TrkbSim.Fuzz.Tests (FuzzTests) with TRKBSIM_UPDATE_DOCS=1 at the default size; the counts are of that run. -->\n\n");
        sb.Append("`tests/TrkbSim.Fuzz.Tests` mutates the project's own inputs and runs `trkbsim` in-process on each: Antimony models ")
          .Append("(three small models, the TRKB core, the assembled fluoxetine mechanism) and SBML Test Suite cases (every 40th case, when ")
          .Append("the shared folder is present) with deleted, duplicated and inserted text, deep nesting and extreme numbers; and the option ")
          .Append("values of `simulate`, `steady-state`, `scan`, `regimen`, `trial` and `experiment run` replaced or extended by hostile values (empty, negative, huge, ")
          .Append("NaN, non-ASCII digits, unknown names, 400-digit numbers). A case fails when an exception escapes the program, a stack trace ")
          .Append("is printed, the exit code is outside 0-4, it runs past ")
          .Append($"{FuzzCampaign.CaseTimeLimit.TotalSeconds:0} s, the process holds more than {FuzzCampaign.MemoryLimitBytes / (1024 * 1024 * 1024)} GiB after it, ")
          .Append("or a failing command leaves a file behind.\n\n");
        sb.Append($"Default campaign (runs with the tests): seed {seed}, {cases} cases, {elapsed.TotalSeconds:0} s. ")
          .Append("A longer (nightly) campaign: `TRKBSIM_FUZZ_CASES=20000 TRKBSIM_FUZZ_SEED=$RANDOM dotnet test tests/TrkbSim.Fuzz.Tests -c Release` ")
          .Append("(the seed is printed with any failure; the failing case's files are kept in the temp folder named in the test output).\n\n");
        sb.Append($"Failed cases: **{outcomes.Count(o => o.Problem is not null)}**.\n\n");
        sb.Append("| input | cases | exit 0 (ran) | exit 1 (file) | exit 2 (usage) | exit 3 (model) | exit 4 (numerical) | failed |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var g in outcomes.GroupBy(o => o.Case.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int Count(int code) => g.Count(o => o.Problem is null && o.ExitCode == code);
            sb.Append($"| {g.Key} | {g.Count()} | {Count(0)} | {Count(1)} | {Count(2)} | {Count(3)} | {Count(4)} | {g.Count(o => o.Problem is not null)} |\n");
        }
        return sb.ToString();
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrkbSim.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
