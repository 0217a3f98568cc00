using System.Linq.Expressions;
using System.Reflection;
using TrkbSim.Modeling.Math;
using L = System.Linq.Expressions.Expression;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// Turns resolved expressions (slots, time, numbers, built-in calls) into System.Linq.Expressions trees over
/// the parameters (t, y, p). Relations and logic are emitted as bool and converted to 1/0 only where a number is needed.
/// </summary>
internal sealed class LinqEmitter(ParameterExpression t, ParameterExpression y, ParameterExpression p, Func<SlotExpr, L>? read = null)
{
    public ParameterExpression T { get; } = t;
    public ParameterExpression Y { get; } = y;
    public ParameterExpression P { get; } = p;

    private static readonly L One = L.Constant(1.0), Zero = L.Constant(0.0);

    private static MethodInfo M(Type type, string name, int arity) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Static, [.. Enumerable.Repeat(typeof(double), arity)])
        ?? throw new InvalidOperationException($"Missing {type.Name}.{name}");

    internal static readonly Dictionary<string, MethodInfo> Unary = new()
    {
        [Ops.Abs] = M(typeof(System.Math), nameof(System.Math.Abs), 1),
        [Ops.Exp] = M(typeof(System.Math), nameof(System.Math.Exp), 1),
        [Ops.Ln] = M(typeof(System.Math), nameof(System.Math.Log), 1),
        [Ops.Floor] = M(typeof(System.Math), nameof(System.Math.Floor), 1),
        [Ops.Ceiling] = M(typeof(System.Math), nameof(System.Math.Ceiling), 1),
        [Ops.Factorial] = M(typeof(SbmlMath), nameof(SbmlMath.Factorial), 1),
        [Ops.Sin] = M(typeof(System.Math), nameof(System.Math.Sin), 1),
        [Ops.Cos] = M(typeof(System.Math), nameof(System.Math.Cos), 1),
        [Ops.Tan] = M(typeof(System.Math), nameof(System.Math.Tan), 1),
        [Ops.Sec] = M(typeof(SbmlMath), nameof(SbmlMath.Sec), 1),
        [Ops.Csc] = M(typeof(SbmlMath), nameof(SbmlMath.Csc), 1),
        [Ops.Cot] = M(typeof(SbmlMath), nameof(SbmlMath.Cot), 1),
        [Ops.Sinh] = M(typeof(System.Math), nameof(System.Math.Sinh), 1),
        [Ops.Cosh] = M(typeof(System.Math), nameof(System.Math.Cosh), 1),
        [Ops.Tanh] = M(typeof(System.Math), nameof(System.Math.Tanh), 1),
        [Ops.Sech] = M(typeof(SbmlMath), nameof(SbmlMath.Sech), 1),
        [Ops.Csch] = M(typeof(SbmlMath), nameof(SbmlMath.Csch), 1),
        [Ops.Coth] = M(typeof(SbmlMath), nameof(SbmlMath.Coth), 1),
        [Ops.ArcSin] = M(typeof(System.Math), nameof(System.Math.Asin), 1),
        [Ops.ArcCos] = M(typeof(System.Math), nameof(System.Math.Acos), 1),
        [Ops.ArcTan] = M(typeof(System.Math), nameof(System.Math.Atan), 1),
        [Ops.ArcSec] = M(typeof(SbmlMath), nameof(SbmlMath.ArcSec), 1),
        [Ops.ArcCsc] = M(typeof(SbmlMath), nameof(SbmlMath.ArcCsc), 1),
        [Ops.ArcCot] = M(typeof(SbmlMath), nameof(SbmlMath.ArcCot), 1),
        [Ops.ArcSinh] = M(typeof(System.Math), nameof(System.Math.Asinh), 1),
        [Ops.ArcCosh] = M(typeof(System.Math), nameof(System.Math.Acosh), 1),
        [Ops.ArcTanh] = M(typeof(System.Math), nameof(System.Math.Atanh), 1),
        [Ops.ArcSech] = M(typeof(SbmlMath), nameof(SbmlMath.ArcSech), 1),
        [Ops.ArcCsch] = M(typeof(SbmlMath), nameof(SbmlMath.ArcCsch), 1),
        [Ops.ArcCoth] = M(typeof(SbmlMath), nameof(SbmlMath.ArcCoth), 1),
        [InternalOps.Digamma] = M(typeof(SbmlMath), nameof(SbmlMath.Digamma), 1),
    };

    internal static readonly MethodInfo PowM = M(typeof(SbmlMath), nameof(SbmlMath.Power), 2);
    private static readonly MethodInfo SqrtM = M(typeof(System.Math), nameof(System.Math.Sqrt), 1);
    internal static readonly MethodInfo RootM = M(typeof(SbmlMath), nameof(SbmlMath.Root), 2);
    internal static readonly MethodInfo LogM = M(typeof(SbmlMath), nameof(SbmlMath.Log), 2);
    internal static readonly MethodInfo QuotM = M(typeof(SbmlMath), nameof(SbmlMath.Quotient), 2);
    private static readonly MethodInfo MinM = M(typeof(System.Math), nameof(System.Math.Min), 2);
    private static readonly MethodInfo MaxM = M(typeof(System.Math), nameof(System.Math.Max), 2);

    public L Read(SlotExpr s) => read is null ? L.ArrayIndex(s.Array == SlotArray.Y ? Y : P, L.Constant(s.Index)) : read(s);

    /// <summary>The same emitter with slot reads emitted by <paramref name="reader"/> (e.g. through a table of indices).</summary>
    public LinqEmitter WithReader(Func<SlotExpr, L> reader) => new(T, Y, P, reader);

    public L Write(SlotArray array, int index, L value) =>
        L.Assign(L.ArrayAccess(array == SlotArray.Y ? Y : P, L.Constant(index)), value);

    /// <summary>The expression as a double.</summary>
    public L Double(Expr e)
    {
        switch (e)
        {
            case NumberExpr n: return L.Constant(n.Value);
            case ConstantExpr k: return L.Constant(k.Value);
            case TimeExpr: return T;
            case SlotExpr s: return Read(s);
            case CallExpr c: return Call(c);
            default: throw new InvalidOperationException($"Unresolved expression '{e}'.");
        }
    }

    private L Call(CallExpr c)
    {
        var a = c.Args;
        if (Ops.IsRelational(c.Op) || Ops.IsLogical(c.Op)) return L.Condition(Bool(c), One, Zero);
        if (Unary.TryGetValue(c.Op, out var m)) return L.Call(m, Double(a[0]));
        switch (c.Op)
        {
            case Ops.Plus: return a.Length == 0 ? Zero : Balanced(a, 0, a.Length, L.Add);
            case Ops.Times: return a.Length == 0 ? One : Balanced(a, 0, a.Length, L.Multiply);
            case Ops.Minus: return a.Length == 1 ? L.Negate(Double(a[0])) : L.Subtract(Double(a[0]), Double(a[1]));
            case Ops.Divide: return L.Divide(Double(a[0]), Double(a[1]));
            case Ops.Power:
                if (a[1] is NumberExpr { Value: 2 } && a[0] is SlotExpr or TimeExpr)
                {
                    var b = Double(a[0]);
                    return L.Multiply(b, b);
                }
                if (a[1] is NumberExpr { Value: 0.5 }) return L.Call(SqrtM, Double(a[0]));
                return L.Call(PowM, Double(a[0]), Double(a[1]));
            case Ops.Root:
                return a[0] is NumberExpr { Value: 2 } ? L.Call(SqrtM, Double(a[1])) : L.Call(RootM, Double(a[0]), Double(a[1]));
            case Ops.Log: return L.Call(LogM, Double(a[0]), Double(a[1]));
            case Ops.Rem: return L.Modulo(Double(a[0]), Double(a[1]));
            case Ops.Quotient: return L.Call(QuotM, Double(a[0]), Double(a[1]));
            case Ops.Min or Ops.Max:
                {
                    var mm = c.Op == Ops.Min ? MinM : MaxM;
                    L r = Double(a[0]);
                    for (int i = 1; i < a.Length; i++) r = L.Call(mm, r, Double(a[i]));
                    return r;
                }
            case Ops.Piecewise:
                {
                    int n = a.Length;
                    L r = n % 2 == 1 ? Double(a[n - 1]) : L.Constant(double.NaN);
                    for (int i = (n % 2 == 1 ? n - 1 : n) - 2; i >= 0; i -= 2)
                        r = L.Condition(Bool(a[i + 1]), Double(a[i]), r);
                    return r;
                }
        }
        throw new InvalidOperationException($"Unsupported operator '{c.Op}'.");
    }

    private L Balanced(System.Collections.Immutable.ImmutableArray<Expr> a, int from, int to, Func<L, L, L> op) =>
        Balanced(a, from, to, op, Double);

    /// <summary>
    /// A sum or product of many terms: in written order up to 8 terms, else as a balanced tree of halves (shallow trees
    /// for the expression compiler). Every emitter uses this association, so that their values agree.
    /// </summary>
    internal static L Balanced(System.Collections.Immutable.ImmutableArray<Expr> a, int from, int to, Func<L, L, L> op, Func<Expr, L> leaf)
    {
        if (to - from == 1) return leaf(a[from]);
        if (to - from <= 8)
        {
            L r = leaf(a[from]);
            for (int i = from + 1; i < to; i++) r = op(r, leaf(a[i]));
            return r;
        }
        int mid = (from + to) / 2;
        return op(Balanced(a, from, mid, op, leaf), Balanced(a, mid, to, op, leaf));
    }

    /// <summary>The expression as a truth value (non-zero is true).</summary>
    public L Bool(Expr e)
    {
        if (e is NumberExpr n) return L.Constant(n.Value != 0);
        if (e is not CallExpr c || !(Ops.IsRelational(c.Op) || Ops.IsLogical(c.Op)))
            return L.NotEqual(Double(e), Zero);
        var a = c.Args;
        switch (c.Op)
        {
            case Ops.Neq: return L.NotEqual(Double(a[0]), Double(a[1]));
            case Ops.Eq or Ops.Gt or Ops.Lt or Ops.Geq or Ops.Leq:
                {
                    if (a.Length < 2) return L.Constant(true);
                    Func<L, L, L> rel = c.Op switch
                    {
                        Ops.Eq => L.Equal,
                        Ops.Gt => L.GreaterThan,
                        Ops.Lt => L.LessThan,
                        Ops.Geq => L.GreaterThanOrEqual,
                        _ => L.LessThanOrEqual,
                    };
                    L? r = null;
                    for (int i = 1; i < a.Length; i++)
                    {
                        var pair = rel(Double(a[i - 1]), Double(a[i]));
                        r = r is null ? pair : L.AndAlso(r, pair);
                    }
                    return r!;
                }
            case Ops.And:
                {
                    if (a.Length == 0) return L.Constant(true);
                    L r = Bool(a[0]);
                    for (int i = 1; i < a.Length; i++) r = L.AndAlso(r, Bool(a[i]));
                    return r;
                }
            case Ops.Or:
                {
                    if (a.Length == 0) return L.Constant(false);
                    L r = Bool(a[0]);
                    for (int i = 1; i < a.Length; i++) r = L.OrElse(r, Bool(a[i]));
                    return r;
                }
            case Ops.Xor:
                {
                    L r = L.Constant(false);
                    foreach (var x in a) r = L.ExclusiveOr(r, Bool(x));
                    return r;
                }
            case Ops.Not: return L.Not(Bool(a[0]));
            case Ops.Implies: return L.OrElse(L.Not(Bool(a[0])), Bool(a[1]));
        }
        throw new InvalidOperationException($"Unsupported operator '{c.Op}'.");
    }
}
