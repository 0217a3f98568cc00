using System.Diagnostics;
using System.Globalization;
using TrkbSim.Bench;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation;

namespace TrkbSim.Bench.Sparse;

/// <summary>
/// The whole solve of one large generated stiff network as <c>trkbsim simulate</c> runs it (<c>--big-solve N</c> with
/// <c>--end</c>, <c>--big-solver</c>, <c>--linear</c>, <c>--budget</c>): build, the linear solver <c>auto</c> picks and the
/// fill it predicts, then the run to the end time (100 output intervals, rtol 1e-6, atol 1e-12) with wall and process
/// CPU time, solver statistics and the peak resident set (VmHWM) of the process.
/// </summary>
internal static class BigSolve
{
    public static void Run(int species, double end, string solver, LinearSolverKind linear, double budget)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
        var proc = Process.GetCurrentProcess();
        var sw = Stopwatch.StartNew();
        var compiled = ModelCompiler.Compile(AntimonyReader.Parse(NetworkGenerator.Antimony(species, stiff: true), $"network{species}s.ant"));
        Console.WriteLine(string.Create(inv, $"network{species}s: {compiled.StateCount} states, {compiled.JacobianNonZeros} Jacobian non-zeros; built in {sw.Elapsed.TotalSeconds:F2} s"));
        var sim = compiled.CreateSimulator();
        sw.Restart();
        double ratio = LinearSolverChoice.PredictedFillRatio(compiled.JacobianPattern);
        var chosen = LinearSolverChoice.Resolve(linear, sim.OdeSystem);
        Console.WriteLine(string.Create(inv,
            $"predicted L+U / W entries {ratio:F1} (ordering {sw.Elapsed.TotalSeconds:F2} s); linear solver {LinearSolverChoice.Name(linear)} -> {LinearSolverChoice.Name(chosen)}"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(budget));
        proc.Refresh();
        var cpu0 = proc.TotalProcessorTime;
        sw.Restart();
        string outcome;
        try
        {
            var result = sim.Run(new SimulationSettings { End = end, Steps = 100, Solver = solver, LinearSolver = linear, Cancellation = stop.Token });
            proc.Refresh();
            double total = 0;
            foreach (var column in result.Values) total += column[^1];
            outcome = string.Create(inv,
                $"solved to t = {end} in {sw.Elapsed.TotalSeconds:F1} s wall, {(proc.TotalProcessorTime - cpu0).TotalSeconds:F1} s CPU ({result.Statistics}); sum of the outputs at the end {total:R}");
        }
        catch (OperationCanceledException e)
        {
            outcome = $"not finished within {budget} s: {e.Message}";
        }
        string hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM", StringComparison.Ordinal));
        Console.WriteLine($"{solver}, linear {LinearSolverChoice.Name(linear)}: {outcome}; peak RSS {hwm.Split(':')[1].Trim()}; load {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
