using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using TrkbSim.Modeling.Text;
using TrkbSim.Pharmacology;
using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Cli.Options;

/// <summary>
/// Options whose values System.CommandLine parses and checks itself, before any command runs: a bad value is a parse
/// error that names the option and what is allowed (exit code 2), and help shows the allowed names once, from the
/// same table the parser reads.
/// </summary>
public static class TypedOptions
{
    /// <summary>A name from a table (<c>--species human|mouse</c>); absent: <paramref name="defaultValue"/>.</summary>
    public static ChoiceOption<T> Choice<T>(string name, NameTable<T> table, string description, T defaultValue) where T : struct =>
        new(name, table, description, defaultValue);

    /// <summary>A name from a table without a default (absent: null).</summary>
    public static Option<T?> OptionalChoice<T>(string name, NameTable<T> table, string description) where T : struct => new(name)
    {
        Description = description,
        HelpName = string.Join('|', table.Names),
        CustomParser = r => Read<T?>(r, () => OptionText.Choice(name, table, r.Tokens[0].Value)),
    };

    /// <summary>One of a list of names (matched without regard to case, given back as listed); absent: <paramref name="defaultValue"/>.</summary>
    public static Option<string> Name(string name, string what, IReadOnlyList<string> names, string description, string? defaultValue = null)
    {
        var table = new NameTable<string>(what, [.. names.Select(n => (n, n))]);
        var option = new Option<string>(name)
        {
            Description = description,
            HelpName = string.Join('|', names),
            CustomParser = r => Read(r, () => OptionText.Choice(name, table, r.Tokens[0].Value)),
        };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>A time budget for a run: a number of seconds (90) or a time with unit (90s, 10min, 2h, 1d), up to a year; absent: null.</summary>
    public static Option<TimeSpan?> Budget(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "time",
        CustomParser = r => Read<TimeSpan?>(r, () => ParseBudget(name, r.Tokens[0].Value)),
    };

    static TimeSpan ParseBudget(string name, string text)
    {
        var t = text.Trim();
        double seconds = double.NaN;
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double bare)) seconds = bare;
        else if (t.EndsWith('s') && !t.EndsWith("min", StringComparison.Ordinal)
                 && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double sec)) seconds = sec;
        else
        {
            try { seconds = OptionText.Hours(name, t, positive: true) * 3600; }
            catch (PharmacologyInputException) { }
        }
        if (!(seconds > 0) || seconds > 365 * 86400.0)
            throw new PharmacologyInputException($"{name} {text}: expected a positive time with a unit: s, min, h, d (e.g. 90s, 10min, 2h), or a number of seconds; at most a year");
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A time with unit (min, h, d, w), in hours; absent: null.</summary>
    public static Option<double?> Hours(string name, string description, bool positive = true) => new(name)
    {
        Description = description,
        HelpName = "time",
        CustomParser = r => Read<double?>(r, () => OptionText.Hours(name, r.Tokens[0].Value, positive)),
    };

    /// <summary>A body weight with unit (kg, g), in kg; absent: null.</summary>
    public static Option<double?> WeightKg(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "weight",
        CustomParser = r => Read<double?>(r, () => OptionText.WeightKg(name, r.Tokens[0].Value)),
    };

    /// <summary>A percentage written with its sign (20%, 20mol%), as a number of percent; absent: null.</summary>
    public static Option<double?> Percent(string name, string description, double min = 0, double max = 100) => new(name)
    {
        Description = description,
        HelpName = "percent",
        CustomParser = r => Read<double?>(r, () => OptionText.Percent(name, r.Tokens[0].Value, min, max)),
    };

    /// <summary>A whole number within [min, max]; absent: null.</summary>
    public static Option<int?> Count(string name, string description, int min, int max) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            var text = r.Tokens[0].Value.Trim();
            string range = $"{min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v))
            {
                r.AddError($"{name}: '{text}' is not a whole number; allowed: {range}");
                return null;
            }
            if (v < min || v > max)
            {
                r.AddError($"{name}: {v.ToString(CultureInfo.InvariantCulture)} is out of range; allowed: {range}");
                return null;
            }
            return v;
        },
    };

    /// <summary>Runs a parser, turning its input error into a parse error of the option.</summary>
    internal static TValue? Read<TValue>(ArgumentResult result, Func<TValue> parse)
    {
        try { return parse(); }
        catch (PharmacologyInputException e)
        {
            result.AddError(e.Message);
            return default;
        }
    }
}

/// <summary>An option that takes one name from a <see cref="NameTable{T}"/>; <see cref="ValueIn"/> gives the default when it is absent.</summary>
public sealed class ChoiceOption<T> : Option<T?> where T : struct
{
    public ChoiceOption(string name, NameTable<T> table, string description, T defaultValue) : base(name)
    {
        Default = defaultValue;
        Description = $"{description} [default: {table.Name(defaultValue)}]";
        HelpName = string.Join('|', table.Names);
        CustomParser = r => TypedOptions.Read<T?>(r, () => OptionText.Choice(name, table, r.Tokens[0].Value));
    }

    public T Default { get; }

    /// <summary>The value given, or the default.</summary>
    public T ValueIn(ParseResult result) => result.GetValue(this) ?? Default;
}
