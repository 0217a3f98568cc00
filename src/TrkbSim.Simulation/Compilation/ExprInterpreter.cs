using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// Evaluates expressions directly, with the same numeric definitions as the compiled delegates. Used where code runs
/// once per simulation (initial values), so that large models do not pay for compiling it, and for math outside a
/// model (see <see cref="ExprEvaluation"/>).
/// </summary>
internal static class ExprInterpreter
{
    /// <summary>A resolved expression: symbols are slots of the state and parameter arrays.</summary>
    public static double Evaluate(Expr e, double t, double[] y, double[] p)
    {
        // Initial values are interpreted for every run: reading slots through a struct allocates nothing per call.
        var slots = new SlotLeaves(y, p);
        return Evaluate(e, t, ref slots);
    }

    /// <summary>Any expression; <paramref name="leaf"/> gives the value of every node that is not a number, constant, time or call.</summary>
    public static double Evaluate(Expr e, double t, Func<Expr, double> leaf)
    {
        var leaves = new FunctionLeaves(leaf);
        return Evaluate(e, t, ref leaves);
    }

    private static double Evaluate<TLeaves>(Expr e, double t, ref TLeaves leaves) where TLeaves : struct, ILeaves
    {
        switch (e)
        {
            case NumberExpr n: return n.Value;
            case ConstantExpr k: return k.Value;
            case TimeExpr: return t;
            case CallExpr c:
                {
                    if (c.Op == Ops.Piecewise)
                    {
                        int i = 0;
                        for (; i + 1 < c.Args.Length; i += 2)
                            if (Evaluate(c.Args[i + 1], t, ref leaves) != 0) return Evaluate(c.Args[i], t, ref leaves);
                        return i < c.Args.Length ? Evaluate(c.Args[i], t, ref leaves) : double.NaN;
                    }
                    Span<double> args = c.Args.Length <= 16 ? stackalloc double[c.Args.Length] : new double[c.Args.Length];
                    for (int i = 0; i < args.Length; i++) args[i] = Evaluate(c.Args[i], t, ref leaves);
                    return SbmlMath.Apply(c.Op, args);
                }
            default: return leaves.Value(e);
        }
    }

    /// <summary>The values of the nodes the interpreter does not evaluate itself (symbols, slots).</summary>
    private interface ILeaves
    {
        double Value(Expr leaf);
    }

    private readonly struct SlotLeaves(double[] y, double[] p) : ILeaves
    {
        public double Value(Expr leaf) => leaf is SlotExpr s
            ? s.Array == SlotArray.Y ? y[s.Index] : p[s.Index]
            : throw new InvalidOperationException($"Unresolved expression '{leaf}'.");
    }

    private readonly struct FunctionLeaves(Func<Expr, double> leaf) : ILeaves
    {
        public double Value(Expr e) => leaf(e);
    }
}
