using ScottPlot;
using ScottPlot.TickGenerators;

namespace TrkbSim.Bench.Peers;

/// <summary>Draws one problem's work-precision diagram (error against time over the tolerance range, log-log) as PNG.</summary>
public static class WorkPrecisionPlot
{
    public static void Save(string problem, IReadOnlyList<EvaluatedRun> runs, Func<string, string> label, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        foreach (var group in runs.Where(r => r.Problem == problem).GroupBy(r => r.Tool).OrderBy(g => ToolOrder(g.Key)))
        {
            var color = palette.GetColor(colour++);
            var ok = group.Where(r => r.Counts && r.MaxRelError > 0).OrderBy(r => r.RelTol).ToArray();
            if (ok.Length > 0)
            {
                var line = plot.Add.Scatter(ok.Select(r => Math.Log10(r.MaxRelError)).ToArray(), ok.Select(r => Math.Log10(r.Seconds)).ToArray());
                line.LegendText = label(group.Key);
                line.Color = color;
                line.LineWidth = group.Key.StartsWith("trkbsim", StringComparison.Ordinal) ? 3 : 1.5f;
                line.MarkerSize = 7;
            }
            // Runs that finished with a wrong answer are shown as crosses: their time does not count.
            var wrong = group.Where(r => !r.Counts && double.IsFinite(r.MaxRelError) && r.MaxRelError > 0 && double.IsFinite(r.Seconds)).ToArray();
            if (wrong.Length > 0)
            {
                var marks = plot.Add.ScatterPoints(wrong.Select(r => Math.Log10(r.MaxRelError)).ToArray(), wrong.Select(r => Math.Log10(r.Seconds)).ToArray());
                marks.Color = color;
                marks.MarkerShape = MarkerShape.Cross;
                marks.MarkerSize = 10;
                if (ok.Length == 0) marks.LegendText = label(group.Key) + " (wrong)";
            }
        }
        plot.Title($"{problem}: work-precision");
        plot.Axes.Bottom.Label.Text = "max relative error vs reference";
        plot.Axes.Left.Label.Text = "median wall time of one solve (s)";
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
