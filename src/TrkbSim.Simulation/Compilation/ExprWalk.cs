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

    /// <summary>Work stack of <see cref="AddSlots"/>, one per thread; it is empty between calls.</summary>
    [ThreadStatic] private static Stack<Expr>? t_work;

    /// <summary>
    /// Adds every slot the expression reads (with repeats) to <paramref name="into"/>, in the order <see cref="Slots"/>
    /// yields them, without allocating: for the phases that ask this of every rate and rule of a large model.
    /// </summary>
    public static void AddSlots(Expr e, List<SlotExpr> into)
    {
        if (e is SlotExpr only) { into.Add(only); return; }
        if (e is not CallExpr) return;
        var stack = t_work ??= new Stack<Expr>(16);
        stack.Push(e);
        while (stack.Count > 0)
            switch (stack.Pop())
            {
                case SlotExpr s: into.Add(s); break;
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
