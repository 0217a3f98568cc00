using System.Globalization;

namespace TrkbSim.Analysis.Scans;

/// <summary>
/// One scanned parameter: <c>P=lo:hi:n</c> (n values evenly spaced from lo to hi) or <c>P=lo:hi:n:log</c> (evenly
/// spaced in log10; lo and hi > 0).
/// </summary>
public sealed record ScanAxis(string Id, double Low, double High, int Count, bool Log)
{
    /// <summary>Most values along one axis.</summary>
    public const int MaxCount = 10_000;

    public IReadOnlyList<double> Values()
    {
        var v = new double[Count];
        for (int k = 0; k < Count; k++)
        {
            double f = Count == 1 ? 0 : (double)k / (Count - 1);
            v[k] = Log ? Math.Pow(10, Math.Log10(Low) + f * (Math.Log10(High) - Math.Log10(Low))) : Low + f * (High - Low);
        }
        v[^1] = Count == 1 ? Low : High;
        return v;
    }

    public static ScanAxis Parse(string text)
    {
        AnalysisException Bad(string problem) => new($"--param '{text}': {problem}; form: P=lo:hi:n or P=lo:hi:n:log (e.g. k1=0.1:10:50:log)", "param");
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw Bad("expected a parameter id and '='");
        string id = text[..eq].Trim();
        var parts = text[(eq + 1)..].Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length is < 3 or > 4) throw Bad("expected lo:hi:n");
        bool log = parts.Length == 4 && (parts[3].Equals("log", StringComparison.OrdinalIgnoreCase) ? true
            : throw Bad($"unexpected '{parts[3]}' after the count; allowed: log"));
        if (!double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double lo) || !double.IsFinite(lo)) throw Bad($"'{parts[0]}' is not a number");
        if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double hi) || !double.IsFinite(hi)) throw Bad($"'{parts[1]}' is not a number");
        if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > MaxCount)
            throw Bad($"'{parts[2]}' is not a count from 1 to {MaxCount}");
        if (n > 1 && !(hi > lo)) throw Bad("hi must be greater than lo");
        if (log && !(lo > 0)) throw Bad("a log scale needs lo > 0");
        return new ScanAxis(id, lo, hi, n, log);
    }
}
