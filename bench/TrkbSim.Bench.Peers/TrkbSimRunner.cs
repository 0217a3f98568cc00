#if TRKBSIM_ENGINE
using System.Globalization;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation;

namespace TrkbSim.Bench.Peers;

/// <summary>
/// Times TrkbSim on the benchmark problems: the model is parsed and compiled once (not timed here, see
/// <see cref="BuildTimer"/>), then one simulator runs the problem repeatedly, as CVODE's driver re-initialises one integrator.
/// </summary>
public static class TrkbSimRunner
{
    /// <summary>State columns in the order of the peers' y1..yn.</summary>
    public static IReadOnlyList<string> Variables(BenchmarkProblem p) =>
        p.Name == "pk2c" ? ["Ad", "Ac", "Ap"] : [.. Enumerable.Range(1, p.Dimension).Select(i => $"y{i}")];

    public static void Run(IReadOnlyList<BenchmarkProblem> problems, string outDir, IReadOnlyList<string> rtols,
        IReadOnlyList<string> solvers, double budget, int maxReps)
    {
        Directory.CreateDirectory(outDir);
        using var tsv = new StreamWriter(Path.Combine(outDir, "trkbsim.tsv"));
        tsv.WriteLine(RawRecord.Header);
        var sims = problems.ToDictionary(p => p.Name,
            p => ModelCompiler.Compile(AntimonyReader.Parse(File.ReadAllText(p.ModelPath), p.ModelPath)).CreateSimulator());
        WarmUpProcess(problems, sims, solvers, rtols[0]);
        foreach (var p in problems)
        {
            var sim = sims[p.Name];
            foreach (var solver in solvers)
            {
                string tool = solver == "auto" ? "trkbsim" : "trkbsim-" + solver;
                Directory.CreateDirectory(Path.Combine(outDir, "solutions", tool));
                foreach (var tok in rtols)
                {
                    double rtol = double.Parse(tok, CultureInfo.InvariantCulture), atol = rtol * p.AtolScale;
                    var settings = new SimulationSettings
                    {
                        Start = p.Times[0], End = p.Times[^1], Times = p.Times, Solver = solver,
                        RelTol = rtol, AbsTol = atol, Variables = Variables(p), MaxSteps = 10_000_000,
                    };
                    var record = TimeOne(sim, settings, tool, p, tok, outDir, budget, maxReps);
                    tsv.WriteLine(record.ToLine());
                    tsv.Flush();
                    Console.Error.WriteLine(
                        $"{tool,-16} {p.Name,-10} rtol={tok,-6} median={1e3 * record.MedianSeconds:G3} ms reps={record.Reps} " +
                        $"steps={record.Steps} f={record.RhsEvals} J={record.JacEvals} LU={record.LuDecomps}{(record.Failed ? " FAILED" : "")}");
                }
            }
        }
    }

    /// <summary>
    /// Runs every problem with every solver for about 2 s before anything is timed, so that tiered JIT has
    /// promoted the shared solver and simulator code (otherwise the first point measured pays for it).
    /// </summary>
    private static void WarmUpProcess(IReadOnlyList<BenchmarkProblem> problems, Dictionary<string, Simulator> sims,
        IReadOnlyList<string> solvers, string rtol)
    {
        double tol = double.Parse(rtol, CultureInfo.InvariantCulture), spent = 0;
        while (spent < 2.0)
            foreach (var p in problems)
                foreach (var solver in solvers)
                {
                    var settings = new SimulationSettings
                    {
                        Start = p.Times[0], End = p.Times[^1], Times = p.Times, Solver = solver,
                        RelTol = tol, AbsTol = tol * p.AtolScale, Variables = Variables(p), MaxSteps = 10_000_000,
                    };
                    try { spent += Timing.Seconds(() => sims[p.Name].Run(settings)); }
                    catch (Exception ex) when (ex is OdeSolverException or ArgumentException or InvalidOperationException) { spent += 0.01; }
                }
    }

    private static RawRecord TimeOne(Simulator sim, SimulationSettings settings, string tool, BenchmarkProblem p, string tok,
        string outDir, double budget, int maxReps)
    {
        SimulationResult? result = null;
        try
        {
            // Warm-up: long enough for tiered JIT to settle on optimised code (at least 3 runs and 0.3 s).
            double warm = 0, spent = 0;
            for (int i = 0; i < 200 && (i < 3 || spent < 0.3); i++)
            {
                warm = Timing.Seconds(() => result = sim.Run(settings));
                spent += warm;
            }
            int reps = Timing.Repetitions(warm, budget, maxReps);
            var samples = new List<double>(reps);
            for (int i = 0; i < reps; i++) samples.Add(Timing.Seconds(() => result = sim.Run(settings)));
            string sol = $"solutions/{tool}/{p.Name}_{tok}.csv";
            ProblemSet.WriteSolution(Path.Combine(outDir, sol), result!.Times, result.Values);
            var st = result.Statistics;
            return new RawRecord(tool, p.Name, settings.RelTol, settings.AbsTol, Timing.Median(samples), samples.Min(), reps,
                st.AcceptedSteps + st.RejectedSteps, st.FunctionEvaluations, st.JacobianEvaluations, st.LuDecompositions, false, sol);
        }
        catch (Exception ex) when (ex is OdeSolverException or ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"{tool} {p.Name} rtol={tok}: {ex.Message}");
            return new RawRecord(tool, p.Name, settings.RelTol, settings.AbsTol, double.NaN, double.NaN, 0, -1, -1, -1, -1, true, "");
        }
    }
}
#endif
