using TrkbSim.Modeling.Files;
using System.Globalization;
using System.Text;

namespace TrkbSim.Trials.Output;

/// <summary>
/// Writes summary.csv with a fixed column order and fixed rounding in the invariant culture, so that equal
/// results give byte-identical files: <c>arm,week,n,mean_madrs,mean_change,sd_change,response_rate,remission_rate</c>,
/// then the Wilson 95 % intervals.
/// </summary>
public static class SummaryCsv
{
    /// <summary>The header line.</summary>
    public const string Header =
        "arm,week,n,mean_madrs,mean_change,sd_change,response_rate,remission_rate," +
        "response_rate_ci_low,response_rate_ci_high,remission_rate_ci_low,remission_rate_ci_high";

    /// <summary>The file text ('\n' line ends).</summary>
    public static string Format(IEnumerable<SummaryRow> rows)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
            sb.Append(Csv.Field(r.Arm)).Append(',').Append(Week(r.Week)).Append(',').Append(r.N.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(F(r.MeanMadrs, 3)).Append(',').Append(F(r.MeanChange, 3)).Append(',').Append(F(r.SdChange, 3)).Append(',')
              .Append(F(r.ResponseRate, 4)).Append(',').Append(F(r.RemissionRate, 4)).Append(',')
              .Append(F(r.ResponseCiLow, 4)).Append(',').Append(F(r.ResponseCiHigh, 4)).Append(',')
              .Append(F(r.RemissionCiLow, 4)).Append(',').Append(F(r.RemissionCiHigh, 4)).Append('\n');
        return sb.ToString();
    }

    /// <summary>A week as text: whole weeks plain, day 1 as 0.143.</summary>
    public static string Week(double week) => F(week, 3).TrimEnd('0').TrimEnd('.') is { Length: > 0 } s ? s : "0";

    /// <summary>Fixed-point text, empty for NaN; -0 is written as 0.</summary>
    public static string F(double v, int decimals)
    {
        if (double.IsNaN(v)) return "";
        string s = Math.Round(v, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture);
        return s.StartsWith('-') && s.Trim('-', '0', '.').Length == 0 ? s[1..] : s;
    }
}
