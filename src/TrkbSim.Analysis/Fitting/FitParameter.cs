using System.Globalization;

namespace TrkbSim.Analysis.Fitting;

/// <summary>
/// A parameter to estimate, with its search bounds. With <see cref="LogScale"/> (the default) the search
/// and the confidence intervals work on ln(value), which needs positive bounds.
/// </summary>
public sealed record FitParameter(string Id, double Low, double High, double? Initial = null)
{
    public bool LogScale { get; init; } = true;

    /// <summary>
    /// Parses <c>id=low:high</c>, <c>id=low:high:initial</c>, optionally followed by <c>:lin</c> for a search on
    /// the linear scale (e.g. <c>k1=0.01:10</c>, <c>V=1:100:20</c>, <c>offset=-1:1:0:lin</c>).
    /// </summary>
    public static FitParameter Parse(string text)
    {
        var eq = text.IndexOf('=');
        var id = eq > 0 ? text[..eq].Trim() : "";
        var parts = eq > 0 ? text[(eq + 1)..].Split(':').Select(s => s.Trim()).ToList() : [];
        var linear = parts.Count > 0 && parts[^1].Equals("lin", StringComparison.OrdinalIgnoreCase);
        if (linear) parts.RemoveAt(parts.Count - 1);
        if (id.Length == 0 || parts.Count is < 2 or > 3)
            throw new AnalysisException($"'{text}' is not a fit parameter; expected id=low:high, id=low:high:initial, optionally ending in :lin.", text);
        var v = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x : throw new AnalysisException($"'{text}': '{p}' is not a number.", id)).ToArray();
        return new FitParameter(id, v[0], v[1], v.Length == 3 ? v[2] : null) { LogScale = !linear };
    }
}
