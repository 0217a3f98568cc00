using System.Collections.Immutable;
using System.Globalization;

namespace TrkbSim.Modeling.Math;

/// <summary>An immutable math expression shared by the Antimony and SBML readers, the writers and the compiler.</summary>
public abstract record Expr
{
    public static readonly NumberExpr Zero = new(0.0);
    public static readonly NumberExpr One = new(1.0);

    public static Expr Num(double value) => new NumberExpr(value);
    public static Expr Sym(string name) => new SymbolExpr(name);
    public static Expr Call(string op, params ReadOnlySpan<Expr> args) => new CallExpr(op, ImmutableArray.Create(args));

    public static Expr operator +(Expr a, Expr b) => Call(Ops.Plus, a, b);
    public static Expr operator -(Expr a, Expr b) => Call(Ops.Minus, a, b);
    public static Expr operator *(Expr a, Expr b) => Call(Ops.Times, a, b);
    public static Expr operator /(Expr a, Expr b) => Call(Ops.Divide, a, b);
    public static Expr operator -(Expr a) => Call(Ops.Minus, a);

    /// <summary>Every symbol name the expression refers to (not function names, not bound variables of lambdas).</summary>
    public IEnumerable<string> Symbols()
    {
        var stack = new Stack<Expr>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case SymbolExpr s: yield return s.Name; break;
                case CallExpr c:
                    for (int i = c.Args.Length - 1; i >= 0; i--) stack.Push(c.Args[i]);
                    break;
            }
        }
    }

    /// <summary>Replaces symbols by expressions (used for function inlining and renaming).</summary>
    public Expr Substitute(IReadOnlyDictionary<string, Expr> map) => this switch
    {
        SymbolExpr s when map.TryGetValue(s.Name, out var r) => r,
        CallExpr c => new CallExpr(c.Op, ImmutableArray.CreateRange(c.Args, a => a.Substitute(map))),
        _ => this,
    };

    /// <summary>Rebuilds the tree bottom-up through <paramref name="rewrite"/>.</summary>
    public Expr Rewrite(Func<Expr, Expr> rewrite) => this switch
    {
        CallExpr c => rewrite(new CallExpr(c.Op, ImmutableArray.CreateRange(c.Args, a => a.Rewrite(rewrite)))),
        _ => rewrite(this),
    };

    public override string ToString() => ExprFormatter.Format(this);
}

/// <summary>A numeric literal (booleans are 1 and 0).</summary>
public sealed record NumberExpr(double Value) : Expr
{
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A reference to a model component (species, parameter, compartment, reaction, species reference) or a function argument.</summary>
public sealed record SymbolExpr(string Name) : Expr
{
    public override string ToString() => Name;
}

/// <summary>Simulation time (SBML csymbol time, Antimony <c>time</c>).</summary>
public sealed record TimeExpr : Expr
{
    public static readonly TimeExpr Instance = new();
    public override string ToString() => "time";
}

/// <summary>A named constant that is not a plain number in the source: avogadro, pi, exponentiale, true, false, infinity, notanumber.</summary>
public sealed record ConstantExpr(string Name) : Expr
{
    public double Value => Name switch
    {
        // The value SBML Level 3 defines for its avogadro csymbol (CODATA 2006), not the 2019 SI value.
        Ops.Avogadro => 6.02214179e23,
        Ops.Pi => System.Math.PI,
        Ops.ExponentialE => System.Math.E,
        Ops.True => 1.0,
        Ops.False => 0.0,
        Ops.Infinity => double.PositiveInfinity,
        Ops.NotANumber => double.NaN,
        _ => throw new InvalidOperationException($"Unknown constant '{Name}'."),
    };
    public override string ToString() => Name;
}

/// <summary>An operator or function application; <see cref="Op"/> is one of <see cref="Ops"/> or a user function id.</summary>
public sealed record CallExpr(string Op, ImmutableArray<Expr> Args) : Expr
{
    public bool Equals(CallExpr? other) =>
        other is not null && Op == other.Op && Args.Length == other.Args.Length && Args.SequenceEqual(other.Args);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Op);
        foreach (var a in Args) h.Add(a);
        return h.ToHashCode();
    }

    public override string ToString() => ExprFormatter.Format(this);
}
