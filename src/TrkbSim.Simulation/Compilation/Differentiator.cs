using System.Runtime.InteropServices;
using TrkbSim.Modeling.Math;
using static TrkbSim.Simulation.Compilation.Simplifier;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// Symbolic differentiation of resolved expressions. What a leaf (slot or time) contributes is decided by
/// the caller: 1/0 for a partial derivative by one state, the state's rate for a total time derivative,
/// or a temporary that holds an assignment rule's own derivative (chain rule without inlining).
/// </summary>
internal static class Differentiator
{
    public static Expr D(Expr e, Func<Expr, Expr> leaf)
    {
        switch (e)
        {
            case NumberExpr or ConstantExpr: return Expr.Zero;
            case SlotExpr or TimeExpr: return leaf(e);
            case CallExpr c: return DCall(c, leaf);
            default: throw new InvalidOperationException($"Cannot differentiate '{e}'.");
        }
    }

    private static Expr DCall(CallExpr c, Func<Expr, Expr> leaf)
    {
        var a = c.Args;
        Expr Da(int i) => D(a[i], leaf);
        Expr x = a.Length > 0 ? a[0] : Expr.Zero;
        switch (c.Op)
        {
            case Ops.Plus:
                {
                    var terms = new Expr[a.Length];
                    for (int i = 0; i < a.Length; i++) terms[i] = Da(i);
                    return Sum(terms);
                }
            case Ops.Minus: return a.Length == 1 ? Neg(Da(0)) : Sub(Da(0), Da(1));
            case Ops.Times:
                {
                    var terms = new List<Expr>();
                    for (int i = 0; i < a.Length; i++)
                    {
                        var di = Da(i);
                        if (IsZero(di)) continue;
                        var f = new Expr[a.Length];
                        for (int k = 0; k < a.Length; k++) f[k] = k == i ? di : a[k];
                        terms.Add(Product(f));
                    }
                    return Sum(CollectionsMarshal.AsSpan(terms));
                }
            case Ops.Divide:
                {
                    Expr da = Da(0), db = Da(1);
                    // d(u/v) = du/v - u dv / v^2
                    return Sub(Div(da, a[1]), Div(Mul(a[0], db), Pow(a[1], Num(2))));
                }
            case Ops.Power:
                {
                    Expr u = a[0], v = a[1], du = Da(0), dv = Da(1);
                    Expr t1 = IsZero(du) ? Expr.Zero
                        : v is NumberExpr n ? Product([Num(n.Value), Pow(u, Num(n.Value - 1)), du])
                        : Product([v, Pow(u, Sub(v, Num(1))), du]);
                    Expr t2 = IsZero(dv) ? Expr.Zero : Product([c, Call(Ops.Ln, u), dv]);
                    return Add(t1, t2);
                }
            case Ops.Root: return D(Pow(a[1], Div(Num(1), a[0])), leaf);
            case Ops.Abs: return Chain(a[0], leaf, dx => Call(Ops.Piecewise, dx, Call(Ops.Geq, x, Expr.Zero), Neg(dx)));
            case Ops.Exp: return Chain(x, leaf, dx => Mul(c, dx));
            case Ops.Ln: return Chain(x, leaf, dx => Div(dx, x));
            case Ops.Log: return D(Div(Call(Ops.Ln, a[1]), Call(Ops.Ln, a[0])), leaf);
            case Ops.Floor or Ops.Ceiling or Ops.Quotient: return Expr.Zero;
            case Ops.Factorial:
                return Chain(x, leaf, dx => Product([c, Call(InternalOps.Digamma, Add(x, Num(1))), dx]));
            case Ops.Min or Ops.Max:
                {
                    if (a.Length == 1) return Da(0);
                    // Reduce to nested binary choices: max(a, b, c) = max(max(a, b), c).
                    Expr acc = a[0], dacc = Da(0);
                    string rel = c.Op == Ops.Max ? Ops.Geq : Ops.Leq;
                    for (int i = 1; i < a.Length; i++)
                    {
                        var di = Da(i);
                        dacc = Call(Ops.Piecewise, dacc, Call(rel, acc, a[i]), di);
                        acc = new CallExpr(c.Op, [acc, a[i]]);
                    }
                    return dacc;
                }
            case Ops.Rem: return Sub(Da(0), Mul(Da(1), Call(Ops.Quotient, a[0], a[1])));
            case Ops.Sin: return Chain(x, leaf, dx => Mul(Call(Ops.Cos, x), dx));
            case Ops.Cos: return Chain(x, leaf, dx => Neg(Mul(Call(Ops.Sin, x), dx)));
            case Ops.Tan: return Chain(x, leaf, dx => Div(dx, Pow(Call(Ops.Cos, x), Num(2))));
            case Ops.Sec: return Chain(x, leaf, dx => Product([c, Call(Ops.Tan, x), dx]));
            case Ops.Csc: return Chain(x, leaf, dx => Neg(Product([c, Call(Ops.Cot, x), dx])));
            case Ops.Cot: return Chain(x, leaf, dx => Neg(Mul(Pow(Call(Ops.Csc, x), Num(2)), dx)));
            case Ops.Sinh: return Chain(x, leaf, dx => Mul(Call(Ops.Cosh, x), dx));
            case Ops.Cosh: return Chain(x, leaf, dx => Mul(Call(Ops.Sinh, x), dx));
            case Ops.Tanh: return Chain(x, leaf, dx => Mul(Sub(Num(1), Pow(c, Num(2))), dx));
            case Ops.Sech: return Chain(x, leaf, dx => Neg(Product([c, Call(Ops.Tanh, x), dx])));
            case Ops.Csch: return Chain(x, leaf, dx => Neg(Product([c, Call(Ops.Coth, x), dx])));
            case Ops.Coth: return Chain(x, leaf, dx => Neg(Mul(Pow(Call(Ops.Csch, x), Num(2)), dx)));
            case Ops.ArcSin: return Chain(x, leaf, dx => Div(dx, Call(Ops.Root, Num(2), Sub(Num(1), Pow(x, Num(2))))));
            case Ops.ArcCos: return Chain(x, leaf, dx => Neg(Div(dx, Call(Ops.Root, Num(2), Sub(Num(1), Pow(x, Num(2)))))));
            case Ops.ArcTan: return Chain(x, leaf, dx => Div(dx, Add(Num(1), Pow(x, Num(2)))));
            case Ops.ArcCot: return Chain(x, leaf, dx => Neg(Div(dx, Add(Num(1), Pow(x, Num(2))))));
            case Ops.ArcSec:
                return Chain(x, leaf, dx => Div(dx, Mul(Call(Ops.Abs, x), Call(Ops.Root, Num(2), Sub(Pow(x, Num(2)), Num(1))))));
            case Ops.ArcCsc:
                return Chain(x, leaf, dx => Neg(Div(dx, Mul(Call(Ops.Abs, x), Call(Ops.Root, Num(2), Sub(Pow(x, Num(2)), Num(1)))))));
            case Ops.ArcSinh: return Chain(x, leaf, dx => Div(dx, Call(Ops.Root, Num(2), Add(Pow(x, Num(2)), Num(1)))));
            case Ops.ArcCosh: return Chain(x, leaf, dx => Div(dx, Call(Ops.Root, Num(2), Sub(Pow(x, Num(2)), Num(1)))));
            case Ops.ArcTanh or Ops.ArcCoth: return Chain(x, leaf, dx => Div(dx, Sub(Num(1), Pow(x, Num(2)))));
            case Ops.ArcSech:
                return Chain(x, leaf, dx => Neg(Div(dx, Mul(x, Call(Ops.Root, Num(2), Sub(Num(1), Pow(x, Num(2))))))));
            case Ops.ArcCsch:
                return Chain(x, leaf, dx => Neg(Div(dx, Mul(Call(Ops.Abs, x), Call(Ops.Root, Num(2), Add(Num(1), Pow(x, Num(2))))))));
            case Ops.Piecewise:
                {
                    var args = new Expr[a.Length];
                    for (int i = 0; i < a.Length; i++)
                        args[i] = i % 2 == 0 ? Da(i) : a[i]; // values at even positions, conditions at odd
                    return Call(Ops.Piecewise, args);
                }
            case InternalOps.Digamma:
                throw new InvalidOperationException("Second derivatives of factorial are not supported.");
        }
        if (Ops.IsRelational(c.Op) || Ops.IsLogical(c.Op)) return Expr.Zero;
        throw new InvalidOperationException($"Cannot differentiate operator '{c.Op}'.");
    }

    private static Expr Chain(Expr inner, Func<Expr, Expr> leaf, Func<Expr, Expr> outer)
    {
        var dx = D(inner, leaf);
        return IsZero(dx) ? Expr.Zero : outer(dx);
    }
}
