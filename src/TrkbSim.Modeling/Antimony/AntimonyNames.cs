using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Antimony;

/// <summary>Antimony's reserved words and the mapping of its function and constant names to canonical <see cref="Ops"/>.</summary>
internal static class AntimonyNames
{
    /// <summary>Words that cannot name a model symbol (the writer renames such ids).</summary>
    public static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "model", "module", "end", "function", "species", "compartment", "formula", "parameter", "const", "var",
        "substanceOnly", "unit", "import", "at", "after", "in", "is", "has", "delete", "time",
        "pi", "exponentiale", "avogadro", "true", "false", "inf", "INF", "Inf", "infinity", "NaN", "nan", "notanumber",
    };

    /// <summary>Named constants as written in Antimony.</summary>
    public static Expr? Constant(string word) => word switch
    {
        "time" => TimeExpr.Instance,
        "pi" => new ConstantExpr(Ops.Pi),
        "exponentiale" => new ConstantExpr(Ops.ExponentialE),
        "avogadro" => new ConstantExpr(Ops.Avogadro),
        "true" => new ConstantExpr(Ops.True),
        "false" => new ConstantExpr(Ops.False),
        "inf" or "INF" or "Inf" or "infinity" => new ConstantExpr(Ops.Infinity),
        "NaN" or "nan" or "notanumber" => new ConstantExpr(Ops.NotANumber),
        _ => null,
    };

    private static readonly Dictionary<string, string> Direct = new(StringComparer.Ordinal)
    {
        ["exp"] = Ops.Exp, ["ln"] = Ops.Ln, ["abs"] = Ops.Abs, ["floor"] = Ops.Floor,
        ["ceil"] = Ops.Ceiling, ["ceiling"] = Ops.Ceiling, ["factorial"] = Ops.Factorial,
        ["min"] = Ops.Min, ["max"] = Ops.Max, ["rem"] = Ops.Rem, ["quotient"] = Ops.Quotient,
        ["pow"] = Ops.Power, ["power"] = Ops.Power, ["root"] = Ops.Root,
        ["sin"] = Ops.Sin, ["cos"] = Ops.Cos, ["tan"] = Ops.Tan, ["sec"] = Ops.Sec, ["csc"] = Ops.Csc, ["cot"] = Ops.Cot,
        ["sinh"] = Ops.Sinh, ["cosh"] = Ops.Cosh, ["tanh"] = Ops.Tanh, ["sech"] = Ops.Sech, ["csch"] = Ops.Csch, ["coth"] = Ops.Coth,
        ["arcsin"] = Ops.ArcSin, ["arccos"] = Ops.ArcCos, ["arctan"] = Ops.ArcTan,
        ["arcsec"] = Ops.ArcSec, ["arccsc"] = Ops.ArcCsc, ["arccot"] = Ops.ArcCot,
        ["asin"] = Ops.ArcSin, ["acos"] = Ops.ArcCos, ["atan"] = Ops.ArcTan,
        ["arcsinh"] = Ops.ArcSinh, ["arccosh"] = Ops.ArcCosh, ["arctanh"] = Ops.ArcTanh,
        ["arcsech"] = Ops.ArcSech, ["arccsch"] = Ops.ArcCsch, ["arccoth"] = Ops.ArcCoth,
        ["asinh"] = Ops.ArcSinh, ["acosh"] = Ops.ArcCosh, ["atanh"] = Ops.ArcTanh,
        ["and"] = Ops.And, ["or"] = Ops.Or, ["xor"] = Ops.Xor, ["not"] = Ops.Not, ["implies"] = Ops.Implies,
        ["eq"] = Ops.Eq, ["neq"] = Ops.Neq, ["gt"] = Ops.Gt, ["lt"] = Ops.Lt, ["geq"] = Ops.Geq, ["leq"] = Ops.Leq,
        ["piecewise"] = Ops.Piecewise, ["delay"] = Ops.Delay, ["rateOf"] = Ops.RateOf,
        ["plus"] = Ops.Plus, ["times"] = Ops.Times, ["divide"] = Ops.Divide, ["minus"] = Ops.Minus,
    };

    /// <summary>True when <paramref name="name"/> is a built-in function of Antimony math.</summary>
    public static bool IsBuiltInFunction(string name) => Direct.ContainsKey(name) || name is "log" or "log10" or "sqrt";

    /// <summary>
    /// Builds the canonical call for a built-in function, or returns an error text when the argument count is wrong.
    /// </summary>
    public static (Expr? Call, string? Error) BuiltInCall(string name, IReadOnlyList<Expr> args)
    {
        switch (name)
        {
            case "log" when args.Count == 1: return (Expr.Call(Ops.Ln, args[0]), null);
            case "log" when args.Count == 2: return (Expr.Call(Ops.Log, args[0], args[1]), null);
            case "log": return (null, "log takes 1 argument (natural logarithm) or 2 (base, x)");
            case "log10" when args.Count == 1: return (Expr.Call(Ops.Log, Expr.Num(10), args[0]), null);
            case "sqrt" when args.Count == 1: return (Expr.Call(Ops.Root, Expr.Num(2), args[0]), null);
            case "log10" or "sqrt": return (null, $"{name} takes 1 argument");
        }
        string op = Direct[name];
        var (min, max) = Ops.Arity[op];
        if (args.Count < min || (max >= 0 && args.Count > max))
        {
            string expected = max < 0 ? $"at least {min}" : min == max ? $"{min}" : $"{min} to {max}";
            return (null, $"{name} takes {expected} argument{(expected == "1" ? "" : "s")}");
        }
        return (Expr.Call(op, [.. args]), null);
    }
}
