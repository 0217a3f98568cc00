using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>Questions the compilation phases ask of a resolved expression.</summary>
internal static class ExprWalk
{
    /// <summary>Every slot the expression reads (with repeats), without recursion.</summary>
    public static IEnumerable<SlotExpr> Slots(Expr e)
    {
        var stack = new Stack<Expr>(16);
        stack.Push(e);
        while (stack.Count > 0)
            switch (stack.Pop())
            {
                case SlotExpr s: yield return s; break;
                case CallExpr c: foreach (var a in c.Args) stack.Push(a); break;
            }
    }

    public static bool ContainsTime(Expr e) => e switch
    {
        TimeExpr => true,
        CallExpr c => c.Args.Any(ContainsTime),
        _ => false,
    };
}
