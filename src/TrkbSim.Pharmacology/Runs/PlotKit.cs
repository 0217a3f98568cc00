using ScottPlot;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>Shared plotting conventions: time axis in days or hours, log axes, line series, PNG size.</summary>
public static class PlotKit
{
    public const int Width = 1000, Height = 640;

    /// <summary>Days when the run is longer than three days, otherwise hours.</summary>
    public static (double Factor, string Label) TimeAxis(double durationHours) =>
        durationHours > 72 ? (1.0 / 24, "Time (days)") : (1.0, "Time (hours)");

    public static double[] Scale(double[] x, double factor) => [.. x.Select(v => v * factor)];

    /// <summary>Adds a line series (no markers) with a legend entry; returns it so a band can share its colour.</summary>
    public static ScottPlot.Plottables.Scatter Line(Plot plot, double[] x, double[] y, string label, LinePattern? pattern = null)
    {
        var s = plot.Add.ScatterLine(x, y);
        s.LegendText = label;
        s.LineWidth = 2;
        s.MarkerSize = 0;
        if (pattern is { } p) s.LinePattern = p;
        return s;
    }

    /// <summary>
    /// A shaded band between <paramref name="low"/> and <paramref name="high"/> in the colour of <paramref name="line"/>
    /// (drawn beneath it, no legend entry). Points where either bound is not finite are left out.
    /// </summary>
    public static void Band(Plot plot, ScottPlot.Plottables.Scatter line, double[] x, double[] low, double[] high)
    {
        var keep = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(low[i]) && double.IsFinite(high[i])).ToArray();
        if (keep.Length < 2) return;
        var band = plot.Add.FillY([.. keep.Select(i => x[i])], [.. keep.Select(i => low[i])], [.. keep.Select(i => high[i])]);
        band.FillColor = line.Color.WithAlpha(0.2);
        band.LineWidth = 0;
        plot.MoveToBack(band);
    }

    /// <summary>log10 of positive values; non-positive values become NaN so they are not drawn.</summary>
    public static double[] Log10(double[] y, double floor = 0) =>
        [.. y.Select(v => v > floor ? Math.Log10(v) : double.NaN)];

    /// <summary>Makes the left axis read as a log10 axis (data must already be log10-transformed).</summary>
    public static void LogLeftAxis(Plot plot) => plot.Axes.Left.TickGenerator = LogTicks();

    /// <summary>Shows at most <paramref name="decades"/> decades below the largest log10 value plotted.</summary>
    public static void LimitLogDecades(Plot plot, IEnumerable<double[]> log10Series, double decades = 6)
    {
        double top = log10Series.SelectMany(s => s).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimitsY(top - decades, top + 0.5);
    }

    public static void LogBottomAxis(Plot plot) => plot.Axes.Bottom.TickGenerator = LogTicks();

    static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => FormatPower(Math.Pow(10, v)),
    };

    static string FormatPower(double v) => v switch
    {
        >= 1 => v.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture),
        >= 0.001 => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString("0E+0", System.Globalization.CultureInfo.InvariantCulture),
    };

    public static void Finish(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Bottom); // outside the data area, so it never hides a curve
    }

    public static void Save(Plot plot, string path) => TrkbSim.Analysis.Plotting.PngFile.Save(plot, path, Width, Height);
}
