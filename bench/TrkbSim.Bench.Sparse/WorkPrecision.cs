using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation;

namespace TrkbSim.Bench.Sparse;

/// <summary>
/// Work-precision of the stiff solvers on generated networks: for each (solver, linear solver) and tolerance, the
/// median time of a whole run (100 output intervals on [0, end]) and its error against a tight reference run.
/// Error = max over outputs and species of |y - y_ref| / max(|y_ref|, floor).
/// </summary>
internal static class WorkPrecision
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public sealed record Point(string Problem, string Solver, string Linear, double RelTol, double Seconds, double Error,
        long Steps, long Rejected, long FunctionEvaluations, long Jacobians, long Factorisations, int Repetitions);

    public static void Run(Dictionary<string, string> opts)
    {
        string[] problems = (opts.GetValueOrDefault("--problems") ?? "network100s,network300s,network1000s,network300").Split(',');
        double[] tolerances = [.. (opts.GetValueOrDefault("--tolerances") ?? "1e-3,1e-4,1e-5,1e-6,1e-7,1e-8").Split(',').Select(s => double.Parse(s, Inv))];
        int reps = int.Parse(opts.GetValueOrDefault("--reps") ?? "3", Inv);
        double end = double.Parse(opts.GetValueOrDefault("--end") ?? "100", Inv);
        int denseMax = int.Parse(opts.GetValueOrDefault("--dense-max") ?? "300", Inv);
        double budget = double.Parse(opts.GetValueOrDefault("--point-budget") ?? "4", Inv);
        string? json = opts.GetValueOrDefault("--json");
        var peers = Peers(opts);
        double peerCap = double.Parse(opts.GetValueOrDefault("--peer-cap") ?? "600", Inv);
        bool cpu = opts.GetValueOrDefault("--clock") == "cpu";
        string referenceSolver = opts.GetValueOrDefault("--reference") ?? "rodas5p";
        string[] configs = (opts.GetValueOrDefault("--configs") ?? "rodas5p:dense,rodas5p:sparse,bdf:dense,bdf:sparse,auto:auto").Split(',');
        const double floor = 1e-6;
        var points = new List<Point>();
        Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"# work-precision: t in [0, {end}], 100 intervals, atol = 1e-6 rtol, error floor {floor}; medians of up to {reps} runs after a warm-up (1 run when a run exceeds {budget} s); time = {(cpu ? "CPU time of the solving thread (SciPy's and deSolve's: their process's)" : "wall-clock time")}");
        foreach (string problem in problems)
        {
            bool stiff = problem.EndsWith('s');
            int n = int.Parse(problem["network".Length..].TrimEnd('s'), Inv);
            var compiled = ModelCompiler.Compile(AntimonyReader.Parse(NetworkGenerator.Antimony(n, stiff: stiff), problem + ".ant"));
            var sim = compiled.CreateSimulator();
            var sw = Stopwatch.StartNew();
            var reference = sim.Run(new SimulationSettings { End = end, Steps = 100, Solver = referenceSolver, LinearSolver = LinearSolverKind.Auto, RelTol = 1e-11, AbsTol = 1e-17 });
            double refTime = sw.Elapsed.TotalSeconds;
            sim.Reset();
            var check = sim.Run(new SimulationSettings { End = end, Steps = 100, Solver = referenceSolver == "bdf" ? "rodas5p" : "bdf", RelTol = referenceSolver == "bdf" ? 1e-8 : 1e-11, LinearSolver = LinearSolverKind.Auto, AbsTol = 1e-17 });
            sim.Reset();
            Console.WriteLine();
            Console.WriteLine(string.Create(Inv, $"## {problem}: {n} species, {compiled.JacobianNonZeros} Jacobian non-zeros; reference {referenceSolver} rtol 1e-11 ({refTime:F1} s, {reference.Statistics}); {(referenceSolver == "bdf" ? "Rodas5P at rtol 1e-8" : "BDF at rtol 1e-11")} differs from it by {Error(check, reference, floor):0.0e0}"));
            Console.WriteLine();
            Console.WriteLine("| solver | linear | rtol | time | error | steps (rejected) | f | J | LU |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            foreach (string config in configs)
            {
                string solver = config.Split(':')[0];
                var linear = LinearSolverChoice.Parse(config.Split(':')[1]);
                if (linear == LinearSolverKind.Dense && n > denseMax) continue;
                foreach (double rtol in tolerances)
                {
                    var settings = new SimulationSettings { End = end, Steps = 100, Solver = solver, LinearSolver = linear, RelTol = rtol, AbsTol = rtol * 1e-6 };
                    SimulationResult result;
                    double warmCpu;
                    try
                    {
                        sim.Reset();
                        sw.Restart();
                        warmCpu = ThreadCpu.Seconds();
                        result = sim.Run(settings); // warm-up
                        warmCpu = ThreadCpu.Seconds() - warmCpu;
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        Console.WriteLine($"| {solver} | {config.Split(':')[1]} | {rtol:0e0} | failed: {e.Message} | | | | | |");
                        continue;
                    }
                    double first = sw.Elapsed.TotalSeconds;
                    var times = new List<double>();
                    int runs = first > budget ? 0 : reps;
                    for (int r = 0; r < runs; r++)
                    {
                        sim.Reset();
                        sw.Restart();
                        double cpu0 = ThreadCpu.Seconds();
                        result = sim.Run(settings);
                        times.Add(cpu ? ThreadCpu.Seconds() - cpu0 : sw.Elapsed.TotalSeconds);
                    }
                    if (times.Count == 0) times.Add(cpu ? warmCpu : first);
                    times.Sort();
                    double median = times.Count % 2 == 1 ? times[times.Count / 2] : 0.5 * (times[times.Count / 2 - 1] + times[times.Count / 2]);
                    var st = result.Statistics;
                    var p = new Point(problem, solver, config.Split(':')[1], rtol, median, Error(result, reference, floor),
                        st.AcceptedSteps, st.RejectedSteps, st.FunctionEvaluations, st.JacobianEvaluations, st.LuDecompositions, times.Count);
                    points.Add(p);
                    Console.WriteLine(string.Create(Inv,
                        $"| {p.Solver} | {p.Linear} | {rtol:0e0} | {Ms(median)} | {p.Error:0.0e0} | {p.Steps} ({p.Rejected}) | {p.FunctionEvaluations} | {p.Jacobians} | {p.Factorisations} |"));
                }
            }
            foreach (var peer in peers)
            {
                foreach (string method in peer.Methods(n, denseMax))
                {
                    foreach (var p in RunPeer(peer, method, problem, NetworkGenerator.Antimony(n, stiff: stiff), end, reps, tolerances, reference, floor, cpu, peerCap))
                    {
                        points.Add(p);
                        Console.WriteLine(string.Create(Inv,
                            $"| {p.Solver} | {method} | {p.RelTol:0e0} | {Ms(p.Seconds)} | {p.Error:0.0e0} | {p.Steps} | {p.FunctionEvaluations} | {p.Jacobians} | {p.Factorisations} |"));
                    }
                }
            }

            Ratios(points.Where(p => p.Problem == problem).ToList());
        }

        if (json is not null)
        {
            File.WriteAllText(json, JsonSerializer.Serialize(points, JsonOptions));
        }
    }

    /// <summary>
    /// A peer driver that reads the reaction table (bench/peers/cvode_network.c's header) and answers with
    /// "rtol seconds steps fevals jevals lu_setups" lines and OUT_PREFIX_RTOL.csv files: the command that starts it, and the
    /// methods (the driver's third argument) to run on a network of n species.
    /// </summary>
    private sealed record Peer(string Name, string[] Command, Func<int, int, string[]> Methods);

    /// <summary>The peers named on the command line: --cvode DRIVER, --scipy SCRIPT (Debian's python3), --desolve SCRIPT (Rscript).</summary>
    private static List<Peer> Peers(Dictionary<string, string> opts)
    {
        var peers = new List<Peer>();
        if (opts.GetValueOrDefault("--cvode") is { } cvode)
            peers.Add(new Peer("cvode", [cvode], (n, denseMax) => n <= denseMax ? ["klu", "dense"] : ["klu"]));
        if (opts.GetValueOrDefault("--scipy") is { } scipy)
            peers.Add(new Peer("scipy", [opts.GetValueOrDefault("--python") ?? "/usr/bin/python3", scipy], (_, _) => ["bdf", "lsoda"]));
        if (opts.GetValueOrDefault("--desolve") is { } desolve)
            peers.Add(new Peer("desolve", ["Rscript", desolve], (_, _) => ["lsodes"]));
        return peers;
    }

    /// <summary>
    /// Runs a peer driver on the network's reaction table, written from the generated Antimony text, and reads its
    /// outputs back to measure their error against the same reference. A tolerance whose line does not come within
    /// <paramref name="cap"/> seconds ends the driver: that tolerance and the tighter ones are reported as capped.
    /// </summary>
    private static List<Point> RunPeer(Peer peer, string method, string problem, string antimony, double end, int reps,
        double[] tolerances, SimulationResult reference, double floor, bool cpu, double cap)
    {
        string dir = Directory.CreateTempSubdirectory($"trkb-{peer.Name}-").FullName;
        try
        {
            string table = Path.Combine(dir, "table.txt");
            int n = WriteTable(antimony, table);
            var psi = new ProcessStartInfo(peer.Command[0]) { RedirectStandardOutput = true, UseShellExecute = false };
            psi.Environment["CVODE_CLOCK"] = cpu ? "cpu" : "wall";
            foreach (string a in peer.Command.Skip(1).Concat([table, end.ToString("R", Inv), method, reps.ToString(Inv), Path.Combine(dir, "out")]))
                psi.ArgumentList.Add(a);
            var ordered = tolerances.OrderByDescending(t => t).ToArray();
            foreach (double t in ordered) psi.ArgumentList.Add(t.ToString("R", Inv));
            using var process = Process.Start(psi)!;
            var points = new List<Point>();
            for (int answered = 0; answered < ordered.Length; answered++)
            {
                var next = process.StandardOutput.ReadLineAsync();
                if (!next.Wait(TimeSpan.FromSeconds(cap)))
                {
                    process.Kill(entireProcessTree: true);
                    Console.WriteLine(string.Create(Inv, $"| {peer.Name} | {method} | {string.Join(", ", ordered.Skip(answered).Select(t => t.ToString("0e0", Inv)))} | capped: no answer within {cap} s | | | | | |"));
                    break;
                }

                string? line = next.Result;
                if (line is null) break;
                string[] f = line.Split(' ');
                if (!double.TryParse(f[0], NumberStyles.Float, Inv, out _))
                {
                    Console.Error.WriteLine($"{peer.Name} {method}: {line}"); // a driver's own message (deSolve's solver warnings)
                    answered--;
                    continue;
                }

                if (f.Length < 6) { Console.WriteLine($"| {peer.Name} | {method} | {f[0]} | failed | | | | | |"); continue; }
                double rtol = double.Parse(f[0], Inv);
                string[] rows = File.ReadAllLines(Path.Combine(dir, $"out_{f[0]}.csv"));
                double worst = 0;
                for (int i = 0; i < n; i++)
                {
                    int col = reference.IndexOf($"S{i}");
                    for (int k = 0; k < rows.Length; k++)
                    {
                        double v = double.Parse(rows[k].Split(',')[i], Inv);
                        double r = reference.Values[col][k];
                        worst = Math.Max(worst, Math.Abs(v - r) / Math.Max(Math.Abs(r), floor));
                    }
                }

                points.Add(new Point(problem, peer.Name, method, rtol, double.Parse(f[1], Inv), worst, long.Parse(f[2], Inv), 0,
                    long.Parse(f[3], Inv), long.Parse(f[4], Inv), long.Parse(f[5], Inv), reps));
            }

            process.WaitForExit();
            return points;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The reaction table cvode_network.c reads (see its header); returns the number of species.</summary>
    private static int WriteTable(string antimony, string path)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var y0 = new List<double>();
        var reactions = new List<string>();
        int Species(string s) => s.Length == 0 ? -1 : int.Parse(s.Trim()[1..], Inv);
        foreach (string raw in antimony.Split('\n'))
        {
            string line = raw.Trim();
            Match m;
            if ((m = Regex.Match(line, @"^species S(\d+) in cell = (.+);$")).Success)
            {
                y0.Add(double.Parse(m.Groups[2].Value, Inv));
            }
            else if ((m = Regex.Match(line, @"^(\w+) = ([^;]+);(?: (\w+) = ([^;]+);)?$")).Success)
            {
                values[m.Groups[1].Value] = double.Parse(m.Groups[2].Value, Inv);
                if (m.Groups[3].Success) values[m.Groups[3].Value] = double.Parse(m.Groups[4].Value, Inv);
            }
            else if ((m = Regex.Match(line, @"^\w+: (.*)->(.*); (.*);$")).Success)
            {
                string[] lhs = m.Groups[1].Value.Trim().Length == 0 ? [] : m.Groups[1].Value.Split('+', StringSplitOptions.TrimEntries);
                int c = Species(m.Groups[2].Value.Trim());
                string law = m.Groups[3].Value;
                string first = law.Split('*')[0];
                string entry = law.Contains('/', StringComparison.Ordinal)
                    ? $"3 {values[first]:R} {values[Regex.Match(law, @"\((\w+) \+").Groups[1].Value]:R} {Species(lhs[0])} -1 {c}"
                    : lhs.Length switch
                    {
                        0 => $"0 {values[law]:R} 0 -1 -1 {c}",
                        1 => $"1 {values[first]:R} 0 {Species(lhs[0])} -1 {c}",
                        _ => $"2 {values[first]:R} 0 {Species(lhs[0])} {Species(lhs[1])} {c}",
                    };
                reactions.Add(entry);
            }
        }

        using var w = new StreamWriter(path);
        w.WriteLine(y0.Count.ToString(Inv));
        w.WriteLine(string.Join(' ', y0.Select(v => v.ToString("R", Inv))));
        foreach (string r in reactions) w.WriteLine(r);
        return y0.Count;
    }

    private static string Ms(double seconds) => seconds < 1 ? string.Create(Inv, $"{seconds * 1e3:F1} ms") : string.Create(Inv, $"{seconds:F2} s");

    private static double Error(SimulationResult result, SimulationResult reference, double floor)
    {
        double worst = 0;
        for (int c = 0; c < result.Values.Length; c++)
        {
            for (int k = 0; k < result.Values[c].Length; k++)
            {
                double r = reference.Values[c][k];
                worst = Math.Max(worst, Math.Abs(result.Values[c][k] - r) / Math.Max(Math.Abs(r), floor));
            }
        }

        return worst;
    }

    /// <summary>CPU time of the calling thread (clock_gettime, CLOCK_THREAD_CPUTIME_ID): less disturbed by other jobs than wall time.</summary>
    private static class ThreadCpu
    {
        public static double Seconds() => NativeMethods.clock_gettime(3, out var ts) == 0 ? ts.Seconds + 1e-9 * ts.Nanoseconds : double.NaN;
    }

    private static bool IsBdfSparse(Point p) => p.Solver == "bdf" && p.Linear != "dense";

    /// <summary>
    /// Time of each configuration at equal accuracy to BDF sparse: the other's time read off its work-precision line
    /// (log-log interpolation between its two points that bracket BDF's error) divided into BDF's time; geometric mean.
    /// </summary>
    private static void Ratios(List<Point> points)
    {
        var bdf = points.Where(IsBdfSparse).OrderBy(p => p.Error).ToList();
        foreach (var group in points.Where(p => !IsBdfSparse(p)).GroupBy(p => (p.Solver, p.Linear)))
        {
            var line = group.OrderBy(p => p.Error).ToList();
            var logs = new List<double>();
            foreach (var b in bdf)
            {
                for (int i = 0; i + 1 < line.Count; i++)
                {
                    var lo = line[i];
                    var hi = line[i + 1];
                    if (b.Error >= lo.Error && b.Error <= hi.Error && hi.Error > lo.Error)
                    {
                        double w = Math.Log(b.Error / lo.Error) / Math.Log(hi.Error / lo.Error);
                        double other = Math.Exp(Math.Log(lo.Seconds) + w * Math.Log(hi.Seconds / lo.Seconds));
                        logs.Add(Math.Log(b.Seconds / other));
                        break;
                    }
                }
            }

            Console.WriteLine(logs.Count == 0
                ? $"- BDF sparse / {group.Key.Solver} {group.Key.Linear} at equal accuracy: no overlapping errors"
                : string.Create(Inv, $"- BDF sparse / {group.Key.Solver} {group.Key.Linear} at equal accuracy: {Math.Exp(logs.Average()):F2} (geometric mean of {logs.Count} points; below 1: BDF faster)"));
        }
    }
}
