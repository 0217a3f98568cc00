using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation;

/// <summary>
/// Numeric definitions of the SBML/MathML functions that System.Math lacks, shared by compiled delegates
/// and the constant folder so that both give the same IEEE results (inf/NaN rather than exceptions).
/// </summary>
public static class SbmlMath
{
    /// <summary>
    /// x^y, with small whole exponents (2 to 8; common in Hill terms whose exponent is a parameter) as products, which
    /// cost a fraction of a general power and lie within n - 1 ulp of the exact power x^n (measured: at most ~3.2 ulp for
    /// n = 8 over random x; <see cref="Math.Pow"/>: within 1).
    /// The products are x², x⁴ = (x²)² and then 5: x⁴·x, 6: x⁴·x², 7: (x⁴·x²)·x, 8: x⁴·x⁴; <see cref="Lanes.Power"/>
    /// takes the same products in vector form.
    /// </summary>
    public static double Power(double x, double y)
    {
        if (y == 2) return x * x;
        if (y == 3) return x * x * x;
        if (y is >= 4 and <= 8 && y == System.Math.Floor(y))
        {
            double x2 = x * x, x4 = x2 * x2;
            return y switch { 4 => x4, 5 => x4 * x, 6 => x4 * x2, 7 => x4 * x2 * x, _ => x4 * x4 };
        }
        return System.Math.Pow(x, y);
    }

    public static double Root(double degree, double x)
    {
        if (degree == 2) return System.Math.Sqrt(x);
        if (degree == 3) return System.Math.Cbrt(x);
        // Odd integer roots of negative numbers are real.
        if (x < 0 && degree == System.Math.Floor(degree) && System.Math.Abs(degree % 2) == 1)
            return -System.Math.Pow(-x, 1.0 / degree);
        return System.Math.Pow(x, 1.0 / degree);
    }

    public static double Log(double b, double x) =>
        b == 10 ? System.Math.Log10(x) : b == 2 ? System.Math.Log2(x) : System.Math.Log(x) / System.Math.Log(b);

    public static double Quotient(double a, double b) => System.Math.Truncate(a / b);

    public static double Sec(double x) => 1.0 / System.Math.Cos(x);
    public static double Csc(double x) => 1.0 / System.Math.Sin(x);
    public static double Cot(double x) => System.Math.Cos(x) / System.Math.Sin(x);
    public static double Sech(double x) => 1.0 / System.Math.Cosh(x);
    public static double Csch(double x) => 1.0 / System.Math.Sinh(x);
    public static double Coth(double x) => System.Math.Cosh(x) / System.Math.Sinh(x);
    public static double ArcSec(double x) => System.Math.Acos(1.0 / x);
    public static double ArcCsc(double x) => System.Math.Asin(1.0 / x);
    public static double ArcCot(double x) => System.Math.Atan(1.0 / x);
    public static double ArcSech(double x) => System.Math.Acosh(1.0 / x);
    public static double ArcCsch(double x) => System.Math.Asinh(1.0 / x);
    public static double ArcCoth(double x) => System.Math.Atanh(1.0 / x);

    /// <summary>x! extended to reals as Gamma(x + 1); exact products for small non-negative integers.</summary>
    public static double Factorial(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x >= 0 && x == System.Math.Floor(x) && x <= 170)
        {
            double r = 1;
            for (int i = 2; i <= (int)x; i++) r *= i;
            return r;
        }
        return Gamma(x + 1);
    }

    /// <summary>The gamma function: upward recurrence to x &gt;= 12, then Stirling's series (about 1e-14 relative).</summary>
    public static double Gamma(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0.5)
        {
            if (x == System.Math.Floor(x)) return double.NaN; // poles at 0, -1, -2, ...
            return System.Math.PI / (System.Math.Sin(System.Math.PI * x) * Gamma(1 - x));
        }
        if (x > 171.7) return double.PositiveInfinity;
        double shift = 1;
        while (x < 12) { shift *= x; x += 1; }
        double z2 = 1 / (x * x);
        double series = (1.0 / 12 - z2 * (1.0 / 360 - z2 * (1.0 / 1260 - z2 * (1.0 / 1680 - z2 * (1.0 / 1188 - z2 * (691.0 / 360360 - z2 / 156)))))) / x;
        // Split the power so that x^(x - 1/2) does not overflow before e^-x brings it down.
        double p = System.Math.Pow(x, 0.5 * (x - 0.5));
        return p * (p * System.Math.Exp(-x)) * System.Math.Sqrt(2 * System.Math.PI) * System.Math.Exp(series) / shift;
    }

    /// <summary>The digamma function psi(x) = Gamma'(x)/Gamma(x), for derivatives of factorial.</summary>
    public static double Digamma(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x <= 0 && x == System.Math.Floor(x)) return double.NaN;
        if (x < 0) return Digamma(1 - x) - System.Math.PI / System.Math.Tan(System.Math.PI * x);
        double r = 0;
        while (x < 6) { r -= 1 / x; x += 1; }
        double f = 1 / (x * x);
        return r + System.Math.Log(x) - 0.5 / x
            - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
    }

    /// <summary>Applies a built-in operator to numbers (used for constant folding); booleans are 1 and 0.</summary>
    public static double Apply(string op, ReadOnlySpan<double> a)
    {
        static double B(bool b) => b ? 1.0 : 0.0;
        switch (op)
        {
            case Ops.Plus: { double s = 0; foreach (var v in a) s += v; return s; }
            case Ops.Times: { double s = 1; foreach (var v in a) s *= v; return s; }
            case Ops.Minus: return a.Length == 1 ? -a[0] : a[0] - a[1];
            case Ops.Divide: return a[0] / a[1];
            case Ops.Power: return Power(a[0], a[1]);
            case Ops.Root: return Root(a[0], a[1]);
            case Ops.Abs: return System.Math.Abs(a[0]);
            case Ops.Exp: return System.Math.Exp(a[0]);
            case Ops.Ln: return System.Math.Log(a[0]);
            case Ops.Log: return Log(a[0], a[1]);
            case Ops.Floor: return System.Math.Floor(a[0]);
            case Ops.Ceiling: return System.Math.Ceiling(a[0]);
            case Ops.Factorial: return Factorial(a[0]);
            case Ops.Min: { double m = a[0]; for (int i = 1; i < a.Length; i++) m = System.Math.Min(m, a[i]); return m; }
            case Ops.Max: { double m = a[0]; for (int i = 1; i < a.Length; i++) m = System.Math.Max(m, a[i]); return m; }
            case Ops.Rem: return a[0] % a[1];
            case Ops.Quotient: return Quotient(a[0], a[1]);
            case Ops.Sin: return System.Math.Sin(a[0]);
            case Ops.Cos: return System.Math.Cos(a[0]);
            case Ops.Tan: return System.Math.Tan(a[0]);
            case Ops.Sec: return Sec(a[0]);
            case Ops.Csc: return Csc(a[0]);
            case Ops.Cot: return Cot(a[0]);
            case Ops.Sinh: return System.Math.Sinh(a[0]);
            case Ops.Cosh: return System.Math.Cosh(a[0]);
            case Ops.Tanh: return System.Math.Tanh(a[0]);
            case Ops.Sech: return Sech(a[0]);
            case Ops.Csch: return Csch(a[0]);
            case Ops.Coth: return Coth(a[0]);
            case Ops.ArcSin: return System.Math.Asin(a[0]);
            case Ops.ArcCos: return System.Math.Acos(a[0]);
            case Ops.ArcTan: return System.Math.Atan(a[0]);
            case Ops.ArcSec: return ArcSec(a[0]);
            case Ops.ArcCsc: return ArcCsc(a[0]);
            case Ops.ArcCot: return ArcCot(a[0]);
            case Ops.ArcSinh: return System.Math.Asinh(a[0]);
            case Ops.ArcCosh: return System.Math.Acosh(a[0]);
            case Ops.ArcTanh: return System.Math.Atanh(a[0]);
            case Ops.ArcSech: return ArcSech(a[0]);
            case Ops.ArcCsch: return ArcCsch(a[0]);
            case Ops.ArcCoth: return ArcCoth(a[0]);
            case Ops.Eq: { for (int i = 1; i < a.Length; i++) if (!(a[i - 1] == a[i])) return 0; return 1; }
            case Ops.Neq: return B(a[0] != a[1]);
            case Ops.Gt: { for (int i = 1; i < a.Length; i++) if (!(a[i - 1] > a[i])) return 0; return 1; }
            case Ops.Lt: { for (int i = 1; i < a.Length; i++) if (!(a[i - 1] < a[i])) return 0; return 1; }
            case Ops.Geq: { for (int i = 1; i < a.Length; i++) if (!(a[i - 1] >= a[i])) return 0; return 1; }
            case Ops.Leq: { for (int i = 1; i < a.Length; i++) if (!(a[i - 1] <= a[i])) return 0; return 1; }
            case Ops.And: { foreach (var v in a) if (v == 0) return 0; return 1; }
            case Ops.Or: { foreach (var v in a) if (v != 0) return 1; return 0; }
            case Ops.Xor: { bool x = false; foreach (var v in a) x ^= v != 0; return B(x); }
            case Ops.Not: return B(a[0] == 0);
            case Ops.Implies: return B(a[0] == 0 || a[1] != 0);
            case Ops.Piecewise:
                {
                    int i = 0;
                    for (; i + 1 < a.Length; i += 2) if (a[i + 1] != 0) return a[i];
                    return i < a.Length ? a[i] : double.NaN;
                }
            case InternalOps.Digamma: return Digamma(a[0]);
            default: throw new InvalidOperationException($"Cannot evaluate operator '{op}'.");
        }
    }
}
