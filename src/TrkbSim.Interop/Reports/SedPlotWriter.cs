using TrkbSim.Interop.Sedml;

namespace TrkbSim.Interop.Reports;

/// <summary>A plot2D as PNG: one line per curve (a repeated task's iterations as separate lines of one colour), legend by curve name.</summary>
public static class SedPlotWriter
{
    public const int Width = 900, Height = 600;

    public static void SavePng(string path, SedPlotResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        bool logX = false, logY = false;
        for (int c = 0; c < result.Curves.Length; c++)
        {
            var (curve, x, y) = result.Curves[c];
            logX |= curve.LogX;
            logY |= curve.LogY;
            int width = x.Shape.Length == 0 ? 1 : x.Shape[^1];
            int rows = System.Math.Max(1, x.Data.Length / System.Math.Max(1, width));
            for (int r = 0; r < rows; r++)
            {
                var xs = Segment(x, r, width, curve.LogX);
                var ys = Segment(y, r, width, curve.LogY);
                int n = System.Math.Min(xs.Length, ys.Length);
                var line = plot.Add.ScatterLine(xs[..n], ys[..n]);
                line.Color = palette.GetColor(c);
                line.LineWidth = 2;
                line.MarkerSize = n == 1 ? 7 : 0;
                if (r == 0) line.LegendText = curve.Name ?? curve.Id;
            }
        }
        plot.Title(result.Plot.Name ?? result.Plot.Id);
        plot.XLabel(logX ? $"log10 {result.XLabel}" : result.XLabel);
        plot.YLabel(logY ? "log10" : "");
        plot.ShowLegend();
        TrkbSim.Analysis.Plotting.PngFile.Save(plot, path, Width, Height);
    }

    static double[] Segment(SedTensor t, int row, int width, bool log)
    {
        var values = t.Data.Length == 1 ? [t.Data[0]] : t.Data.AsSpan(System.Math.Min(row * width, t.Data.Length), System.Math.Min(width, t.Data.Length - System.Math.Min(row * width, t.Data.Length))).ToArray();
        return log ? [.. values.Select(v => v > 0 ? System.Math.Log10(v) : double.NaN)] : values;
    }
}
