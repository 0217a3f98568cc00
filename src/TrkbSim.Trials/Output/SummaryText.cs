using System.Globalization;
using System.Text;

namespace TrkbSim.Trials.Output;

/// <summary>A short plain-text table of the last visit of every arm, for the terminal at the end of a trial.</summary>
public static class SummaryText
{
    /// <summary>
    /// One line per arm at its last visit: subjects, mean MADRS change, response and remission with Wilson 95 %
    /// intervals. Empty when there are no rows.
    /// </summary>
    public static string LastVisit(IReadOnlyList<SummaryRow> rows)
    {
        var last = rows.GroupBy(r => r.Arm).Select(g => g.MaxBy(r => r.Week)!).ToList();
        if (last.Count == 0) return "";
        var ci = CultureInfo.InvariantCulture;
        static string Pct(double x) => double.IsNaN(x) ? "-" : (100 * x).ToString("F1", CultureInfo.InvariantCulture);
        string Rate(double r, double lo, double hi) => $"{Pct(r)} % ({Pct(lo)}-{Pct(hi)})";
        var table = last.Select(r => new[]
        {
            r.Arm, r.N.ToString(ci), double.IsNaN(r.MeanChange) ? "-" : r.MeanChange.ToString("F1", ci),
            Rate(r.ResponseRate, r.ResponseCiLow, r.ResponseCiHigh), Rate(r.RemissionRate, r.RemissionCiLow, r.RemissionCiHigh),
        }).ToList();
        string[] header = ["arm", "n", "MADRS change", "response (95 % CI)", "remission (95 % CI)"];
        var widths = Enumerable.Range(0, header.Length).Select(c => table.Max(t => t[c].Length)).Select((w, c) => Math.Max(w, header[c].Length)).ToArray();
        var sb = new StringBuilder();
        sb.Append("week ").Append(SummaryCsv.Week(last.Max(r => r.Week))).Append(" (rated MADRS; response >= 50 % below baseline, remission <= 10)\n");
        void Line(string[] cells)
        {
            for (int c = 0; c < cells.Length; c++)
            {
                if (c > 0) sb.Append("  ");
                sb.Append(c == 0 ? cells[c].PadRight(widths[c]) : cells[c].PadLeft(widths[c]));
            }
            sb.Append('\n');
        }
        Line(header);
        foreach (var t in table) Line(t);
        return sb.ToString();
    }
}
