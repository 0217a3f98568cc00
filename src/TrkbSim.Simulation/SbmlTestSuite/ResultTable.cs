using System.Collections.Immutable;
using System.Globalization;

namespace TrkbSim.Simulation.SbmlTestSuite;

/// <summary>Expected results of a case (NNNNN-results.csv): a time column and one column per variable.</summary>
public sealed record ResultTable(ImmutableArray<string> Columns, double[] Times, double[][] Values)
{
    /// <summary>Parses the CSV; NaN, INF and -INF are accepted in any letter case.</summary>
    public static ResultTable Parse(string text, string fileName)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) throw new FormatException($"{fileName}: empty results file");
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        if (header.Length < 1 || !header[0].Equals("time", StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"{fileName}:1: expected a header starting with 'time'");
        var columns = header.AsSpan(1).ToImmutableArray();
        var times = new double[lines.Count - 1];
        var values = columns.Select(_ => new double[lines.Count - 1]).ToArray();
        for (int r = 1; r < lines.Count; r++)
        {
            var cells = lines[r].Split(',');
            if (cells.Length != header.Length)
                throw new FormatException($"{fileName}:{r + 1}: expected {header.Length} values, found {cells.Length}");
            times[r - 1] = Number(cells[0], fileName, r + 1);
            for (int c = 1; c < cells.Length; c++) values[c - 1][r - 1] = Number(cells[c], fileName, r + 1);
        }
        return new ResultTable(columns, times, values);
    }

    internal static double Number(string cell, string fileName, int line)
    {
        var t = cell.Trim();
        switch (t.ToUpperInvariant())
        {
            case "NAN": return double.NaN;
            case "INF" or "+INF" or "INFINITY": return double.PositiveInfinity;
            case "-INF" or "-INFINITY": return double.NegativeInfinity;
        }
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"{fileName}:{line}: '{cell}' is not a number");
    }
}
