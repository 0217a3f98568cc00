using System.Globalization;
using System.Text;

namespace TrkbSim.Modeling.Math;

/// <summary>Writes expressions as infix text in Antimony syntax (also readable by libSBML's L3 infix parser).</summary>
public static class ExprFormatter
{
    // Precedence levels: larger binds tighter.
    private const int POr = 1, PAnd = 2, PRel = 3, PAdd = 4, PMul = 5, PUnary = 6, PPow = 7, PAtom = 8;

    public static string Format(Expr e)
    {
        var sb = new StringBuilder();
        Write(sb, e, 0);
        return sb.ToString();
    }

    public static string FormatNumber(double v)
    {
        if (double.IsPositiveInfinity(v)) return "inf";
        if (double.IsNegativeInfinity(v)) return "-inf";
        if (double.IsNaN(v)) return "NaN";
        return v.ToString("R", CultureInfo.InvariantCulture);
    }

    private static int Precedence(Expr e) => e switch
    {
        NumberExpr n => n.Value < 0 || double.IsNegativeInfinity(n.Value) ? PUnary : PAtom,
        CallExpr c => c.Op switch
        {
            Ops.Or when c.Args.Length >= 2 => POr,
            Ops.And when c.Args.Length >= 2 => PAnd,
            Ops.Eq or Ops.Neq or Ops.Gt or Ops.Lt or Ops.Geq or Ops.Leq when c.Args.Length == 2 => PRel,
            Ops.Plus when c.Args.Length >= 2 => PAdd,
            Ops.Minus when c.Args.Length == 2 => PAdd,
            Ops.Times when c.Args.Length >= 2 => PMul,
            Ops.Divide => PMul,
            Ops.Minus when c.Args.Length == 1 => PUnary,
            Ops.Not => PUnary,
            Ops.Power => PPow,
            _ => PAtom,
        },
        _ => PAtom,
    };

    private static void Write(StringBuilder sb, Expr e, int minPrec)
    {
        int p = Precedence(e);
        bool paren = p < minPrec;
        if (paren) sb.Append('(');
        WriteBare(sb, e);
        if (paren) sb.Append(')');
    }

    private static void Infix(StringBuilder sb, CallExpr c, string op, int prec, bool strictRight)
    {
        // Parsers build left-nested binary trees, so a binary operator's right operand at the same level gets
        // parentheses: a + (b + c) stays that tree when read back. n-ary lists are written flat.
        bool strict = strictRight || c.Args.Length == 2;
        for (int i = 0; i < c.Args.Length; i++)
        {
            if (i > 0) sb.Append(op);
            Write(sb, c.Args[i], i > 0 && strict ? prec + 1 : prec);
        }
    }

    private static void WriteBare(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case NumberExpr n: sb.Append(FormatNumber(n.Value)); return;
            case SymbolExpr s: sb.Append(s.Name); return;
            case TimeExpr: sb.Append("time"); return;
            case ConstantExpr k:
                sb.Append(k.Name switch
                {
                    Ops.Avogadro => "avogadro",
                    Ops.Pi => "pi",
                    Ops.ExponentialE => "exponentiale",
                    Ops.True => "true",
                    Ops.False => "false",
                    Ops.Infinity => "inf",
                    Ops.NotANumber => "NaN",
                    _ => k.Name,
                });
                return;
            case CallExpr c:
                WriteCall(sb, c);
                return;
            default:
                throw new InvalidOperationException($"Cannot format {e.GetType().Name}.");
        }
    }

    private static void WriteCall(StringBuilder sb, CallExpr c)
    {
        var a = c.Args;
        switch (c.Op)
        {
            case Ops.Plus when a.Length >= 2: Infix(sb, c, " + ", PAdd, false); return;
            case Ops.Minus when a.Length == 2: Infix(sb, c, " - ", PAdd, true); return;
            case Ops.Times when a.Length >= 2: Infix(sb, c, " * ", PMul, false); return;
            case Ops.Divide: Infix(sb, c, " / ", PMul, true); return;
            // Readers take "-2" as the number -2, so the negation of a literal keeps its parentheses.
            case Ops.Minus when a.Length == 1 && a[0] is NumberExpr:
                sb.Append("-(").Append(FormatNumber(((NumberExpr)a[0]).Value)).Append(')'); return;
            case Ops.Minus when a.Length == 1: sb.Append('-'); Write(sb, a[0], PUnary + 1); return;
            case Ops.Not: sb.Append('!'); Write(sb, a[0], PUnary + 1); return;
            case Ops.Power:
                // Right-associative: the left operand needs a tighter level.
                Write(sb, a[0], PPow + 1); sb.Append('^'); Write(sb, a[1], PPow); return;
            case Ops.Or when a.Length >= 2: Infix(sb, c, " || ", POr, false); return;
            case Ops.And when a.Length >= 2: Infix(sb, c, " && ", PAnd, false); return;
            case Ops.Eq when a.Length == 2: Infix(sb, c, " == ", PRel, true); return;
            case Ops.Neq: Infix(sb, c, " != ", PRel, true); return;
            case Ops.Gt when a.Length == 2: Infix(sb, c, " > ", PRel, true); return;
            case Ops.Lt when a.Length == 2: Infix(sb, c, " < ", PRel, true); return;
            case Ops.Geq when a.Length == 2: Infix(sb, c, " >= ", PRel, true); return;
            case Ops.Leq when a.Length == 2: Infix(sb, c, " <= ", PRel, true); return;
            case Ops.Plus when a.Length == 1: Write(sb, a[0], PAtom); return;
            case Ops.Plus when a.Length == 0: sb.Append('0'); return;
            case Ops.Times when a.Length == 1: Write(sb, a[0], PAtom); return;
            case Ops.Times when a.Length == 0: sb.Append('1'); return;
            case Ops.Ln: Func(sb, "ln", a); return;
            case Ops.Log when a.Length == 2 && a[0] is NumberExpr { Value: 10 }: Func(sb, "log10", [a[1]]); return;
            case Ops.Root when a.Length == 2 && a[0] is NumberExpr { Value: 2 }: Func(sb, "sqrt", [a[1]]); return;
            case Ops.Ceiling: Func(sb, "ceil", a); return;
            default: Func(sb, c.Op, a); return;
        }
    }

    private static void Func(StringBuilder sb, string name, IReadOnlyList<Expr> args)
    {
        sb.Append(name).Append('(');
        for (int i = 0; i < args.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            Write(sb, args[i], 0);
        }
        sb.Append(')');
    }
}
