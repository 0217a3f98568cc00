using System.Text.Json;

namespace TrkbSim.Bench.Peers;

/// <summary>
/// Work-precision diagrams of the generated reaction networks from bench/results/networks-peers.json (the points
/// TrkbSim.Bench.Sparse --work-precision writes: one per problem, solver, linear solver and tolerance, CPU time).
/// </summary>
public static class NetworkPlots
{
    /// <summary>A point counts when its error is at most this many times its rtol (as network_report.py and peers.json).</summary>
    public const double WithinToleranceFactor = 1000;

    private sealed record Point(string Problem, string Solver, string Linear, double RelTol, double Seconds, double Error);

    /// <summary>Configurations in drawing order (colours follow it) with their labels, as in network_report.py.</summary>
    private static readonly (string Solver, string Linear, string Label)[] Configurations =
    [
        ("auto", "auto", "TrkbSim (auto)"), ("bdf", "sparse", "TrkbSim (BDF, sparse)"), ("rodas5p", "sparse", "TrkbSim (Rodas5P, sparse)"),
        ("cvode", "klu", "CVODE BDF + KLU"), ("cvode", "dense", "CVODE BDF, dense"), ("scipy", "bdf", "SciPy BDF (sparse)"),
        ("scipy", "lsoda", "SciPy LSODA"), ("desolve", "lsodes", "deSolve lsodes"),
        ("bdf", "dense", "TrkbSim (BDF, dense)"), ("rodas5p", "dense", "TrkbSim (Rodas5P, dense)"),
    ];

    /// <summary>Writes PLOTDIR/PROBLEM.png for each problem in the file; returns the paths written.</summary>
    public static IReadOnlyList<string> Save(string jsonPath, string plotDir)
    {
        var points = JsonSerializer.Deserialize<Point[]>(File.ReadAllText(jsonPath))
            ?? throw new InvalidDataException($"{jsonPath}: no points");
        var written = new List<string>();
        foreach (var problem in points.Select(p => p.Problem).Distinct())
        {
            var series = new List<WorkPrecisionPlot.Series>();
            foreach (var (solver, linear, label) in Configurations)
            {
                var mine = points.Where(p => p.Problem == problem && p.Solver == solver && p.Linear == linear && p.Error > 0
                    && double.IsFinite(p.Error) && double.IsFinite(p.Seconds)).OrderBy(p => p.RelTol).ToArray();
                if (mine.Length == 0) continue;
                series.Add(new WorkPrecisionPlot.Series(label, solver is "auto" or "bdf" or "rodas5p",
                    mine.Where(p => p.Error <= WithinToleranceFactor * p.RelTol).Select(p => (p.Error, p.Seconds)).ToArray(),
                    mine.Where(p => p.Error > WithinToleranceFactor * p.RelTol).Select(p => (p.Error, p.Seconds)).ToArray()));
            }
            string path = Path.Combine(plotDir, problem + ".png");
            WorkPrecisionPlot.Save(problem, series, "CPU time of one run (s)", path);
            written.Add(path);
        }
        return written;
    }
}
