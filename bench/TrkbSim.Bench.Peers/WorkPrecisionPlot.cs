using ScottPlot;
using ScottPlot.TickGenerators;

namespace TrkbSim.Bench.Peers;

/// <summary>Draws one problem's work-precision diagram (error against time over the tolerance range, log-log) as PNG.</summary>
public static class WorkPrecisionPlot
{
    /// <summary>One line of a diagram: points that count (error, seconds) and points with a wrong answer (crosses).</summary>
    public sealed record Series(string Label, bool Emphasised, (double Error, double Seconds)[] Points, (double Error, double Seconds)[] Wrong);

    public static void Save(string problem, IReadOnlyList<EvaluatedRun> runs, Func<string, string> label, string path) =>
        Save(problem, runs.Where(r => r.Problem == problem).GroupBy(r => r.Tool).OrderBy(g => ToolOrder(g.Key)).Select(g => new Series(
                label(g.Key), g.Key.StartsWith("trkbsim", StringComparison.Ordinal),
                g.Where(r => r.Counts && r.MaxRelError > 0).OrderBy(r => r.RelTol).Select(r => (r.MaxRelError, r.Seconds)).ToArray(),
                // Runs that finished with a wrong answer are shown as crosses: their time does not count.
                g.Where(r => !r.Counts && double.IsFinite(r.MaxRelError) && r.MaxRelError > 0 && double.IsFinite(r.Seconds))
                    .Select(r => (r.MaxRelError, r.Seconds)).ToArray())).ToArray(),
            "median wall time of one solve (s)", path);

    /// <summary>Draws the series in their order (colours follow it), error on x and time on y, both log10.</summary>
    public static void Save(string problem, IReadOnlyList<Series> series, string timeLabel, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        foreach (var s in series)
        {
            var color = palette.GetColor(colour++);
            if (s.Points.Length > 0)
            {
                var line = plot.Add.Scatter(s.Points.Select(p => Math.Log10(p.Error)).ToArray(), s.Points.Select(p => Math.Log10(p.Seconds)).ToArray());
                line.LegendText = s.Label;
                line.Color = color;
                line.LineWidth = s.Emphasised ? 3 : 1.5f;
                line.MarkerSize = 7;
            }
            if (s.Wrong.Length > 0)
            {
                var marks = plot.Add.ScatterPoints(s.Wrong.Select(p => Math.Log10(p.Error)).ToArray(), s.Wrong.Select(p => Math.Log10(p.Seconds)).ToArray());
                marks.Color = color;
                marks.MarkerShape = MarkerShape.Cross;
                marks.MarkerSize = 10;
                if (s.Points.Length == 0) marks.LegendText = s.Label + " (wrong)";
            }
        }
        plot.Title($"{problem}: work-precision");
        plot.Axes.Bottom.Label.Text = "max relative error vs reference";
        plot.Axes.Left.Label.Text = timeLabel;
        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.Left.TickGenerator = LogTicks();
        plot.ShowLegend(Edge.Right); // outside the data: the fast, accurate corner is where TrkbSim's lines run
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 980, 520);
    }

    private static NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => $"1e{v:0}",
    };

    /// <summary>TrkbSim first, then the peers in a fixed order, so colours stay the same across plots.</summary>
    public static int ToolOrder(string tool) => tool switch
    {
        "trkbsim" => 0,
        _ when tool.StartsWith("trkbsim", StringComparison.Ordinal) => 1,
        "cvode" => 2,
        "desolve" => 3,
        "scipy-lsoda" => 4,
        "scipy-bdf" => 5,
        "scipy-radau" => 6,
        _ => 7,
    };
}
