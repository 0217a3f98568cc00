using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace TrkbSim.Bench.Peers;

/// <summary>
/// The build-time cost curve: parse, compile and their sum against the number of species (log-log), read from the
/// BenchmarkDotNet scaling table (`bench/results/build-scaling.md`), with a line of slope 1 for linear growth.
/// </summary>
public static partial class BuildScalingPlot
{
    public sealed record Row(double Species, double ParseMs, double CompileMs, double TotalMs);

    [GeneratedRegex(@"^\|\s*(?<n>[\d,]+)\s*\|\s*(?<parse>[\d.]+)\s*(?<pu>ms|s)\s*\|\s*(?<compile>[\d.]+)\s*(?<cu>ms|s)\s*\|\s*(?<total>[\d.]+)\s*(?<tu>ms|s)\s*\|")]
    private static partial Regex RowPattern();

    /// <summary>The table's rows (species, parse, compile, total in ms); lines that are not data rows are skipped.</summary>
    public static IReadOnlyList<Row> Parse(string markdown)
    {
        var rows = new List<Row>();
        foreach (var line in markdown.Split('\n'))
        {
            var m = RowPattern().Match(line.Trim());
            if (!m.Success) continue;
            double Ms(string value, string unit) => double.Parse(value, CultureInfo.InvariantCulture) * (unit == "s" ? 1000 : 1);
            rows.Add(new Row(double.Parse(m.Groups["n"].Value.Replace(",", ""), CultureInfo.InvariantCulture),
                Ms(m.Groups["parse"].Value, m.Groups["pu"].Value), Ms(m.Groups["compile"].Value, m.Groups["cu"].Value),
                Ms(m.Groups["total"].Value, m.Groups["tu"].Value)));
        }
        return rows;
    }

    /// <summary>Writes the PNG; false when the table has fewer than two rows.</summary>
    public static bool Save(IReadOnlyList<Row> rows, string path)
    {
        if (rows.Count < 2) return false;
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double[] x = rows.Select(r => Math.Log10(r.Species)).ToArray();
        void Series(Func<Row, double> value, string label, int colour, float width)
        {
            var s = plot.Add.Scatter(x, rows.Select(r => Math.Log10(value(r))).ToArray());
            s.LegendText = label;
            s.Color = palette.GetColor(colour);
            s.LineWidth = width;
            s.MarkerSize = 7;
        }
        Series(r => r.TotalMs, "parse + compile", 0, 3);
        Series(r => r.CompileMs, "compile", 1, 1.5f);
        Series(r => r.ParseMs, "parse", 2, 1.5f);
        // Linear growth through the first total, for comparison.
        var first = rows[0];
        var linear = plot.Add.Scatter(new[] { x[0], x[^1] },
            new[] { Math.Log10(first.TotalMs), Math.Log10(first.TotalMs * rows[^1].Species / first.Species) });
        linear.LegendText = "linear growth";
        linear.Color = Colors.Gray;
        linear.LinePattern = LinePattern.Dashed;
        linear.MarkerSize = 0;
        plot.Title("Model build time against model size");
        plot.Axes.Bottom.Label.Text = "species (generated reaction networks)";
        plot.Axes.Left.Label.Text = "build time (ms)";
        var ticks = new NumericAutomatic { MinorTickGenerator = new LogMinorTickGenerator(), IntegerTicksOnly = true, LabelFormatter = v => Math.Pow(10, v).ToString("G", CultureInfo.InvariantCulture) };
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Left.TickGenerator = new NumericAutomatic { MinorTickGenerator = new LogMinorTickGenerator(), IntegerTicksOnly = true, LabelFormatter = v => Math.Pow(10, v).ToString("G", CultureInfo.InvariantCulture) };
        plot.ShowLegend(Edge.Right);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 880, 460);
        return true;
    }
}
