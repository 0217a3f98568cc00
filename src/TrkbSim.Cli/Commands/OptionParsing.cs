using System.Globalization;
using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Cli.Commands;

/// <summary>Parses the values of options given as text (lists, id=value pairs), naming the option on error.</summary>
public static class OptionParsing
{
    public static double ParseDouble(string option, string text) => OptionText.Number(option, text);

    public static IReadOnlyList<double> ParseDoubleList(string option, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new UsageException($"{option}: expected a comma-separated list of numbers");
        return parts.Select(p => ParseDouble(option, p)).ToArray();
    }

    public static IReadOnlyList<string> ParseList(string option, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new UsageException($"{option}: expected a comma-separated list");
        return parts;
    }

    /// <summary>Parses repeated <c>id=value</c> pairs.</summary>
    public static IReadOnlyList<(string Id, double Value)> ParseAssignments(string option, IEnumerable<string>? items)
    {
        var result = new List<(string, double)>();
        foreach (var item in items ?? [])
        {
            foreach (var piece in item.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = piece.IndexOf('=');
                if (eq <= 0 || eq == piece.Length - 1)
                    throw new UsageException($"{option}: '{piece}' is not of the form id=value");
                result.Add((piece[..eq].Trim(), ParseDouble($"{option} {piece[..eq].Trim()}", piece[(eq + 1)..].Trim())));
            }
        }
        return result;
    }

    public static void RequireRange(string option, double value, double min, double max, bool minExclusive = false)
    {
        bool low = minExclusive ? value <= min : value < min;
        if (low || value > max)
        {
            string lo = minExclusive ? $"> {min.ToString(CultureInfo.InvariantCulture)}" : $">= {min.ToString(CultureInfo.InvariantCulture)}";
            string hi = double.IsPositiveInfinity(max) ? "" : $" and <= {max.ToString(CultureInfo.InvariantCulture)}";
            throw new UsageException($"{option}: {value.ToString(CultureInfo.InvariantCulture)} is out of range; allowed: {lo}{hi}");
        }
    }

    /// <summary>Checks the extension an output path must have (the path itself is checked by <c>OutputSet</c>).</summary>
    public static void CheckExtension(string option, string? path, string extension)
    {
        if (path is null) return;
        if (!path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"{option}: '{path}' must end in {extension}");
    }

    /// <summary>Refuses a path that ends in none of the given extensions (e.g. ".png", ".svg").</summary>
    public static void CheckExtension(string option, string? path, string first, string second)
    {
        if (path is null) return;
        if (!path.EndsWith(first, StringComparison.OrdinalIgnoreCase) && !path.EndsWith(second, StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"{option}: '{path}' must end in {first} or {second}");
    }
}
