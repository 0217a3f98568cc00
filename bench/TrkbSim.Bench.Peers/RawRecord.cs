using System.Globalization;

namespace TrkbSim.Bench.Peers;

/// <summary>
/// One timed (problem, tool, tolerance) run as each peer writes it: a tab-separated line in TOOL.tsv.
/// Work counters are -1 when the tool does not report them.
/// </summary>
public sealed record RawRecord(
    string Tool, string Problem, double RelTol, double AbsTol, double MedianSeconds, double MinSeconds, int Reps,
    long Steps, long RhsEvals, long JacEvals, long LuDecomps, bool Failed, string SolutionFile)
{
    public const string Header =
        "tool\tproblem\trtol\tatol\tmedian_seconds\tmin_seconds\treps\tsteps\trhs_evals\tjac_evals\tlu_decomps\tfailed\tsolution_file";

    public string ToLine()
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join('\t', Tool, Problem, RelTol.ToString("R", c), AbsTol.ToString("R", c), MedianSeconds.ToString("R", c),
            MinSeconds.ToString("R", c), Reps.ToString(c), Steps.ToString(c), RhsEvals.ToString(c), JacEvals.ToString(c),
            LuDecomps.ToString(c), Failed ? "1" : "0", SolutionFile);
    }

    /// <summary>Reads every TOOL.tsv in a directory (tools that were not run simply have no file).</summary>
    public static IEnumerable<RawRecord> ReadAll(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.tsv").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) is "build.tsv") continue;
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                if (line.Length == 0) continue;
                var p = line.Split('\t');
                yield return new RawRecord(p[0], p[1], D(p[2]), D(p[3]), D(p[4]), D(p[5]), (int)L(p[6]),
                    L(p[7]), L(p[8]), L(p[9]), L(p[10]), p[11] != "0", p.Length > 12 ? p[12] : "");
            }
        }
    }

    private static double D(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    private static long L(string s) =>
        long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;
}
