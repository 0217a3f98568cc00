using ScottPlot;
using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Scenarios;

/// <summary>One plot of one output column with a line per scenario run.</summary>
public static class OverlayPlotter
{
    public static string Write(ScenarioResults results, string column, string outDir)
    {
        double longest = results.Results.Max(r => r.Times[^1]);
        var (f, xLabel) = PlotKit.TimeAxis(longest);
        bool log = column.EndsWith("_nM", StringComparison.Ordinal) || column.EndsWith("_ng_per_mL", StringComparison.Ordinal);
        var plot = new Plot();
        var logs = new List<double[]>();
        foreach (var (run, result) in results.Definition.Runs.Zip(results.Results))
        {
            if (!result.Has(column)) continue;
            double[] Shown(double[] v)
            {
                if (column.StartsWith("occupancy_", StringComparison.Ordinal)) v = [.. v.Select(a => 100 * a)];
                return log ? PlotKit.Log10(v) : v;
            }
            double[] x = PlotKit.Scale(result.Times, f);
            double[] y = Shown(result.Column(column));
            if (log) logs.Add(y);
            var line = PlotKit.Line(plot, x, y, run.Label);
            if (result.Has(column + "_p5") && result.Has(column + "_p95"))
                PlotKit.Band(plot, line, x, Shown(result.Column(column + "_p5")), Shown(result.Column(column + "_p95")));
        }
        if (log)
        {
            PlotKit.LogLeftAxis(plot);
            if (logs.Count > 0) PlotKit.LimitLogDecades(plot, logs);
        }
        var (title, yLabel) = Describe(column);
        PlotKit.Finish(plot, $"{results.Definition.Title}: {title}", xLabel, log ? yLabel + ", log scale" : yLabel);
        string path = Path.Combine(outDir, $"overlay_{column}.png");
        PlotKit.Save(plot, path);
        return path;
    }

    /// <summary>Readable title and axis label with unit for a table column.</summary>
    public static (string Title, string YLabel) Describe(string column) => column switch
    {
        "occupancy_TRKB" => ("TRKB occupancy", "Occupied TRKB dimer pockets (%)"),
        "occupancy_SERT" => ("SERT occupancy", "Occupied SERT (%)"),
        "occupancy_NET" => ("NET occupancy", "Occupied NET (%)"),
        "occupancy_NMDA" => ("NMDA receptor occupancy", "Occupied NMDA receptors (%)"),
        "trkb_surface" => ("Surface TRKB", "Surface TRKB (relative to untreated wild type)"),
        "trkb_signal" => ("TRKB signalling", "TRKB signalling (relative to untreated wild type)"),
        "bdnf" => ("BDNF", "BDNF (relative to untreated baseline)"),
        "plasticity" => ("Plasticity window", "Plasticity (0 closed - 1 open)"),
        "network_state" => ("Network state", "Network state (0 depressed - 1 healthy)"),
        "madrs" => ("Depression score", "MADRS (points)"),
        "behavior_score" => ("Behaviour", "Relative immobility (untreated = 1)"),
        _ when column.EndsWith("_ng_per_mL", StringComparison.Ordinal) => (column.Replace('_', ' '), "Concentration (ng/mL)"),
        _ when column.EndsWith("_nM", StringComparison.Ordinal) => (column.Replace('_', ' '), "Concentration (nM)"),
        _ => (column, column),
    };
}
