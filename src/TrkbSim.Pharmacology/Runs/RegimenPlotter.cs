using ScottPlot;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>Plots of one regimen run: exposure (log nM), occupancies, signalling/plasticity, mood or behaviour.</summary>
public static class RegimenPlotter
{
    public static IReadOnlyList<string> WritePlots(RegimenResult r, string outDir, string name)
    {
        var paths = new List<string>();
        foreach (var (suffix, plot) in BuildPlots(r))
            paths.Add(Save(plot, outDir, $"{name}_{suffix}.png"));
        return paths;
    }

    /// <summary>Writes the four panels as one 2x2 figure, PNG or SVG by the file's extension.</summary>
    public static void WriteFigure(RegimenResult r, string path)
    {
        var panels = BuildPlots(r).Select(p => p.Plot).ToList();
        var multi = new Multiplot();
        while (multi.Subplots.Count > 0) multi.Subplots.RemoveAt(0);
        foreach (var p in panels) multi.Subplots.Add(p);
        multi.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 2);
        const int width = 2 * PlotKit.Width, height = 2 * PlotKit.Height;
        var rect = new PixelRect(0, width, height, 0);
        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            using var stream = new MemoryStream();
            using (var canvas = SkiaSharp.SKSvgCanvas.Create(new SkiaSharp.SKRect(0, 0, width, height), stream))
            {
                canvas.Clear(SkiaSharp.SKColors.White);
                multi.Render(canvas, rect);
            }
            File.WriteAllBytes(path, stream.ToArray());
            return;
        }
        TrkbSim.Analysis.Plotting.PngFile.Save(multi, path, width, height);
    }

    /// <summary>The panels of a run: exposure, occupancy, signalling, mood (suffix and plot).</summary>
    public static IReadOnlyList<(string Suffix, Plot Plot)> BuildPlots(RegimenResult r)
    {
        var (f, xLabel) = PlotKit.TimeAxis(r.Times[^1]);
        double[] x = PlotKit.Scale(r.Times, f);
        string what = string.Join(" + ", r.Settings.Regimens.Select(g => g.ToString()));
        if (what.Length == 0) what = "no drug";
        var panels = new List<(string, Plot)>();

        var exposure = new Plot();
        var logs = new List<double[]>();
        foreach (string c in r.Compounds)
        {
            foreach (var (col, label, pattern) in new[]
            {
                ($"plasma_{c}_nM", $"plasma {c}", LinePattern.Solid),
                ($"brain_{c}_nM", $"brain {c} (tissue)", LinePattern.Dashed),
                ($"brain_free_{c}_nM", $"brain {c} (free)", LinePattern.Dotted),
            })
            {
                logs.Add(PlotKit.Log10(r.Column(col)));
                Series(exposure, r, x, col, label, pattern, v => PlotKit.Log10(v));
            }
        }
        PlotKit.LogLeftAxis(exposure);
        if (logs.Count > 0) PlotKit.LimitLogDecades(exposure, logs);
        PlotKit.Finish(exposure, $"Exposure: {what}", xLabel, "Concentration (nM, log scale)");
        panels.Add(("exposure", exposure));

        var occupancy = new Plot();
        foreach (string col in RegimenColumns.Occupancies)
            Series(occupancy, r, x, col, col["occupancy_".Length..], null, Percent);
        occupancy.Axes.SetLimitsY(-2, 102);
        PlotKit.Finish(occupancy, "Target occupancy", xLabel, "Occupancy (% of sites)");
        panels.Add(("occupancy", occupancy));

        var signalling = new Plot();
        Series(signalling, r, x, "trkb_surface", "surface TRKB (rel. baseline)");
        Series(signalling, r, x, "trkb_signal", "TRKB signalling (rel. baseline)");
        Series(signalling, r, x, "bdnf", "BDNF (rel. baseline)");
        Series(signalling, r, x, "plasticity", "plasticity window (0-1)", LinePattern.Dashed);
        Series(signalling, r, x, "network_state", "network state (0 depressed, 1 healthy)", LinePattern.Dotted);
        PlotKit.Finish(signalling, "TRKB signalling, BDNF and plasticity", xLabel, "Relative level / fraction");
        panels.Add(("signalling", signalling));

        var mood = new Plot();
        if (r.OutcomeColumn == "madrs")
        {
            Series(mood, r, x, "madrs", "MADRS");
            mood.Axes.SetLimitsY(0, 60);
            PlotKit.Finish(mood, "Depression score", xLabel, "MADRS (0-60 points)");
        }
        else
        {
            Series(mood, r, x, "behavior_score", "immobility (rel. untreated)");
            mood.Axes.SetLimitsY(0, 1.2);
            PlotKit.Finish(mood, "Behaviour (forced-swim immobility)", xLabel, "Relative immobility");
        }
        panels.Add(("mood", mood));
        return panels;
    }

    /// <summary>The typical course of <paramref name="column"/>, over its 5-95 % band when the run has one.</summary>
    static void Series(Plot plot, RegimenResult r, double[] x, string column, string label, LinePattern? pattern = null, Func<double[], double[]>? transform = null)
    {
        transform ??= v => v;
        var line = PlotKit.Line(plot, x, transform(r.Column(column)), label, pattern);
        if (r.Has(column + "_p5") && r.Has(column + "_p95"))
            PlotKit.Band(plot, line, x, transform(r.Column(column + "_p5")), transform(r.Column(column + "_p95")));
    }

    static double[] Percent(double[] y) => [.. y.Select(v => 100 * v)];

    static string Save(Plot plot, string dir, string file)
    {
        string path = Path.Combine(dir, file);
        PlotKit.Save(plot, path);
        return path;
    }
}
