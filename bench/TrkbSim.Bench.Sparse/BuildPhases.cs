using System.Diagnostics;
using System.Globalization;
using TrkbSim.Bench;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Numerics.LinearAlgebra;
using TrkbSim.Simulation;

namespace TrkbSim.Bench.Sparse;

/// <summary>
/// The build of one large generated network split by phase (<c>--build-phases N</c>, <c>--reps</c>): text generation,
/// Antimony parse (with flattening and validation), compile (code generation and the JIT of the rate delegates), the
/// first right-hand side call, the first sparse Jacobian call (its delegates are compiled on first use), the
/// minimum-degree ordering of W + Wᵀ and the first (pivoting) sparse factorisation of W = I/h − J. Wall and process
/// CPU time per phase, each a median over the repetitions (every repetition in the same process, so the first one pays
/// the JIT of TrkbSim's own code; it is reported separately), and the peak working set.
/// </summary>
internal static class BuildPhases
{
    private static readonly string[] Names =
        ["generate", "parse", "compile", "first RHS", "first sparse Jacobian", "ordering (AMD)", "first factorisation"];

    public static void Run(int species, int reps, bool factor)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"# build of network{species}s by phase, {reps} repetitions in one process (wall / process CPU, ms)");
        var wall = Names.Select(_ => new List<double>()).ToArray();
        var cpu = Names.Select(_ => new List<double>()).ToArray();
        int jacobianNonZeros = 0, factorNonZeros = 0;
        for (int r = 0; r < reps; r++)
        {
            // Each repetition starts from a collected heap, so that no phase pays for the last repetition's garbage.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var proc = Process.GetCurrentProcess();
            int phase = 0;
            var sw = Stopwatch.StartNew();
            var cpu0 = proc.TotalProcessorTime;
            void Mark()
            {
                proc.Refresh();
                var now = proc.TotalProcessorTime;
                wall[phase].Add(sw.Elapsed.TotalMilliseconds);
                cpu[phase].Add((now - cpu0).TotalMilliseconds);
                phase++;
                cpu0 = now;
                sw.Restart();
            }

            string text = NetworkGenerator.Antimony(species, stiff: true);
            Mark();
            var model = AntimonyReader.Parse(text, $"network{species}s.ant");
            Mark();
            var compiled = ModelCompiler.Compile(model);
            Mark();
            var sim = compiled.CreateSimulator();
            var y = sim.GetState();
            var dydt = new double[y.Length];
            sim.OdeSystem.Derivatives(0, y, dydt);
            Mark();
            var values = new double[compiled.JacobianNonZeros];
            var system = (TrkbSim.Numerics.Ode.ISparseJacobianSystem)sim.OdeSystem;
            system.SparseJacobian(0, y, values);
            Mark();
            jacobianNonZeros = compiled.JacobianNonZeros;
            if (!factor) continue;

            // W = I/h - J by columns, as the stiff solvers build it (h = 0.01).
            var byColumns = system.JacobianPattern.Transpose(out int[] fromRows).WithDiagonal();
            var lu = new SparseLu(byColumns);
            Mark();
            var w = new double[byColumns.NonZeros];
            var rowsT = system.JacobianPattern.Transpose(out _);
            for (int j = 0; j < y.Length; j++)
            {
                var line = rowsT.Line(j);
                for (int q = 0; q < line.Length; q++)
                    w[byColumns.Find(j, line[q])] = -values[fromRows[rowsT.Starts[j] + q]];
                w[byColumns.Find(j, j)] += 100.0;
            }
            if (!lu.Factor(w)) throw new InvalidOperationException("W is singular");
            factorNonZeros = lu.FactorNonZeros;
            Mark();
        }

        Console.WriteLine($"# {species} species, {jacobianNonZeros} Jacobian non-zeros{(factor ? $", L+U {factorNonZeros} non-zeros" : "")}");
        Console.WriteLine("| phase | first build: wall | first build: CPU | later builds: median wall | later builds: median CPU |");
        Console.WriteLine("|---|---|---|---|---|");
        double Median(List<double> xs)
        {
            var later = xs.Skip(1).Order().ToList();
            if (later.Count == 0) return double.NaN;
            return later.Count % 2 == 1 ? later[later.Count / 2] : 0.5 * (later[later.Count / 2 - 1] + later[later.Count / 2]);
        }
        for (int k = 0; k < Names.Length; k++)
        {
            if (wall[k].Count == 0) continue;
            Console.WriteLine(string.Create(inv, $"| {Names[k]} | {wall[k][0]:F0} | {cpu[k][0]:F0} | {Median(wall[k]):F0} | {Median(cpu[k]):F0} |"));
        }
        double buildFirst = wall[1][0] + wall[2][0], buildLater = Median(wall[1]) + Median(wall[2]);
        double buildFirstCpu = cpu[1][0] + cpu[2][0], buildLaterCpu = Median(cpu[1]) + Median(cpu[2]);
        Console.WriteLine(string.Create(inv,
            $"| build = parse + compile | {buildFirst:F0} | {buildFirstCpu:F0} | {buildLater:F0} | {buildLaterCpu:F0} |"));
        Console.WriteLine(string.Create(inv,
            $"# peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB; load at end {File.ReadAllText("/proc/loadavg").Trim()}"));
    }
}
