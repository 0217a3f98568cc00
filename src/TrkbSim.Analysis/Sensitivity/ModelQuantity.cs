using System.Globalization;
using System.Text.RegularExpressions;

namespace TrkbSim.Analysis.Sensitivity;

/// <summary>How a time course is reduced to one number.</summary>
public enum QuantityKind
{
    /// <summary>Value at the last output time.</summary>
    Final,
    /// <summary>Value at a given time.</summary>
    AtTime,
    Max,
    Min,
    /// <summary>Area under the curve over the output times (trapezoidal rule).</summary>
    Auc,
}

/// <summary>
/// A scalar summary of one model variable's time course for global sensitivity analysis. Text forms:
/// <c>X</c> or <c>final(X)</c>, <c>X@12.5</c>, <c>max(X)</c>, <c>min(X)</c>, <c>auc(X)</c>.
/// </summary>
public sealed partial record ModelQuantity(string Variable, QuantityKind Kind, double Time = double.NaN)
{
    public string Name => Kind switch
    {
        QuantityKind.AtTime => $"{Variable}@{Time.ToString("R", CultureInfo.InvariantCulture)}",
        QuantityKind.Final => Variable,
        _ => $"{Kind.ToString().ToLowerInvariant()}({Variable})",
    };

    public static ModelQuantity Parse(string text)
    {
        var s = text.Trim();
        var f = Function().Match(s);
        if (f.Success)
        {
            var kind = f.Groups["f"].Value.ToLowerInvariant() switch
            {
                "max" => QuantityKind.Max,
                "min" => QuantityKind.Min,
                "auc" => QuantityKind.Auc,
                "final" => QuantityKind.Final,
                var other => throw new AnalysisException($"'{text}': unknown summary '{other}'; expected max, min, auc or final.", text),
            };
            return new ModelQuantity(f.Groups["v"].Value, kind);
        }
        var at = AtTime().Match(s);
        if (at.Success)
        {
            if (!double.TryParse(at.Groups["t"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !double.IsFinite(t))
                throw new AnalysisException($"'{text}': '{at.Groups["t"].Value}' is not a time.", text);
            return new ModelQuantity(at.Groups["v"].Value, QuantityKind.AtTime, t);
        }
        if (Identifier().IsMatch(s)) return new ModelQuantity(s, QuantityKind.Final);
        throw new AnalysisException($"'{text}' is not an output; expected X, X@time, max(X), min(X), auc(X) or final(X).", text);
    }

    [GeneratedRegex(@"^(?<f>[A-Za-z]+)\s*\(\s*(?<v>[A-Za-z_][A-Za-z0-9_.]*)\s*\)$")]
    private static partial Regex Function();

    [GeneratedRegex(@"^(?<v>[A-Za-z_][A-Za-z0-9_.]*)\s*@\s*(?<t>\S+)$")]
    private static partial Regex AtTime();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.]*$")]
    private static partial Regex Identifier();
}
