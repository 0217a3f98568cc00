using System.Globalization;
using TrkbSim.Interop.Sedml;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Interop.Reports;

/// <summary>
/// A report as CSV: one column per data set (header: label, else id), one row per value (a repeated task's values
/// row-major: iteration, sub-task, time point); shorter columns end in empty cells.
/// </summary>
public static class SedCsvWriter
{
    public static void Write(TextWriter w, SedReportResult report)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(report);
        w.Write(string.Join(",", report.Report.DataSets.Select(d => Csv.Field(d.Header))));
        w.Write('\n');
        int rows = report.DataSets.Select(t => t.Data.Length).DefaultIfEmpty(0).Max();
        for (int i = 0; i < rows; i++)
        {
            for (int c = 0; c < report.DataSets.Length; c++)
            {
                if (c > 0) w.Write(',');
                var data = report.DataSets[c].Data;
                if (i < data.Length) w.Write(Format(data[i]));
            }
            w.Write('\n');
        }
    }

    /// <summary>Full precision; NaN and infinities spelled out (an empty cell means no value).</summary>
    public static string Format(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "INF" : double.IsNegativeInfinity(v) ? "-INF" : v.ToString("R", CultureInfo.InvariantCulture);
}
