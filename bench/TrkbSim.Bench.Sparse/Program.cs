using System.Diagnostics;
using System.Globalization;
using TrkbSim.Bench;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation;

// Dense against sparse LU in Rodas5P on the stiff generated networks (bench/Shared/NetworkGenerator.cs, stiff: true),
// with the CLI's default settings (solver auto, rtol 1e-6, atol 1e-12, 100 output intervals), then the build and solve
// of one large network with the default linear solver (auto). Medians of --reps runs after one warm-up run.
var opts = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i + 1 < args.Length; i += 2) opts[args[i]] = args[i + 1];
var inv = CultureInfo.InvariantCulture;
int[] sizes = [.. (opts.GetValueOrDefault("--sizes") ?? "20,40,60,100,300,1000").Split(',').Select(s => int.Parse(s, inv))];
int reps = int.Parse(opts.GetValueOrDefault("--reps") ?? "3", inv);
double end = double.Parse(opts.GetValueOrDefault("--end") ?? "100", inv);
int big = int.Parse(opts.GetValueOrDefault("--big") ?? "10000", inv);
int stepsPerTiming = int.Parse(opts.GetValueOrDefault("--steps") ?? "20", inv);
if (opts.TryGetValue("--build-phases", out var phasesOf))
{
    TrkbSim.Bench.Sparse.BuildPhases.Run(int.Parse(phasesOf, inv), reps + 1, !opts.ContainsKey("--no-factor"));
    return;
}
if (opts.TryGetValue("--big-solve", out var bigSolve))
{
    TrkbSim.Bench.Sparse.BigSolve.Run(int.Parse(bigSolve, inv), double.Parse(opts.GetValueOrDefault("--end") ?? "100", inv),
        opts.GetValueOrDefault("--big-solver") ?? "auto", LinearSolverChoice.Parse(opts.GetValueOrDefault("--linear") ?? "auto"),
        double.Parse(opts.GetValueOrDefault("--budget") ?? "600", inv));
    return;
}
if (opts.TryGetValue("--values-hash", out var hashOf))
{
    foreach (var size in hashOf.Split(',')) TrkbSim.Bench.Sparse.ValuesHash.Run(int.Parse(size, inv));
    return;
}
if (opts.ContainsKey("--work-precision"))
{
    TrkbSim.Bench.Sparse.WorkPrecision.Run(opts);
    return;
}

static double Median(List<double> xs)
{
    xs.Sort();
    return xs.Count % 2 == 1 ? xs[xs.Count / 2] : 0.5 * (xs[xs.Count / 2 - 1] + xs[xs.Count / 2]);
}

Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"# whole run: t in [0, {end}], auto solver, rtol 1e-6, atol 1e-12, 100 intervals; per step: Rodas5P from t = 0, {stepsPerTiming} steps; medians of {reps}");
Console.WriteLine("| species | Jacobian non-zeros | L+U non-zeros | run dense | run sparse | steps (LU) | step dense | step sparse | max rel. difference |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (int n in sizes)
{
    var compiled = ModelCompiler.Compile(AntimonyReader.Parse(NetworkGenerator.Antimony(n, stiff: true), $"network{n}s.ant"));
    var results = new Dictionary<LinearSolverKind, SimulationResult>();
    var runTimes = new Dictionary<LinearSolverKind, double>();
    var stepTimes = new Dictionary<LinearSolverKind, double>();
    int fill = 0;
    foreach (var kind in new[] { LinearSolverKind.Dense, LinearSolverKind.Sparse })
    {
        var settings = new SimulationSettings { End = end, Steps = 100, LinearSolver = kind };
        var sim = compiled.CreateSimulator();
        results[kind] = sim.Run(settings); // warm-up
        var times = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            sim.Reset();
            var sw = Stopwatch.StartNew();
            results[kind] = sim.Run(settings);
            times.Add(sw.Elapsed.TotalSeconds);
        }
        runTimes[kind] = Median(times);

        sim.Reset();
        var system = sim.OdeSystem;
        var y0 = sim.GetState();
        var solver = new Rodas5PSolver();
        var options = new OdeOptions { RelTol = 1e-6, AbsTol = 1e-12, LinearSolver = kind };
        var perStep = new List<double>();
        for (int r = 0; r <= reps; r++)
        {
            solver.Initialize(system, 0, y0, options);
            var sw = Stopwatch.StartNew();
            for (int s = 0; s < stepsPerTiming; s++) solver.Step(end);
            if (r > 0) perStep.Add(sw.Elapsed.TotalSeconds / (solver.Statistics.AcceptedSteps + solver.Statistics.RejectedSteps));
        }
        stepTimes[kind] = Median(perStep);
        if (solver.SparseFactors is { } lu) fill = lu.FactorNonZeros;
    }

    double maxDiff = 0;
    var a = results[LinearSolverKind.Dense].Values;
    var b = results[LinearSolverKind.Sparse].Values;
    for (int c = 0; c < a.Length; c++)
        for (int k = 0; k < a[c].Length; k++)
            maxDiff = Math.Max(maxDiff, Math.Abs(a[c][k] - b[c][k]) / Math.Max(Math.Abs(a[c][k]), 1e-6));
    var st = results[LinearSolverKind.Sparse].Statistics;
    Console.WriteLine(string.Create(inv,
        $"| {n} | {compiled.JacobianNonZeros} | {fill} | {runTimes[LinearSolverKind.Dense] * 1e3:F1} ms | {runTimes[LinearSolverKind.Sparse] * 1e3:F1} ms | " +
        $"{st.AcceptedSteps + st.RejectedSteps} ({st.LuDecompositions}) | {stepTimes[LinearSolverKind.Dense] * 1e3:F3} ms | {stepTimes[LinearSolverKind.Sparse] * 1e3:F3} ms | {maxDiff:0.0e0} |"));
}

if (big > 0)
{
    var total = Stopwatch.StartNew();
    var sw = Stopwatch.StartNew();
    string text = NetworkGenerator.Antimony(big, stiff: true);
    double generate = sw.Elapsed.TotalSeconds;
    sw.Restart();
    var model = AntimonyReader.Parse(text, $"network{big}s.ant");
    double parse = sw.Elapsed.TotalSeconds;
    sw.Restart();
    var compiled = ModelCompiler.Compile(model);
    double compile = sw.Elapsed.TotalSeconds;
    var sim = compiled.CreateSimulator();
    Console.WriteLine();
    Console.WriteLine(string.Create(inv,
        $"{big} species, {compiled.JacobianNonZeros} Jacobian non-zeros: generate {generate:F2} s, parse {parse:F2} s, compile {compile:F2} s (build {parse + compile:F2} s)"));

    // Rodas5P with the default (auto) linear solver: the first step pays for the ordering and the first factorisation.
    var solver = new Rodas5PSolver();
    var y0 = sim.GetState();
    sw.Restart();
    solver.Initialize(sim.OdeSystem, 0, y0, new OdeOptions { RelTol = 1e-6, AbsTol = 1e-12 });
    solver.Step(end);
    double first = sw.Elapsed.TotalSeconds;
    var fill = solver.SparseFactors?.FactorNonZeros ?? 0;
    sw.Restart();
    solver.Step(end);
    solver.Step(end);
    double next = sw.Elapsed.TotalSeconds / 2;
    Console.WriteLine(string.Create(inv,
        $"Rodas5P, {(solver.UsesSparseLinearSolver ? "sparse" : "dense")}: first step {first:F2} s (ordering, symbolic and first factorisation included; L+U {fill} non-zeros), " +
        $"next steps {next:F2} s each ({solver.Statistics})"));

    // The whole run as trkbsim simulate would do it, within a time budget.
    double budget = double.Parse(opts.GetValueOrDefault("--budget") ?? "300", inv);
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(budget));
    sw.Restart();
    string outcome;
    try
    {
        var result = sim.Run(new SimulationSettings { End = end, Steps = 100, Solver = opts.GetValueOrDefault("--big-solver") ?? "auto", Cancellation = stop.Token });
        outcome = $"solved to t = {end} in {sw.Elapsed.TotalSeconds:F1} s ({result.Statistics})";
    }
    catch (OperationCanceledException e)
    {
        outcome = $"not finished within {budget} s: {e.Message}";
    }
    Console.WriteLine(string.Create(inv,
        $"whole run ({opts.GetValueOrDefault("--big-solver") ?? "auto"}, default linear solver): {outcome}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB; total {total.Elapsed.TotalSeconds:F1} s"));
}
