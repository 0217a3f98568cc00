using System.Globalization;
using TrkbSim.Bench;
using TrkbSim.Bench.Peers;

// Commands (run by bench/peers/run.sh):
//   trkbsim     --problems DIR --out DIR --rtols LIST [--solvers auto,rodas5p] [--budget S] [--max-reps N] [--only a,b]
//   build-time  --problems DIR --out FILE [--reps N]
//   network     N FILE
//   network-plots --networks FILE --plots DIR   (the network work-precision plots alone, from the committed points)
//   report      --problems DIR --raw DIR --json FILE --markdown FILE --plots DIR [--quick] [--analysis FILE] [--benchmarks FILE] [--started UNIXSECONDS]
//               [--trkb FILE] [--web FILE (the web load check's section, bench/results/web-load.md)]
//               [--networks FILE (bench/results/networks-peers.json: its problems' work-precision plots into the plot folder)]
if (args.Length == 0) return Usage();
var opts = new Dictionary<string, string>(StringComparer.Ordinal);
var flags = new HashSet<string>(StringComparer.Ordinal);
for (int i = 1; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal)) continue;
    if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) opts[args[i]] = args[++i];
    else flags.Add(args[i]);
}
string Opt(string name, string? fallback = null) =>
    opts.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"missing option {name}");
#if TRKBSIM_ENGINE
string[] List(string name, string fallback) => Opt(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
#endif

switch (args[0])
{
    case "network":
        {
            int n = int.Parse(args[1], CultureInfo.InvariantCulture);
            File.WriteAllText(args[2], NetworkGenerator.Antimony(n));
            return 0;
        }
    case "network-plots":
        foreach (var path in NetworkPlots.Save(Opt("--networks"), Opt("--plots"))) Console.Error.WriteLine($"wrote {path}");
        return 0;
    case "trkbsim":
#if TRKBSIM_ENGINE
        {
            var problems = ProblemSet.Load(Opt("--problems"));
            var only = opts.ContainsKey("--only") ? List("--only", "").ToHashSet() : null;
            TrkbSimRunner.Run(problems.Where(p => only is null || only.Contains(p.Name)).ToArray(), Opt("--out"), List("--rtols", "1e-4,1e-6,1e-8"),
                List("--solvers", "auto,rodas5p"), double.Parse(Opt("--budget", "1"), CultureInfo.InvariantCulture),
                int.Parse(Opt("--max-reps", "50"), CultureInfo.InvariantCulture));
            return 0;
        }
#else
        return NoEngine();
#endif
    case "build-time":
#if TRKBSIM_ENGINE
        {
            string dir = Opt("--problems");
            var models = new List<(string, string)> { ("network1000", File.ReadAllText(Path.Combine(dir, "network1000.ant"))) };
            models.AddRange(ProblemSet.Load(dir).Select(p => (p.Name, File.ReadAllText(p.ModelPath))));
            BuildTimer.Run(models, Opt("--out"), int.Parse(Opt("--reps", "5"), CultureInfo.InvariantCulture));
            return 0;
        }
#else
        return NoEngine();
#endif
    case "report":
        {
            var problems = ProblemSet.Load(Opt("--problems"));
            string raw = Opt("--raw");
            var runs = EvaluatedRun.Evaluate(RawRecord.ReadAll(raw), problems, raw);
            var report = new PerformanceReport(problems, runs, flags.Contains("--quick"));
            var machine = MachineInfo.Current();
            var now = DateTime.UtcNow;
            report.WriteJson(Opt("--json"), machine, now);
            var versions = new SortedDictionary<string, string>(StringComparer.Ordinal);
            string versionFile = Path.Combine(raw, "versions.txt");
            if (File.Exists(versionFile))
                foreach (var line in File.ReadLines(versionFile).Where(l => l.Contains('=')))
                    versions[line[..line.IndexOf('=')].Trim()] = line[(line.IndexOf('=') + 1)..].Trim();
            string buildFile = Path.Combine(raw, "build.tsv");
            var buildRows = File.Exists(buildFile) ? File.ReadLines(buildFile).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToArray() : [];
            TimeSpan? duration = opts.TryGetValue("--started", out var s)
                ? DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(long.Parse(s, CultureInfo.InvariantCulture)) : null;
            report.WriteMarkdown(Opt("--markdown"), Opt("--plots"), machine, now, versions, buildRows,
                opts.GetValueOrDefault("--analysis"), opts.GetValueOrDefault("--benchmarks"), duration, opts.GetValueOrDefault("--trkb"),
                opts.GetValueOrDefault("--web"));
            if (opts.TryGetValue("--networks", out var networks) && File.Exists(networks))
                Console.Error.WriteLine($"report: network plots {string.Join(", ", NetworkPlots.Save(networks, Opt("--plots")))}");
            foreach (var r in runs.Where(r => !r.Counts))
                Console.Error.WriteLine($"note: {r.Tool} {r.Problem} rtol={r.RelTol:0e0} does not count (failed={r.Raw.Failed}, error={r.MaxRelError:0.0e0})");
            Console.Error.WriteLine($"report: {runs.Count} runs -> {Opt("--json")}, {Opt("--markdown")}");
            return 0;
        }
    default:
        return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("usage: TrkbSim.Bench.Peers (trkbsim|build-time|network|network-plots|report) [options]; see Program.cs");
    return 2;
}

#if !TRKBSIM_ENGINE
static int NoEngine()
{
    Console.Error.WriteLine("TrkbSim engine not built into this harness (build with -p:TrkbSimEngine=true once the Antimony reader, compiler and solvers are present).");
    return 3;
}
#endif
