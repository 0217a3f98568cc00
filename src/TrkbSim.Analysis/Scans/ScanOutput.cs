using System.Text;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Analysis.Scans;

/// <summary>A scan as CSV (one column per axis, then per output) and as a figure: lines over one axis, a heat map over two.</summary>
public static class ScanOutput
{
    public static string Csv(ScanResult r)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', r.Axes.Select(a => Modeling.Files.Csv.Field(a.Id)).Concat(r.OutputNames.Select(Modeling.Files.Csv.Field))).Append('\n');
        for (int i = 0; i < r.Points.Length; i++)
            sb.AppendJoin(',', r.Points[i].Concat(r.Outputs[i]).Select(v => Modeling.Files.Csv.Number(v))).Append('\n');
        return sb.ToString();
    }

    /// <summary>PNG or SVG by the path's extension. One axis: each output against the parameter; two: the first output as a heat map.</summary>
    public static void SaveFigure(ScanResult r, string path, int width = 900, int height = 600)
    {
        var plot = new ScottPlot.Plot();
        var first = r.Axes[0];
        if (r.Axes.Length == 1)
        {
            var x = r.Points.Select(p => p[0]).ToArray();
            for (int k = 0; k < r.OutputNames.Length; k++)
            {
                var line = plot.Add.ScatterLine(x, r.Outputs.Select(o => o[k]).ToArray());
                line.LegendText = r.OutputNames[k];
                line.LineWidth = 2;
            }
            plot.XLabel(first.Id + (first.Log ? " (values on a log grid)" : ""));
            plot.YLabel(r.OutputNames.Length == 1 ? r.OutputNames[0] : "output");
            if (r.OutputNames.Length > 1) plot.ShowLegend();
        }
        else
        {
            var second = r.Axes[1];
            // Rows of the heat map are the second axis (top = highest), columns the first.
            var z = new double[second.Count, first.Count];
            for (int i = 0; i < first.Count; i++)
                for (int j = 0; j < second.Count; j++)
                    z[second.Count - 1 - j, i] = r.Outputs[i * second.Count + j][0];
            var map = plot.Add.Heatmap(z);
            // Cells span the grid in the axes' own units (log10 of the value on a log axis).
            static (double Lo, double Hi) Span(ScanAxis a) => a.Log ? (Math.Log10(a.Low), Math.Log10(a.High)) : (a.Low, a.High);
            var (x0, x1) = Span(first);
            var (y0, y1) = Span(second);
            map.Extent = new ScottPlot.CoordinateRect(x0, x1, y0, y1);
            plot.Add.ColorBar(map).Label = r.OutputNames[0];
            plot.XLabel(first.Log ? $"log10({first.Id})" : first.Id);
            plot.YLabel(second.Log ? $"log10({second.Id})" : second.Id);
        }
        plot.Title($"Scan of {string.Join(" x ", r.Axes.Select(a => a.Id))}");
        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)) plot.SaveSvg(path, width, height);
        else Plotting.PngFile.Save(plot, path, width, height);
    }
}
