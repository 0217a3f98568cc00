using TrkbSim.Analysis.Evaluation;

namespace TrkbSim.Analysis.Fitting;

/// <summary>PNG plot of the data (markers) against the fitted model curve (lines), one colour per variable.</summary>
public static class FitPlot
{
    public static void SavePng(string path, IModelEvaluator evaluator, ObservedData data, FitResult result,
        int width = 900, int height = 600, int points = 300, string? title = null)
    {
        var t0 = Math.Min(0, data.Times[0]);
        var t1 = data.Times[^1];
        if (t1 <= t0) t1 = t0 + 1;
        var grid = Enumerable.Range(0, points).Select(i => t0 + (t1 - t0) * i / (points - 1)).ToArray();
        var evaluation = evaluator.Bind(result.Parameters.Select(p => p.Id).ToArray(), data.Variables, grid);
        var curves = data.Variables.Select(_ => new double[grid.Length]).ToArray();
        evaluation.Evaluate(result.Parameters.Select(p => p.Estimate).ToArray(), curves);

        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var k = 0; k < data.Variables.Count; k++)
        {
            var color = palette.GetColor(k);
            var rows = Enumerable.Range(0, data.Times.Count).Where(i => double.IsFinite(data.Values[k][i])).ToArray();
            var markers = plot.Add.ScatterPoints(rows.Select(i => data.Times[i]).ToArray(), rows.Select(i => data.Values[k][i]).ToArray());
            markers.Color = color;
            markers.MarkerSize = 7;
            markers.LegendText = $"{data.Variables[k]} (data)";
            var line = plot.Add.ScatterLine(grid, curves[k]);
            line.Color = color;
            line.LineWidth = 2;
            line.LegendText = $"{data.Variables[k]} (fit)";
        }
        plot.XLabel("time");
        plot.YLabel("value");
        plot.Title(title ?? "Data and fitted model: "
            + string.Join(", ", result.Parameters.Select(p => $"{p.Id}={p.Estimate:G4}")));
        plot.ShowLegend();
        plot.SavePng(path, width, height);
    }
}
