using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// Evaluates resolved expressions directly, with the same numeric definitions as the compiled delegates. Used where
/// code runs once per simulation (initial values), so that large models do not pay for compiling it.
/// </summary>
internal static class ExprInterpreter
{
    public static double Evaluate(Expr e, double t, double[] y, double[] p)
    {
        switch (e)
        {
            case NumberExpr n: return n.Value;
            case ConstantExpr k: return k.Value;
            case TimeExpr: return t;
            case SlotExpr s: return s.Array == SlotArray.Y ? y[s.Index] : p[s.Index];
            case CallExpr c:
                {
                    if (c.Op == Ops.Piecewise)
                    {
                        int i = 0;
                        for (; i + 1 < c.Args.Length; i += 2)
                            if (Evaluate(c.Args[i + 1], t, y, p) != 0) return Evaluate(c.Args[i], t, y, p);
                        return i < c.Args.Length ? Evaluate(c.Args[i], t, y, p) : double.NaN;
                    }
                    Span<double> args = c.Args.Length <= 16 ? stackalloc double[c.Args.Length] : new double[c.Args.Length];
                    for (int i = 0; i < args.Length; i++) args[i] = Evaluate(c.Args[i], t, y, p);
                    return SbmlMath.Apply(c.Op, args);
                }
            default: throw new InvalidOperationException($"Unresolved expression '{e}'.");
        }
    }
}
