namespace TrkbSim.Modeling.Math;

/// <summary>
/// Canonical operator and built-in function names, following MathML's content names so that SBML
/// maps one to one. Readers translate their own spellings (Antimony's <c>sqrt</c>, <c>&amp;&amp;</c>, ...) to these.
/// </summary>
public static class Ops
{
    // Arithmetic. minus with one argument is negation.
    public const string Plus = "plus";
    public const string Minus = "minus";
    public const string Times = "times";
    public const string Divide = "divide";
    /// <summary>power(base, exponent).</summary>
    public const string Power = "power";
    /// <summary>root(degree, x); degree 2 is the square root.</summary>
    public const string Root = "root";
    public const string Abs = "abs";
    public const string Exp = "exp";
    /// <summary>Natural logarithm.</summary>
    public const string Ln = "ln";
    /// <summary>log(base, x); readers turn one-argument base-10 log into log(10, x).</summary>
    public const string Log = "log";
    public const string Floor = "floor";
    public const string Ceiling = "ceiling";
    public const string Factorial = "factorial";
    public const string Min = "min";
    public const string Max = "max";
    /// <summary>rem(a, b): remainder with the sign of a.</summary>
    public const string Rem = "rem";
    /// <summary>quotient(a, b): integer quotient truncated towards zero.</summary>
    public const string Quotient = "quotient";

    // Trigonometry.
    public const string Sin = "sin", Cos = "cos", Tan = "tan", Sec = "sec", Csc = "csc", Cot = "cot";
    public const string Sinh = "sinh", Cosh = "cosh", Tanh = "tanh", Sech = "sech", Csch = "csch", Coth = "coth";
    public const string ArcSin = "arcsin", ArcCos = "arccos", ArcTan = "arctan", ArcSec = "arcsec", ArcCsc = "arccsc", ArcCot = "arccot";
    public const string ArcSinh = "arcsinh", ArcCosh = "arccosh", ArcTanh = "arctanh", ArcSech = "arcsech", ArcCsch = "arccsch", ArcCoth = "arccoth";

    // Relations and logic (results are 1 or 0).
    public const string Eq = "eq", Neq = "neq", Gt = "gt", Lt = "lt", Geq = "geq", Leq = "leq";
    public const string And = "and", Or = "or", Xor = "xor", Not = "not", Implies = "implies";

    /// <summary>piecewise(value1, condition1, value2, condition2, ..., [otherwise]).</summary>
    public const string Piecewise = "piecewise";

    /// <summary>delay(x, tau): the value of x at time - tau.</summary>
    public const string Delay = "delay";
    /// <summary>rateOf(x): the current time derivative of x.</summary>
    public const string RateOf = "rateOf";

    // Named constants (see ConstantExpr).
    public const string Avogadro = "avogadro", Pi = "pi", ExponentialE = "exponentiale";
    public const string True = "true", False = "false", Infinity = "infinity", NotANumber = "notanumber";

    /// <summary>Built-in function names with their allowed argument counts (min, max; -1 = unbounded).</summary>
    public static readonly IReadOnlyDictionary<string, (int Min, int Max)> Arity = new Dictionary<string, (int, int)>
    {
        [Plus] = (0, -1), [Minus] = (1, 2), [Times] = (0, -1), [Divide] = (2, 2), [Power] = (2, 2),
        [Root] = (2, 2), [Abs] = (1, 1), [Exp] = (1, 1), [Ln] = (1, 1), [Log] = (2, 2),
        [Floor] = (1, 1), [Ceiling] = (1, 1), [Factorial] = (1, 1), [Min] = (1, -1), [Max] = (1, -1),
        [Rem] = (2, 2), [Quotient] = (2, 2),
        [Sin] = (1, 1), [Cos] = (1, 1), [Tan] = (1, 1), [Sec] = (1, 1), [Csc] = (1, 1), [Cot] = (1, 1),
        [Sinh] = (1, 1), [Cosh] = (1, 1), [Tanh] = (1, 1), [Sech] = (1, 1), [Csch] = (1, 1), [Coth] = (1, 1),
        [ArcSin] = (1, 1), [ArcCos] = (1, 1), [ArcTan] = (1, 1), [ArcSec] = (1, 1), [ArcCsc] = (1, 1), [ArcCot] = (1, 1),
        [ArcSinh] = (1, 1), [ArcCosh] = (1, 1), [ArcTanh] = (1, 1), [ArcSech] = (1, 1), [ArcCsch] = (1, 1), [ArcCoth] = (1, 1),
        [Eq] = (1, -1), [Neq] = (2, 2), [Gt] = (1, -1), [Lt] = (1, -1), [Geq] = (1, -1), [Leq] = (1, -1),
        [And] = (0, -1), [Or] = (0, -1), [Xor] = (0, -1), [Not] = (1, 1), [Implies] = (2, 2),
        [Piecewise] = (1, -1), [Delay] = (2, 2), [RateOf] = (1, 1),
    };

    public static bool IsBuiltIn(string name) => Arity.ContainsKey(name);

    public static bool IsRelational(string op) => op is Eq or Neq or Gt or Lt or Geq or Leq;
    public static bool IsLogical(string op) => op is And or Or or Xor or Not or Implies;
}
