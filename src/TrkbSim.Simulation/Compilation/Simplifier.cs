using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// Algebraic simplification for generated expressions (derivatives above all): constant folding,
/// x*0, x*1, x+0, x-0, x/1, x^0, x^1, double negation, flattening of sums and products.
/// Zero products are folded without regard to inf/NaN operands, as symbolic engines do.
/// </summary>
internal static class Simplifier
{
    public static bool IsNum(Expr e, double v) => e is NumberExpr n && n.Value == v;
    public static bool IsZero(Expr e) => IsNum(e, 0);

    public static Expr Num(double v) => v == 0 ? Expr.Zero : v == 1 ? Expr.One : new NumberExpr(v);

    public static Expr Add(Expr a, Expr b) => Sum([a, b]);

    /// <summary>
    /// Terms and factors being collected by <see cref="Sum"/> and <see cref="Product"/>, one list per thread and reused, so
    /// that a simplified node costs only its own argument array and node (generated Jacobians build hundreds of thousands).
    /// Neither method calls anything that collects while the list is in use.
    /// </summary>
    [ThreadStatic] private static List<Expr>? t_collected;

    private static List<Expr> Collected() => t_collected ??= new List<Expr>(16);

    /// <summary>The collected items as the arguments of a new node; the list is left empty for the next use.</summary>
    private static ImmutableArray<Expr> TakeArguments(List<Expr> list, Expr? first = null)
    {
        var args = new Expr[list.Count + (first is null ? 0 : 1)];
        int k = 0;
        if (first is not null) args[k++] = first;
        list.CopyTo(args, k);
        list.Clear();
        return ImmutableCollectionsMarshal.AsImmutableArray(args);
    }

    public static Expr Sum(params ReadOnlySpan<Expr> terms)
    {
        var list = Collected();
        double c = 0;
        foreach (var t in terms) CollectTerms(t, list, ref c);
        if (c != 0 || double.IsNaN(c)) list.Add(Num(c));
        switch (list.Count)
        {
            case 0: return Expr.Zero;
            case 1:
                {
                    var only = list[0];
                    list.Clear();
                    return only;
                }
            default: return new CallExpr(Ops.Plus, TakeArguments(list));
        }
    }

    private static void CollectTerms(Expr t, List<Expr> list, ref double c)
    {
        if (t is NumberExpr n) c += n.Value;
        else if (t is CallExpr { Op: Ops.Plus } p) foreach (var a in p.Args) CollectTerms(a, list, ref c);
        else list.Add(t);
    }

    public static Expr Sub(Expr a, Expr b)
    {
        if (IsZero(b)) return a;
        if (IsZero(a)) return Neg(b);
        if (a is NumberExpr x && b is NumberExpr y) return Num(x.Value - y.Value);
        return new CallExpr(Ops.Minus, [a, b]);
    }

    public static Expr Neg(Expr a) => a switch
    {
        NumberExpr n => Num(-n.Value),
        CallExpr { Op: Ops.Minus, Args.Length: 1 } m => m.Args[0],
        _ => new CallExpr(Ops.Minus, [a]),
    };

    public static Expr Mul(Expr a, Expr b) => Product([a, b]);

    public static Expr Product(params ReadOnlySpan<Expr> factors)
    {
        var list = Collected();
        double c = 1;
        foreach (var f in factors) CollectFactors(f, list, ref c);
        if (c == 0 || list.Count == 0)
        {
            list.Clear();
            return c == 0 ? Expr.Zero : Num(c);
        }
        // The collected factors are never products themselves (they are flattened), so a product of several gets the
        // constant in front and a single factor is scaled by a product of two.
        if (c == 1 || c == -1)
        {
            Expr r;
            if (list.Count == 1) { r = list[0]; list.Clear(); }
            else r = new CallExpr(Ops.Times, TakeArguments(list));
            return c == 1 ? r : Neg(r);
        }
        if (list.Count == 1)
        {
            var only = list[0];
            list.Clear();
            return new CallExpr(Ops.Times, [Num(c), only]);
        }
        return new CallExpr(Ops.Times, TakeArguments(list, Num(c)));
    }

    private static void CollectFactors(Expr f, List<Expr> list, ref double c)
    {
        if (f is NumberExpr n) c *= n.Value;
        else if (f is CallExpr { Op: Ops.Times } p) foreach (var a in p.Args) CollectFactors(a, list, ref c);
        else list.Add(f);
    }

    public static Expr Div(Expr a, Expr b)
    {
        if (IsZero(a)) return Expr.Zero;
        if (IsNum(b, 1)) return a;
        if (IsNum(b, -1)) return Neg(a);
        if (a is NumberExpr x && b is NumberExpr y) return Num(x.Value / y.Value);
        return new CallExpr(Ops.Divide, [a, b]);
    }

    public static Expr Pow(Expr a, Expr b)
    {
        if (IsZero(b)) return Expr.One;
        if (IsNum(b, 1)) return a;
        if (a is NumberExpr x && b is NumberExpr y) return Num(SbmlMath.Power(x.Value, y.Value));
        return new CallExpr(Ops.Power, [a, b]);
    }

    /// <summary>A call with constant folding when every argument is a number.</summary>
    public static Expr Call(string op, params Expr[] args)
    {
        switch (op)
        {
            case Ops.Plus: return Sum(args);
            case Ops.Times: return Product(args);
            case Ops.Minus: return args.Length == 1 ? Neg(args[0]) : Sub(args[0], args[1]);
            case Ops.Divide: return Div(args[0], args[1]);
            case Ops.Power: return Pow(args[0], args[1]);
            case Ops.Piecewise: return Piecewise(args);
        }
        if (args.All(a => a is NumberExpr) && (Ops.IsBuiltIn(op) || op == InternalOps.Digamma) && op is not (Ops.Delay or Ops.RateOf))
        {
            Span<double> v = stackalloc double[args.Length];
            for (int i = 0; i < args.Length; i++) v[i] = ((NumberExpr)args[i]).Value;
            return Num(SbmlMath.Apply(op, v));
        }
        return new CallExpr(op, [.. args]);
    }

    private static Expr Piecewise(Expr[] args)
    {
        // Drop branches whose condition is constant false; stop at a constant true.
        var kept = new List<Expr>();
        int i = 0;
        for (; i + 1 < args.Length; i += 2)
        {
            if (args[i + 1] is NumberExpr c)
            {
                if (c.Value == 0) continue;
                if (kept.Count == 0) return args[i];
                kept.Add(args[i]);
                return new CallExpr(Ops.Piecewise, [.. kept]);
            }
            kept.Add(args[i]); kept.Add(args[i + 1]);
        }
        if (i < args.Length)
        {
            if (kept.Count == 0) return args[i];
            kept.Add(args[i]);
        }
        if (kept.Count == 0) return new NumberExpr(double.NaN);
        // All branches equal (typical for derivatives that are zero everywhere): the value itself.
        bool same = true;
        for (int k = 0; k < kept.Count; k += 2) if (!kept[k].Equals(kept[0])) same = false;
        if (same && kept.Count % 2 == 1) return kept[0];
        return new CallExpr(Ops.Piecewise, [.. kept]);
    }

    /// <summary>
    /// Whether <see cref="Call"/> would rebuild <paramref name="c"/> unchanged: every argument a slot or time (no number to
    /// fold, no nested sum or product to flatten), a sum or product of at least two of them, an operator of the arity it
    /// reads, and not a piecewise (whose equal branches merge). Such calls (<c>k*S</c>, <c>S_a/S_b</c>) are common in rates and in their derivatives.
    /// </summary>
    private static bool IsSimplifiedLeafCall(CallExpr c)
    {
        bool rebuilt = c.Op switch
        {
            Ops.Piecewise => false,
            Ops.Plus or Ops.Times => c.Args.Length >= 2,
            Ops.Minus => c.Args.Length is 1 or 2,
            Ops.Divide or Ops.Power => c.Args.Length == 2,
            _ => true,
        };
        if (!rebuilt) return false;
        foreach (var a in c.Args)
            if (a is not (SlotExpr or TimeExpr)) return false;
        return true;
    }

    /// <summary>Simplifies a whole tree bottom-up.</summary>
    public static Expr Simplify(Expr e) => Simplify(e, null);

    /// <summary>
    /// Simplifies a whole tree bottom-up, keeping the subtrees in <paramref name="done"/> (by reference) as they are: each
    /// must be a result of <see cref="Simplify(Expr)"/>, which it would rebuild unchanged (every constructor here returns a
    /// tree that simplifies to itself). The Jacobian inlines the simplified derivatives of rules into many entries.
    /// </summary>
    public static Expr Simplify(Expr e, IReadOnlySet<Expr>? done)
    {
        switch (e)
        {
            case CallExpr c:
                if (IsSimplifiedLeafCall(c) || (done is not null && done.Contains(c))) return c;
                var args = new Expr[c.Args.Length];
                for (int i = 0; i < args.Length; i++) args[i] = Simplify(c.Args[i], done);
                return Call(c.Op, args);
            case ConstantExpr k: return Num(k.Value);
            default: return e;
        }
    }
}
