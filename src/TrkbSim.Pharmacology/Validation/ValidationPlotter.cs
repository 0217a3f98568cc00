using ScottPlot;
using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Validation;

/// <summary>Predicted vs observed on log-log axes, with the identity line and the 2-fold band.</summary>
public static class ValidationPlotter
{
    /// <summary>All observations on one plot: validation filled, calibration open.</summary>
    public static void Write(ValidationReport report, string path) =>
        Draw([.. report.Rows], $"Validation: {report.Validation.Count(r => r.Within2Fold)} of {report.Validation.Length} validation observations within 2-fold", path);

    /// <summary>One plot per group (compound) with validation observations, in <c>validation/</c> below <paramref name="outDir"/>.</summary>
    public static IReadOnlyList<string> WriteGroups(ValidationReport report, string outDir)
    {
        string dir = Path.Combine(outDir, "validation");
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        foreach (var g in report.ValidationGroups)
        {
            var rows = report.Rows.Where(r => r.Observation.Group == g).ToList();
            var v = rows.Where(r => r.Observation.Use == ObservationUse.Validation).ToList();
            string path = Path.Combine(dir, $"validation_{Slug(g)}.png");
            Draw(rows, $"{g}: {v.Count(r => r.Within2Fold)} of {v.Count} validation observations within 2-fold", path);
            written.Add(path);
        }
        return written;
    }

    /// <summary>A file-name-safe form of a group name.</summary>
    public static string Slug(string group) => new([.. group.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);

    static void Draw(IReadOnlyList<ValidationRow> rows, string title, string path)
    {
        var plot = new Plot();
        var points = rows.Where(r => r.FoldError is not null).ToList();
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var r in points)
        {
            lo = Math.Min(lo, Math.Min(r.Observation.Observed.Value, r.Predicted!.Value));
            hi = Math.Max(hi, Math.Max(r.Observation.Observed.Value, r.Predicted!.Value));
        }
        if (points.Count == 0) (lo, hi) = (0.1, 10);
        double a = Math.Floor(Math.Log10(lo)) - 0.2, b = Math.Ceiling(Math.Log10(hi)) + 0.2;

        var identity = plot.Add.Line(a, a, b, b);
        identity.LegendText = "predicted = observed";
        identity.LineWidth = 1.5f;
        identity.Color = Colors.Black;
        foreach (var (k, label) in new[] { (Math.Log10(2), "2-fold"), (-Math.Log10(2), "") })
        {
            var l = plot.Add.Line(a, a + k, b, b + k);
            l.LinePattern = LinePattern.Dashed;
            l.Color = Colors.Gray;
            l.LegendText = label;
        }
        AddGroup(plot, points.Where(r => r.Within2Fold && r.Observation.Independent), "validation, within 2-fold", Colors.SeaGreen, MarkerShape.FilledCircle);
        AddGroup(plot, points.Where(r => !r.Within2Fold && r.Observation.Independent), "validation, outside 2-fold", Colors.Crimson, MarkerShape.FilledSquare);
        AddGroup(plot, points.Where(r => r.Within2Fold && !r.Observation.Independent), "calibration (not a test), within 2-fold", Colors.SeaGreen, MarkerShape.OpenCircle);
        AddGroup(plot, points.Where(r => !r.Within2Fold && !r.Observation.Independent), "calibration (not a test), outside 2-fold", Colors.Crimson, MarkerShape.OpenSquare);

        PlotKit.LogLeftAxis(plot);
        PlotKit.LogBottomAxis(plot);
        plot.Axes.SetLimits(a, b, a, b);
        int missing = rows.Count - points.Count;
        plot.Title(title + (missing > 0 ? $" ({missing} without a positive prediction not shown)" : ""));
        plot.XLabel("Observed (unit of each observation, log scale)");
        plot.YLabel("Predicted (same unit, log scale)");
        plot.ShowLegend(Alignment.UpperLeft);
        TrkbSim.Analysis.Plotting.PngFile.Save(plot, path, 900, 800);
    }

    static void AddGroup(Plot plot, IEnumerable<ValidationRow> rows, string label, Color color, MarkerShape shape)
    {
        var list = rows.ToList();
        if (list.Count == 0) return;
        double[] xs = [.. list.Select(r => Math.Log10(r.Observation.Observed.Value))];
        double[] ys = [.. list.Select(r => Math.Log10(r.Predicted!.Value))];
        var s = plot.Add.ScatterPoints(xs, ys);
        s.LegendText = label;
        s.Color = color;
        s.MarkerShape = shape;
        s.MarkerSize = 9;
    }
}
