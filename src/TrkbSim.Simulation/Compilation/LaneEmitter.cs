using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Intrinsics;
using TrkbSim.Numerics.Ode;
using TrkbSim.Modeling.Math;
using L = System.Linq.Expressions.Expression;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// The right-hand side over several runs at once (<see cref="LaneBatch"/>): every value is a vector of four lanes of 256
/// bits or eight of 512 (<see cref="Lanes4"/>, <see cref="Lanes8"/>) whose lanes are independent runs of the same model
/// (different parameters, states and times). Each lane computes exactly what the scalar code of
/// <see cref="LinqEmitter"/> computes for that run, operation by operation: the same expression tree, the same
/// association of sums and products, IEEE operations that round like their scalar counterparts (negation flips the sign
/// bit, as the scalar one does), and the scalar library functions called per lane for everything else (exp, pow, ...).
/// Relations are lane masks; a piecewise expression evaluates every branch and selects per lane (no branch can fault:
/// the values are doubles). The emitter itself is not generic (it is precompiled with the rest of the compiler); the
/// width is data (<see cref="VectorKind"/>).
/// </summary>
internal sealed class LaneEmitter
{
    /// <summary>A vector width's types and the vector methods the emitted code calls.</summary>
    private sealed class VectorKind
    {
        public VectorKind(Type vectorClass, Type vector, Type lanes, int width)
        {
            Vector = vector;
            Array = vector.MakeArrayType();
            Width = width;
            Function = typeof(LaneFunction<>).MakeGenericType(vector);
            MethodInfo V(string name, int arity) =>
                vectorClass.GetMethods(BindingFlags.Public | BindingFlags.Static)
                    .First(m => m.Name == name && m.IsGenericMethodDefinition && m.GetParameters().Length == arity)
                    .MakeGenericMethod(typeof(double));
            Broadcast = vectorClass.GetMethod(nameof(Vector256.Create), [typeof(double)])!;
            Select = V(nameof(Vector256.ConditionalSelect), 3);
            EqualsM = V(nameof(Vector256.Equals), 2);
            Greater = V(nameof(Vector256.GreaterThan), 2);
            Less = V(nameof(Vector256.LessThan), 2);
            GreaterEq = V(nameof(Vector256.GreaterThanOrEqual), 2);
            LessEq = V(nameof(Vector256.LessThanOrEqual), 2);
            And = V(nameof(Vector256.BitwiseAnd), 2);
            Or = V(nameof(Vector256.BitwiseOr), 2);
            Xor = V(nameof(Vector256.Xor), 2);
            Not = V(nameof(Vector256.OnesComplement), 1);
            MaxM = V(nameof(Vector256.Max), 2);
            MinM = V(nameof(Vector256.Min), 2);
            SqrtM = V(nameof(Vector256.Sqrt), 1);
            Element = V(nameof(Vector256.GetElement), 2);
            PowerM = typeof(Lanes).GetMethod(nameof(Lanes.Power))!.MakeGenericMethod(vector, lanes);
            CreateLanes = vectorClass.GetMethod(nameof(Vector256.Create), [.. Enumerable.Repeat(typeof(double), width)])!;
            AllBits = L.Property(null, vector.GetProperty(nameof(Vector256<double>.AllBitsSet))!);
            One = Splat(1.0);
            Zero = Splat(0.0);
        }

        public Type Vector { get; }
        public Type Array { get; }
        public Type Function { get; }
        public int Width { get; }
        public MethodInfo Broadcast { get; }
        public MethodInfo Select { get; }
        public MethodInfo EqualsM { get; }
        public MethodInfo Greater { get; }
        public MethodInfo Less { get; }
        public MethodInfo GreaterEq { get; }
        public MethodInfo LessEq { get; }
        public MethodInfo And { get; }
        public MethodInfo Or { get; }
        public MethodInfo Xor { get; }
        public MethodInfo Not { get; }
        public MethodInfo MaxM { get; }
        public MethodInfo MinM { get; }
        public MethodInfo SqrtM { get; }
        public MethodInfo Element { get; }
        public MethodInfo PowerM { get; }
        public MethodInfo CreateLanes { get; }
        public L AllBits { get; }
        public L One { get; }
        public L Zero { get; }

        // A constant vector as a broadcast of a double constant, which the JIT folds; a vector constant would be boxed
        // in the closure and unboxed at every use.
        public L Splat(double value) => L.Call(Broadcast, L.Constant(value));
    }

    private static readonly Lazy<VectorKind> Four = new(() => new VectorKind(typeof(Vector256), typeof(Vector256<double>), typeof(Lanes4), 4));
    private static readonly Lazy<VectorKind> Eight = new(() => new VectorKind(typeof(Vector512), typeof(Vector512<double>), typeof(Lanes8), 8));

    private readonly VectorKind _v;
    private readonly ParameterExpression _t, _y, _p, _o;
    private readonly Dictionary<string, L> _shared = [];
    private readonly HashSet<int> _assigned;

    private LaneEmitter(VectorKind v, HashSet<int> assigned)
    {
        _v = v;
        _assigned = assigned;
        _t = L.Parameter(v.Vector, "t");
        _y = L.Parameter(v.Array, "y");
        _p = L.Parameter(v.Array, "p");
        _o = L.Parameter(v.Array, "output");
    }

    /// <summary>
    /// Compiles the assignments (p slots, then the output array) into one lane function. The per-lane library calls
    /// (pow, exp, ...) are the costly part of a lane evaluation, so each distinct call is evaluated once: a call that
    /// reads only values no statement assigns (parameters) goes to <see cref="LaneProgram.Invariants"/>, which fills
    /// extra p slots from <paramref name="parameterCount"/> on whenever the parameters change, and a call that occurs
    /// more than once is kept in a local from its first use. Either way each lane's value is the one the scalar code
    /// computes (the same call on the same arguments), only not computed again.
    /// </summary>
    public static LaneProgram<TVector> Compile<TVector, TLanes>(IReadOnlyList<Assignment> statements, int parameterCount)
        where TVector : struct
        where TLanes : struct, ILaneVector<TVector>
    {
        var (rhs, invariants, slots) = Compile(TLanes.Width == 8 ? Eight.Value : Four.Value, statements, parameterCount);
        return new LaneProgram<TVector>((LaneFunction<TVector>)rhs, (LaneFunction<TVector>?)invariants, slots);
    }

    private static (Delegate Rhs, Delegate? Invariants, int Slots) Compile(VectorKind v, IReadOnlyList<Assignment> statements, int parameterCount)
    {
        var em = new LaneEmitter(v, [.. statements.Where(a => a.Target == AssignmentTarget.P).Select(a => a.Index)]);
        var calls = statements.Select(a => CostlyCalls(a.Value)).ToList();
        var uses = new Dictionary<string, int>();
        foreach (var list in calls)
            foreach (var (key, _) in list) uses[key] = uses.GetValueOrDefault(key) + 1;

        var body = new List<L>(statements.Count + 1);
        var locals = new List<ParameterExpression>();
        var invariant = new List<L>();
        int slots = parameterCount;
        for (int s = 0; s < statements.Count; s++)
        {
            foreach (var (key, call) in calls[s])
            {
                if (em._shared.ContainsKey(key)) continue;
                if (em.Invariant(call))
                {
                    var slot = L.ArrayAccess(em._p, L.Constant(slots++));
                    invariant.Add(L.Assign(slot, em.Number(call)));
                    em._shared[key] = slot;
                }
                else if (uses[key] > 1)
                {
                    var local = L.Variable(v.Vector, "c" + locals.Count);
                    locals.Add(local);
                    body.Add(L.Assign(local, em.Number(call)));
                    em._shared[key] = local;
                }
            }
            var a = statements[s];
            body.Add(L.Assign(L.ArrayAccess(a.Target == AssignmentTarget.P ? em._p : em._o, L.Constant(a.Index)), em.Number(a.Value)));
        }
        body.Add(L.Empty());
        var rhs = L.Lambda(v.Function, L.Block(locals, body), em._t, em._y, em._p, em._o).Compile();
        invariant.Add(L.Empty());
        var invariants = slots == parameterCount ? null : L.Lambda(v.Function, L.Block(invariant), em._t, em._y, em._p, em._o).Compile();
        return (rhs, invariants, slots);
    }

    /// <summary>The calls evaluated lane by lane through the scalar library, innermost first, with their keys.</summary>
    private static List<(string Key, CallExpr Call)> CostlyCalls(Expr e)
    {
        var found = new List<(string, CallExpr)>();
        void Walk(Expr x)
        {
            if (x is not CallExpr c) return;
            foreach (var arg in c.Args) Walk(arg);
            if (Costly(c)) found.Add((Key(c), c));
        }
        Walk(e);
        return found;
    }

    private static bool Costly(CallExpr c)
    {
        var a = c.Args;
        return c.Op switch
        {
            Ops.Power => !(a[1] is NumberExpr { Value: 2 } && a[0] is SlotExpr or TimeExpr) && a[1] is not NumberExpr { Value: 0.5 },
            Ops.Root => a[0] is not NumberExpr { Value: 2 },
            Ops.Log or Ops.Rem or Ops.Quotient => true,
            _ => LinqEmitter.Unary.ContainsKey(c.Op),
        };
    }

    /// <summary>Whether <paramref name="e"/> reads only values that no statement assigns (and neither time nor states).</summary>
    private bool Invariant(Expr e) => e switch
    {
        TimeExpr => false,
        SlotExpr s => s.Array == SlotArray.P && !_assigned.Contains(s.Index),
        CallExpr c => c.Args.All(Invariant),
        _ => true,
    };

    /// <summary>A key that tells expressions apart exactly (numbers by their bits, so 0 and -0 differ).</summary>
    private static string Key(Expr e)
    {
        var sb = new System.Text.StringBuilder();
        void Write(Expr x)
        {
            switch (x)
            {
                case NumberExpr n: sb.Append('#').Append(BitConverter.DoubleToInt64Bits(n.Value)); break;
                case SlotExpr s: sb.Append(s.Array == SlotArray.Y ? 'y' : 'p').Append(s.Index); break;
                case TimeExpr: sb.Append('t'); break;
                case CallExpr c:
                    sb.Append(c.Op).Append('(');
                    foreach (var arg in c.Args) { Write(arg); sb.Append(','); }
                    sb.Append(')');
                    break;
                default: sb.Append('{').Append(x).Append('}'); break;
            }
        }
        Write(e);
        return sb.ToString();
    }

    private L Number(Expr e)
    {
        if (e is CallExpr call && _shared.Count > 0 && Costly(call) && _shared.TryGetValue(Key(call), out var shared)) return shared;
        return e switch
        {
            NumberExpr n => _v.Splat(n.Value),
            ConstantExpr k => _v.Splat(k.Value),
            TimeExpr => _t,
            SlotExpr s => L.ArrayIndex(s.Array == SlotArray.Y ? _y : _p, L.Constant(s.Index)),
            CallExpr c => Call(c),
            _ => throw new InvalidOperationException($"Unresolved expression '{e}'."),
        };
    }

    /// <summary>The scalar operation applied lane by lane (each lane gets exactly the scalar result).</summary>
    private L Map(Func<L, L> f, L a)
    {
        var x = L.Variable(_v.Vector, "x");
        return L.Block([x], L.Assign(x, a), L.Call(_v.CreateLanes, [.. Enumerable.Range(0, _v.Width).Select(k => f(L.Call(_v.Element, x, L.Constant(k))))]));
    }

    private L Map(Func<L, L, L> f, L a, L b)
    {
        var x = L.Variable(_v.Vector, "x");
        var y = L.Variable(_v.Vector, "y");
        return L.Block([x, y], L.Assign(x, a), L.Assign(y, b),
            L.Call(_v.CreateLanes, [.. Enumerable.Range(0, _v.Width).Select(k => f(L.Call(_v.Element, x, L.Constant(k)), L.Call(_v.Element, y, L.Constant(k))))]));
    }

    private static Func<L, L, L> Scalar(MethodInfo m) => (x, y) => L.Call(m, x, y);

    private L Call(CallExpr c)
    {
        var a = c.Args;
        if (Ops.IsRelational(c.Op) || Ops.IsLogical(c.Op)) return L.Call(_v.Select, Mask(c), _v.One, _v.Zero);
        if (LinqEmitter.Unary.TryGetValue(c.Op, out var f)) return Map(x => L.Call(f, x), Number(a[0]));
        switch (c.Op)
        {
            case Ops.Plus: return a.Length == 0 ? _v.Zero : Balanced(a, 0, a.Length, L.Add);
            case Ops.Times: return a.Length == 0 ? _v.One : Balanced(a, 0, a.Length, L.Multiply);
            case Ops.Minus: return a.Length == 1 ? L.Call(_v.Xor, Number(a[0]), _v.Splat(-0.0)) : L.Subtract(Number(a[0]), Number(a[1]));
            case Ops.Divide: return L.Divide(Number(a[0]), Number(a[1]));
            case Ops.Power:
                if (a[1] is NumberExpr { Value: 2 } && a[0] is SlotExpr or TimeExpr)
                {
                    var b = Number(a[0]);
                    return L.Multiply(b, b);
                }
                if (a[1] is NumberExpr { Value: 0.5 }) return L.Call(_v.SqrtM, Number(a[0]));
                return L.Call(_v.PowerM, Number(a[0]), Number(a[1]));
            case Ops.Root:
                return a[0] is NumberExpr { Value: 2 } ? L.Call(_v.SqrtM, Number(a[1])) : Map(Scalar(LinqEmitter.RootM), Number(a[0]), Number(a[1]));
            case Ops.Log: return Map(Scalar(LinqEmitter.LogM), Number(a[0]), Number(a[1]));
            case Ops.Rem: return Map(L.Modulo, Number(a[0]), Number(a[1]));
            case Ops.Quotient: return Map(Scalar(LinqEmitter.QuotM), Number(a[0]), Number(a[1]));
            case Ops.Min or Ops.Max:
                {
                    var mm = c.Op == Ops.Min ? _v.MinM : _v.MaxM;
                    L r = Number(a[0]);
                    for (int i = 1; i < a.Length; i++) r = L.Call(mm, r, Number(a[i]));
                    return r;
                }
            case Ops.Piecewise:
                {
                    int n = a.Length;
                    L r = n % 2 == 1 ? Number(a[n - 1]) : _v.Splat(double.NaN);
                    for (int i = (n % 2 == 1 ? n - 1 : n) - 2; i >= 0; i -= 2)
                        r = L.Call(_v.Select, Mask(a[i + 1]), Number(a[i]), r);
                    return r;
                }
        }
        throw new InvalidOperationException($"Unsupported operator '{c.Op}'.");
    }

    private L Balanced(System.Collections.Immutable.ImmutableArray<Expr> a, int from, int to, Func<L, L, L> op) =>
        LinqEmitter.Balanced(a, from, to, op, Number);

    private L Constant(bool value) => value ? _v.AllBits : _v.Zero;

    /// <summary>The expression as a lane mask (all bits set where true; non-zero numbers are true).</summary>
    private L Mask(Expr e)
    {
        if (e is NumberExpr n) return Constant(n.Value != 0);
        if (e is not CallExpr c || !(Ops.IsRelational(c.Op) || Ops.IsLogical(c.Op)))
            return L.Call(_v.Not, L.Call(_v.EqualsM, Number(e), _v.Zero));
        var a = c.Args;
        switch (c.Op)
        {
            case Ops.Neq: return L.Call(_v.Not, L.Call(_v.EqualsM, Number(a[0]), Number(a[1])));
            case Ops.Eq or Ops.Gt or Ops.Lt or Ops.Geq or Ops.Leq:
                {
                    if (a.Length < 2) return Constant(true);
                    var rel = c.Op switch
                    {
                        Ops.Eq => _v.EqualsM,
                        Ops.Gt => _v.Greater,
                        Ops.Lt => _v.Less,
                        Ops.Geq => _v.GreaterEq,
                        _ => _v.LessEq,
                    };
                    L? r = null;
                    for (int i = 1; i < a.Length; i++)
                    {
                        var pair = L.Call(rel, Number(a[i - 1]), Number(a[i]));
                        r = r is null ? pair : L.Call(_v.And, r, pair);
                    }
                    return r!;
                }
            case Ops.And:
                {
                    if (a.Length == 0) return Constant(true);
                    L r = Mask(a[0]);
                    for (int i = 1; i < a.Length; i++) r = L.Call(_v.And, r, Mask(a[i]));
                    return r;
                }
            case Ops.Or:
                {
                    if (a.Length == 0) return Constant(false);
                    L r = Mask(a[0]);
                    for (int i = 1; i < a.Length; i++) r = L.Call(_v.Or, r, Mask(a[i]));
                    return r;
                }
            case Ops.Xor:
                {
                    L r = Constant(false);
                    foreach (var x in a) r = L.Call(_v.Xor, r, Mask(x));
                    return r;
                }
            case Ops.Not: return L.Call(_v.Not, Mask(a[0]));
            case Ops.Implies: return L.Call(_v.Or, L.Call(_v.Not, Mask(a[0])), Mask(a[1]));
        }
        throw new InvalidOperationException($"Unsupported operator '{c.Op}'.");
    }
}
