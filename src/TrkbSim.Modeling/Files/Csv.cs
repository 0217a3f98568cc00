using System.Globalization;

namespace TrkbSim.Modeling.Files;

/// <summary>The project's CSV conventions (RFC 4180): one way to write a text field and a number.</summary>
public static class Csv
{
    /// <summary>A text field, quoted (with doubled quotes) when it holds a comma, a quote or a line break.</summary>
    public static string Field(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    /// <summary>A number in the invariant culture with round-trip precision; NaN and a missing value are empty.</summary>
    public static string Number(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";
}
