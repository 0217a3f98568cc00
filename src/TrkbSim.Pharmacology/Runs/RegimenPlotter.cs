using ScottPlot;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>Plots of one regimen run: exposure (log nM), occupancies, signalling/plasticity, mood or behaviour.</summary>
public static class RegimenPlotter
{
    public static IReadOnlyList<string> WritePlots(RegimenResult r, string outDir, string name)
    {
        var (f, xLabel) = PlotKit.TimeAxis(r.Times[^1]);
        double[] x = PlotKit.Scale(r.Times, f);
        string what = string.Join(" + ", r.Settings.Regimens.Select(g => g.ToString()));
        if (what.Length == 0) what = "no drug";
        var paths = new List<string>();

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
                var y = PlotKit.Log10(r.Column(col));
                logs.Add(y);
                PlotKit.Line(exposure, x, y, label, pattern);
            }
        }
        PlotKit.LogLeftAxis(exposure);
        if (logs.Count > 0) PlotKit.LimitLogDecades(exposure, logs);
        PlotKit.Finish(exposure, $"Exposure: {what}", xLabel, "Concentration (nM, log scale)");
        paths.Add(Save(exposure, outDir, name + "_exposure.png"));

        var occupancy = new Plot();
        foreach (string col in RegimenColumns.Occupancies)
            PlotKit.Line(occupancy, x, Percent(r.Column(col)), col["occupancy_".Length..]);
        occupancy.Axes.SetLimitsY(-2, 102);
        PlotKit.Finish(occupancy, "Target occupancy", xLabel, "Occupancy (% of sites)");
        paths.Add(Save(occupancy, outDir, name + "_occupancy.png"));

        var signalling = new Plot();
        PlotKit.Line(signalling, x, r.Column("trkb_surface"), "surface TRKB (rel. baseline)");
        PlotKit.Line(signalling, x, r.Column("trkb_signal"), "TRKB signalling (rel. baseline)");
        PlotKit.Line(signalling, x, r.Column("bdnf"), "BDNF (rel. baseline)");
        PlotKit.Line(signalling, x, r.Column("plasticity"), "plasticity window (0-1)", LinePattern.Dashed);
        PlotKit.Line(signalling, x, r.Column("network_state"), "network state (0 depressed, 1 healthy)", LinePattern.Dotted);
        PlotKit.Finish(signalling, "TRKB signalling, BDNF and plasticity", xLabel, "Relative level / fraction");
        paths.Add(Save(signalling, outDir, name + "_signalling.png"));

        var mood = new Plot();
        if (r.OutcomeColumn == "madrs")
        {
            PlotKit.Line(mood, x, r.Column("madrs"), "MADRS");
            mood.Axes.SetLimitsY(0, 60);
            PlotKit.Finish(mood, "Depression score", xLabel, "MADRS (0-60 points)");
        }
        else
        {
            PlotKit.Line(mood, x, r.Column("behavior_score"), "immobility (rel. untreated)");
            mood.Axes.SetLimitsY(0, 1.2);
            PlotKit.Finish(mood, "Behaviour (forced-swim immobility)", xLabel, "Relative immobility");
        }
        paths.Add(Save(mood, outDir, name + "_mood.png"));
        return paths;
    }

    static double[] Percent(double[] y) => [.. y.Select(v => 100 * v)];

    static string Save(Plot plot, string dir, string file)
    {
        string path = Path.Combine(dir, file);
        PlotKit.Save(plot, path);
        return path;
    }
}
