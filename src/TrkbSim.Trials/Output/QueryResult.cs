using TrkbSim.Modeling.Files;
using System.Globalization;
using System.Text;

namespace TrkbSim.Trials.Output;

/// <summary>Rows returned by a query on a trial database, with column names, ready for printing.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>A value as text: invariant culture, doubles with up to 6 significant digits, NULL as empty.</summary>
    public static string FormatValue(object? v) => v switch
    {
        null or DBNull => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    /// <summary>An aligned plain-text table (for the terminal).</summary>
    public string ToText(int maxRows = 100)
    {
        var shown = Rows.Take(maxRows).Select(r => r.Select(FormatValue).ToArray()).ToList();
        var widths = Columns.Select((c, i) => Math.Max(c.Length, shown.Count == 0 ? 0 : shown.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join("  ", Columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        sb.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var r in shown) sb.AppendLine(string.Join("  ", r.Select((v, i) => v.PadRight(widths[i]))).TrimEnd());
        if (Rows.Count > maxRows) sb.AppendLine($"... {Rows.Count - maxRows} more rows");
        return sb.ToString();
    }

    /// <summary>CSV text (comma separated, quoted where needed).</summary>
    public string ToCsv()
    {
        static string Q(string s) => Csv.Field(s);
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Columns.Select(Q))).Append('\n');
        foreach (var r in Rows) sb.Append(string.Join(',', r.Select(v => Q(FormatValue(v))))).Append('\n');
        return sb.ToString();
    }
}
