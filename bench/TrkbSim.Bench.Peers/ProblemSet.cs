using System.Globalization;

namespace TrkbSim.Bench.Peers;

/// <summary>One benchmark problem as described in bench/problems: output times, tolerance scale and reference solution.</summary>
public sealed record BenchmarkProblem(string Name, int Dimension, double AtolScale, string Description, double[] Times)
{
    /// <summary>Path of the problem's Antimony model.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Path of the reference solution (time column, then y1..yn).</summary>
    public required string ReferencePath { get; init; }
}

/// <summary>Reads the problem table (problems.tsv), output times (*.times) and solutions (*.csv) shared by every peer.</summary>
public static class ProblemSet
{
    public static IReadOnlyList<BenchmarkProblem> Load(string directory)
    {
        var problems = new List<BenchmarkProblem>();
        foreach (var line in File.ReadLines(Path.Combine(directory, "problems.tsv")))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split('\t');
            string name = parts[0];
            problems.Add(new BenchmarkProblem(name, int.Parse(parts[1], CultureInfo.InvariantCulture),
                double.Parse(parts[2], CultureInfo.InvariantCulture), parts[3], ReadTimes(Path.Combine(directory, name + ".times")))
            {
                ModelPath = Path.Combine(directory, name + ".ant"),
                ReferencePath = Path.Combine(directory, name + ".ref.csv"),
            });
        }
        return problems;
    }

    public static double[] ReadTimes(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Reads a solution CSV (header row, then time and state columns) as rows.</summary>
    public static double[][] ReadSolution(string path) =>
        File.ReadLines(path).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

    /// <summary>Writes a solution CSV with round-trip precision.</summary>
    public static void WriteSolution(string path, double[] times, IReadOnlyList<double[]> columns)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("time," + string.Join(',', Enumerable.Range(1, columns.Count).Select(i => $"y{i}")));
        for (int k = 0; k < times.Length; k++)
        {
            w.Write(times[k].ToString("R", CultureInfo.InvariantCulture));
            foreach (var c in columns) { w.Write(','); w.Write(c[k].ToString("R", CultureInfo.InvariantCulture)); }
            w.WriteLine();
        }
    }
}
