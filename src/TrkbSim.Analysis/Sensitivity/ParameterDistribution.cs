using System.Globalization;
using System.Text.RegularExpressions;
using MathNet.Numerics.Distributions;

namespace TrkbSim.Analysis.Sensitivity;

/// <summary>
/// The uncertainty of one parameter for global sensitivity analysis, sampled through its quantile function
/// from unit-cube points. Parse from text such as <c>k1=uniform(0.1,1)</c>, <c>lognormal(mu,sigma)</c>
/// (of ln k), <c>normal(mean,sd)</c> or <c>loguniform(a,b)</c>.
/// </summary>
public abstract partial record ParameterDistribution(string Id)
{
    /// <summary>The value at cumulative probability u in (0, 1).</summary>
    public abstract double Quantile(double u);

    /// <summary>True when the support is a finite interval, so that u = 0 and u = 1 are usable.</summary>
    public abstract bool IsBounded { get; }

    /// <summary>Parses <c>id=kind(a,b)</c>; throws <see cref="AnalysisException"/> naming the text when malformed.</summary>
    public static ParameterDistribution Parse(string text)
    {
        var m = Syntax().Match(text);
        if (!m.Success)
            throw new AnalysisException(
                $"'{text}' is not a parameter distribution; expected id=uniform(a,b), id=loguniform(a,b), id=normal(mean,sd) or id=lognormal(mu,sigma).",
                text);
        var id = m.Groups["id"].Value;
        var kind = m.Groups["kind"].Value.ToLowerInvariant();
        var args = m.Groups["args"].Value.Split(',').Select(s => s.Trim()).ToArray();
        if (args.Length != 2)
            throw new AnalysisException($"'{text}': {kind} takes two numbers, got {args.Length}.", id);
        var values = args.Select(a => double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v : throw new AnalysisException($"'{text}': '{a}' is not a number.", id)).ToArray();
        return Create(id, kind, values[0], values[1]);
    }

    /// <summary>Builds a distribution by kind name, checking its arguments.</summary>
    public static ParameterDistribution Create(string id, string kind, double a, double b) => kind switch
    {
        "uniform" when a < b => new UniformDistribution(id, a, b),
        "loguniform" when a > 0 && a < b => new LogUniformDistribution(id, a, b),
        "normal" when b > 0 => new NormalDistribution(id, a, b),
        "lognormal" when b > 0 => new LogNormalDistribution(id, a, b),
        "uniform" => throw new AnalysisException($"Parameter '{id}': uniform({a},{b}) needs a < b.", id),
        "loguniform" => throw new AnalysisException($"Parameter '{id}': loguniform({a},{b}) needs 0 < a < b.", id),
        "normal" or "lognormal" => throw new AnalysisException($"Parameter '{id}': {kind}({a},{b}) needs a positive spread.", id),
        _ => throw new AnalysisException($"Parameter '{id}': unknown distribution '{kind}'; expected uniform, loguniform, normal or lognormal.", id),
    };

    [GeneratedRegex(@"^\s*(?<id>[A-Za-z_][A-Za-z0-9_.]*)\s*[=~]\s*(?<kind>[A-Za-z]+)\s*\((?<args>[^()]*)\)\s*$")]
    private static partial Regex Syntax();
}

/// <summary>Uniform on [Low, High].</summary>
public sealed record UniformDistribution(string Id, double Low, double High) : ParameterDistribution(Id)
{
    public override double Quantile(double u) => Low + u * (High - Low);
    public override bool IsBounded => true;
}

/// <summary>ln k uniform on [ln Low, ln High].</summary>
public sealed record LogUniformDistribution(string Id, double Low, double High) : ParameterDistribution(Id)
{
    public override double Quantile(double u) => Low * Math.Pow(High / Low, u);
    public override bool IsBounded => true;
}

/// <summary>Normal with the given mean and standard deviation.</summary>
public sealed record NormalDistribution(string Id, double Mean, double Sd) : ParameterDistribution(Id)
{
    public override double Quantile(double u) => Normal.InvCDF(Mean, Sd, u);
    public override bool IsBounded => false;
}

/// <summary>ln k normal with mean Mu and standard deviation Sigma.</summary>
public sealed record LogNormalDistribution(string Id, double Mu, double Sigma) : ParameterDistribution(Id)
{
    public override double Quantile(double u) => Math.Exp(Normal.InvCDF(Mu, Sigma, u));
    public override bool IsBounded => false;
}
