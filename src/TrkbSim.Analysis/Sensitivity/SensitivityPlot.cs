namespace TrkbSim.Analysis.Sensitivity;

/// <summary>
/// Figures of sensitivity results, of the first output, as PNG or SVG (by the path's extension):
/// local: a tornado chart of the normalised sensitivities d ln y / d ln p at the last time, largest magnitude on
/// top; Morris: bars of mu* with sigma beside them; Sobol: first- and total-order bars with their confidence intervals.
/// </summary>
public static class SensitivityPlot
{
    private static readonly ScottPlot.Color First = ScottPlot.Color.FromHex("#1f77b4");
    private static readonly ScottPlot.Color Second = ScottPlot.Color.FromHex("#ff7f0e");

    public static void Save(string path, LocalSensitivityResult r, int width = 900, int height = 600)
    {
        var last = r.Times.Count - 1;
        var values = r.Parameters.Select((id, j) => (Id: id, Value: r.Normalized[0][j][last])).ToArray();
        // Tornado: largest |S| on top; bars without a value (y = 0 at that time) are drawn empty and say so.
        var ordered = values.OrderBy(v => double.IsFinite(v.Value) ? Math.Abs(v.Value) : -1).ToArray();
        var plot = new ScottPlot.Plot();
        var bars = ordered.Select((v, i) => new ScottPlot.Bar
        {
            Position = i,
            Value = double.IsFinite(v.Value) ? v.Value : 0,
            FillColor = v.Value >= 0 ? First : Second,
            Orientation = ScottPlot.Orientation.Horizontal,
        }).ToArray();
        plot.Add.Bars(bars);
        plot.Axes.Left.SetTicks(ordered.Select((_, i) => (double)i).ToArray(),
            ordered.Select(v => double.IsFinite(v.Value) ? v.Id : $"{v.Id} (undefined)").ToArray());
        plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = "raises the output", FillColor = First });
        plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = "lowers the output", FillColor = Second });
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        var zero = plot.Add.VerticalLine(0);
        zero.Color = ScottPlot.Colors.Black;
        zero.LineWidth = 1;
        plot.XLabel($"d ln {r.Outputs[0]} / d ln p at t = {r.Times[last]:G6}");
        plot.Title($"Local sensitivity of {r.Outputs[0]}");
        Write(plot, path, width, height);
    }

    public static void Save(string path, MorrisResult r, int width = 900, int height = 600)
    {
        var o = r.Outputs[0];
        var plot = new ScottPlot.Plot();
        Pairs(plot, r.Parameters, o.MuStar, o.Sigma, "mu*", "sigma");
        var ends = r.Parameters.SelectMany(id => new[] { o.MuStar[id], o.Sigma[id] }).Where(double.IsFinite).Append(0).ToArray();
        FitY(plot, ends.Min(), ends.Max());
        plot.YLabel("elementary effect (per unit range)");
        plot.Title($"Morris screening of {o.Output} ({o.ValidTrajectories} trajectories)");
        Write(plot, path, width, height);
    }

    public static void Save(string path, SobolResult r, int width = 900, int height = 600)
    {
        var o = r.Outputs[0];
        var plot = new ScottPlot.Plot();
        Pairs(plot, r.Parameters, o.FirstOrder, o.TotalOrder, "first order S", "total order ST");
        for (var j = 0; j < r.Parameters.Count; j++)
        {
            Interval(plot, 3 * j, o.FirstOrderCi[r.Parameters[j]]);
            Interval(plot, 3 * j + 1, o.TotalOrderCi[r.Parameters[j]]);
        }
        var ends = r.Parameters.SelectMany(id => new[] { o.FirstOrder[id], o.TotalOrder[id], o.FirstOrderCi[id].Low,
            o.FirstOrderCi[id].High, o.TotalOrderCi[id].Low, o.TotalOrderCi[id].High }).Where(double.IsFinite).Append(0).ToArray();
        FitY(plot, ends.Min(), ends.Max());
        plot.YLabel($"Sobol index ({r.ConfidenceLevel:P0} bootstrap interval)");
        plot.Title($"Sobol indices of {o.Output} (N = {r.SampleSize})");
        Write(plot, path, width, height);
    }

    /// <summary>Two bars per parameter (at 3j and 3j + 1), ticks at their middle, and a legend.</summary>
    private static void Pairs(ScottPlot.Plot plot, IReadOnlyList<string> ids, IReadOnlyDictionary<string, double> a,
        IReadOnlyDictionary<string, double> b, string aName, string bName)
    {
        static double Finite(double v) => double.IsFinite(v) ? v : 0;
        plot.Add.Bars(ids.Select((id, j) => new ScottPlot.Bar { Position = 3 * j, Value = Finite(a[id]), FillColor = First }).ToArray());
        plot.Add.Bars(ids.Select((id, j) => new ScottPlot.Bar { Position = 3 * j + 1, Value = Finite(b[id]), FillColor = Second }).ToArray());
        plot.Axes.Bottom.SetTicks(ids.Select((_, j) => 3 * j + 0.5).ToArray(), ids.ToArray());
        plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = aName, FillColor = First });
        plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = bName, FillColor = Second });
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
    }

    /// <summary>Vertical range from min(0, low) to high with headroom for the legend above the tallest bar.</summary>
    private static void FitY(ScottPlot.Plot plot, double low, double high)
    {
        var span = Math.Max(high - low, 1e-12);
        plot.Axes.SetLimitsY(Math.Min(0, low - (low < 0 ? 0.05 * span : 0)), high + 0.25 * span);
    }

    private static void Interval(ScottPlot.Plot plot, double x, (double Low, double High) ci)
    {
        if (!double.IsFinite(ci.Low) || !double.IsFinite(ci.High)) return;
        foreach (var (x0, y0, x1, y1) in new[] { (x, ci.Low, x, ci.High), (x - 0.2, ci.Low, x + 0.2, ci.Low), (x - 0.2, ci.High, x + 0.2, ci.High) })
        {
            var line = plot.Add.Line(x0, y0, x1, y1);
            line.Color = ScottPlot.Colors.Black;
            line.LineWidth = 1.5f;
        }
    }

    private static void Write(ScottPlot.Plot plot, string path, int width, int height)
    {
        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)) plot.SaveSvg(path, width, height);
        else Plotting.PngFile.Save(plot, path, width, height);
    }
}
