using ScottPlot;
using TrkbSim.Analysis.Plotting;

namespace TrkbSim.Trials.Output;

/// <summary>PNG plots of a trial: MADRS percentile bands by arm, responder and remitter rates by week, time to response.</summary>
public static class TrialPlots
{
    const int Width = 900, Height = 520;

    static Color ArmColor(int i) => new ScottPlot.Palettes.Category10().GetColor(i);

    /// <summary>Median MADRS with 25-75 % and 5-95 % bands, one colour per arm, over days.</summary>
    public static void MadrsBands(string path, QueryResult percentiles, IReadOnlyList<string> arms)
    {
        var plt = new Plot();
        for (int a = 0; a < arms.Count; a++)
        {
            var rows = percentiles.Rows.Where(r => (string)r[0]! == arms[a]).OrderBy(r => Convert.ToInt32(r[1])).ToList();
            if (rows.Count == 0) continue;
            double[] x = rows.Select(r => Convert.ToDouble(r[1]) / 7.0).ToArray();
            double[] Col(int k) => rows.Select(r => Convert.ToDouble(r[k])).ToArray();
            var color = ArmColor(a);
            var outer = plt.Add.FillY(x, Col(3), Col(7));
            outer.FillColor = color.WithAlpha(0.12); outer.LineWidth = 0;
            var inner = plt.Add.FillY(x, Col(4), Col(6));
            inner.FillColor = color.WithAlpha(0.25); inner.LineWidth = 0;
            var median = plt.Add.Scatter(x, Col(5));
            median.Color = color; median.MarkerSize = 0; median.LineWidth = 2; median.LegendText = $"{arms[a]} (median, 25-75 %, 5-95 %)";
        }
        plt.Title("MADRS (model, noise-free) by arm");
        plt.XLabel("week"); plt.YLabel("MADRS");
        plt.Axes.SetLimitsY(0, 50);
        plt.ShowLegend(Alignment.LowerLeft);
        PngFile.Save(plt, path, Width, Height);
    }

    /// <summary>Response (solid) and remission (dashed) rates by visit, with Wilson 95 % bands.</summary>
    public static void ResponderCurves(string path, IReadOnlyList<SummaryRow> summary, IReadOnlyList<string> arms)
    {
        var plt = new Plot();
        for (int a = 0; a < arms.Count; a++)
        {
            var rows = summary.Where(r => r.Arm == arms[a]).OrderBy(r => r.Week).ToList();
            double[] x = rows.Select(r => r.Week).ToArray();
            var color = ArmColor(a);
            var band = plt.Add.FillY(x, rows.Select(r => 100 * r.ResponseCiLow).ToArray(), rows.Select(r => 100 * r.ResponseCiHigh).ToArray());
            band.FillColor = color.WithAlpha(0.2); band.LineWidth = 0;
            var resp = plt.Add.Scatter(x, rows.Select(r => 100 * r.ResponseRate).ToArray());
            resp.Color = color; resp.LineWidth = 2; resp.MarkerSize = 5; resp.LegendText = $"{arms[a]} response";
            var rem = plt.Add.Scatter(x, rows.Select(r => 100 * r.RemissionRate).ToArray());
            rem.Color = color; rem.LineWidth = 2; rem.MarkerSize = 0; rem.LinePattern = LinePattern.Dashed; rem.LegendText = $"{arms[a]} remission";
        }
        plt.Title("Responders (>= 50 % MADRS fall) and remitters (MADRS <= 10)");
        plt.XLabel("week"); plt.YLabel("% of subjects");
        plt.Axes.SetLimitsY(0, 100);
        plt.ShowLegend(Alignment.UpperLeft);
        PngFile.Save(plt, path, Width, Height);
    }

    /// <summary>Cumulative fraction of subjects with a first response by each visit.</summary>
    public static void TimeToResponse(string path, QueryResult ttr, IReadOnlyList<string> arms)
    {
        var plt = new Plot();
        for (int a = 0; a < arms.Count; a++)
        {
            var rows = ttr.Rows.Where(r => (string)r[0]! == arms[a]).OrderBy(r => Convert.ToDouble(r[1])).ToList();
            if (rows.Count == 0) continue;
            var xs = new List<double> { 0 }; var ys = new List<double> { 0 };
            xs.AddRange(rows.Select(r => Convert.ToDouble(r[1])));
            ys.AddRange(rows.Select(r => 100 * Convert.ToDouble(r[4])));
            var s = plt.Add.Scatter(xs.ToArray(), ys.ToArray());
            s.ConnectStyle = ConnectStyle.StepHorizontal;
            s.Color = ArmColor(a); s.LineWidth = 2; s.MarkerSize = 0; s.LegendText = arms[a];
        }
        plt.Title("Time to first response");
        plt.XLabel("week"); plt.YLabel("% with a first response");
        plt.Axes.SetLimitsY(0, 100);
        plt.ShowLegend(Alignment.UpperLeft);
        PngFile.Save(plt, path, Width, Height);
    }
}
