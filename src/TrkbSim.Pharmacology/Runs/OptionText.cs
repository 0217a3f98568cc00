using System.Globalization;
using TrkbSim.Modeling.Text;
using TrkbSim.Pharmacology.Regimens;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>
/// Reads the values users write for a run's settings (times with units, body weights, percentages, names from a
/// table) as every front end takes them: command-line options and JSON requests. Errors name the option (or key)
/// and what is allowed.
/// </summary>
public static class OptionText
{
    /// <summary>A number written with ASCII digits in the invariant culture; NaN and infinities are refused.</summary>
    public static double Number(string option, string text)
    {
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
            return v;
        throw new PharmacologyInputException($"{option}: '{text}' is not a number");
    }

    /// <summary>A time with unit (min, h, d, w), in hours.</summary>
    public static double Hours(string option, string text, bool positive) =>
        RegimenParser.ParseTime(text.Trim(), option, m => new PharmacologyInputException(m), positive);

    /// <summary>A body weight with unit (kg or g), in kg, more than 0 and at most 500 kg.</summary>
    public static double WeightKg(string option, string text)
    {
        var t = text.Trim().ToLowerInvariant();
        double factor = t.EndsWith("kg", StringComparison.Ordinal) ? 1 : t.EndsWith('g') ? 1e-3 : double.NaN;
        if (double.IsNaN(factor)) throw new PharmacologyInputException($"{option}: '{text}' needs a unit; allowed: kg, g (e.g. 70kg, 25g)");
        double v = Number(option, t.EndsWith("kg", StringComparison.Ordinal) ? t[..^2] : t[..^1]) * factor;
        if (!(v > 0) || v > 500) throw new PharmacologyInputException($"{option}: {text} is out of range; allowed: > 0 and <= 500 kg");
        return v;
    }

    /// <summary>A percentage written with its sign (20%, 20mol%); a bare number below 1 reads like a fraction and is refused.</summary>
    public static double Percent(string option, string text, double min, double max)
    {
        var t = text.Trim();
        bool marked = t.EndsWith("mol%", StringComparison.OrdinalIgnoreCase) || t.EndsWith('%');
        t = t.EndsWith("mol%", StringComparison.OrdinalIgnoreCase) ? t[..^4] : t.TrimEnd('%');
        double v = Number(option, t);
        if (!marked && v > 0 && v < 1)
            throw new PharmacologyInputException(
                $"{option} {text}: a bare number below 1 looks like a fraction; the value is a percentage: write {(v * 100).ToString("0.##", CultureInfo.InvariantCulture)}% if that is meant");
        if (v < min || v > max)
            throw new PharmacologyInputException(
                $"{option}: {v.ToString(CultureInfo.InvariantCulture)} is out of range; allowed: >= {min.ToString(CultureInfo.InvariantCulture)} and <= {max.ToString(CultureInfo.InvariantCulture)}");
        return v;
    }

    /// <summary>A name from a table.</summary>
    public static T Choice<T>(string option, NameTable<T> table, string text) where T : notnull =>
        table.TryParse(text, out var v) ? v : throw new PharmacologyInputException(table.UnknownMessage(option, text.Trim()));
}
