using TrkbSim.Analysis.Evaluation;

namespace TrkbSim.Analysis.Fitting;

/// <summary>
/// PNG of a fit in two panels: above, the data (markers) against the fitted model curve (lines), one colour per
/// variable; below, the residuals (observed - fitted) against time with a zero line. The residuals are in data
/// units for one variable with additive noise, and weighted ((observed - fitted) / sd) otherwise, so that
/// variables of different scales share one axis.
/// </summary>
public static class FitPlot
{
    public static void SavePng(string path, IModelEvaluator evaluator, ObservedData data, FitResult result,
        int width = 900, int height = 800, int points = 300, string? title = null)
    {
        var t0 = Math.Min(0, data.Times[0]);
        var t1 = data.Times[^1];
        if (t1 <= t0) t1 = t0 + 1;
        var grid = Enumerable.Range(0, points).Select(i => t0 + (t1 - t0) * i / (points - 1)).ToArray();
        var evaluation = evaluator.Bind(result.Parameters.Select(p => p.Id).ToArray(), data.Variables, grid);
        var curves = data.Variables.Select(_ => new double[grid.Length]).ToArray();
        evaluation.Evaluate(result.Parameters.Select(p => p.Estimate).ToArray(), curves);

        var multiplot = new ScottPlot.Multiplot();
        ScottPlot.IMultiplotExtensions.AddPlots(multiplot, 2);
        var top = ScottPlot.IMultiplotExtensions.GetPlot(multiplot, 0);
        var bottom = ScottPlot.IMultiplotExtensions.GetPlot(multiplot, 1);
        var layout = new ScottPlot.MultiplotLayouts.DraggableRows();
        layout.SetHeights([0.65f * height, 0.35f * height]);
        multiplot.Layout = layout;

        var palette = new ScottPlot.Palettes.Category10();
        var weighted = data.Variables.Count > 1 || result.ErrorModel != ErrorModel.Additive;
        for (var k = 0; k < data.Variables.Count; k++)
        {
            var color = palette.GetColor(k);
            var rows = Enumerable.Range(0, data.Times.Count).Where(i => double.IsFinite(data.Values[k][i])).ToArray();
            var markers = top.Add.ScatterPoints(rows.Select(i => data.Times[i]).ToArray(), rows.Select(i => data.Values[k][i]).ToArray());
            markers.Color = color;
            markers.MarkerSize = 7;
            markers.LegendText = $"{data.Variables[k]} (data)";
            var line = top.Add.ScatterLine(grid, curves[k]);
            line.Color = color;
            line.LineWidth = 2;
            line.LegendText = $"{data.Variables[k]} (fit)";

            var own = result.Residuals.Where(e => e.Variable == data.Variables[k]).ToArray();
            if (own.Length == 0) continue;
            var dots = bottom.Add.ScatterPoints(own.Select(e => e.Time).ToArray(),
                own.Select(e => weighted ? e.WeightedResidual : e.Residual).ToArray());
            dots.Color = color;
            dots.MarkerSize = 6;
        }
        var zero = bottom.Add.HorizontalLine(0);
        zero.Color = ScottPlot.Colors.Gray;
        zero.LineWidth = 1;

        top.YLabel("value");
        top.Title(title ?? "Data and fitted model: "
            + string.Join(", ", result.Parameters.Select(p => $"{p.Id}={p.Estimate:G4}")));
        top.ShowLegend();
        bottom.XLabel("time");
        bottom.YLabel(weighted ? "weighted residual" : "residual (observed - fitted)");
        top.Axes.AutoScale();
        bottom.Axes.AutoScale();
        var limits = top.Axes.GetLimits();
        bottom.Axes.SetLimitsX(limits.Left, limits.Right);
        Plotting.PngFile.Save(multiplot, path, width, height);
    }
}
