namespace TrkbSim.Modeling.Math;

/// <summary>
/// Size limits of math expressions: every reader refuses input nested deeper than <see cref="MaxNesting"/>, and the
/// compiler refuses expressions (after function inlining) with more than <see cref="MaxDepth"/> levels or
/// <see cref="MaxTerms"/> terms, so that no input can exhaust the stack or grow without bound.
/// </summary>
public static class ExprSize
{
    /// <summary>Nesting a reader follows (parentheses, unary signs, MathML elements).</summary>
    public const int MaxNesting = 200;
    /// <summary>Depth of an expression tree the compiler accepts (long chains of + or * count one level per term).</summary>
    public const int MaxDepth = 1000;
    /// <summary>Terms of an expression after function inlining.</summary>
    public const double MaxTerms = 1_000_000;

    /// <summary>
    /// The number of terms and the depth of <paramref name="root"/> read as a tree (a subtree shared in memory counts
    /// each time it occurs), computed without recursion in time proportional to the shared structure.
    /// </summary>
    public static (double Terms, int Depth) Measure(Expr root)
    {
        // Most expressions are small trees: walk them directly; large or deep ones take the memoised walk below.
        int budget = SmallTree;
        var small = MeasureSmall(root, 0, ref budget);
        if (small.Depth > 0) return small;
        var done = new Dictionary<Expr, (double Terms, int Depth)>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Expr Node, bool Expanded)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (done.ContainsKey(node)) continue;
            if (node is not CallExpr call || call.Args.Length == 0) { done[node] = (1, 1); continue; }
            if (!expanded)
            {
                stack.Push((node, true));
                foreach (var a in call.Args) if (!done.ContainsKey(a)) stack.Push((a, false));
                continue;
            }
            double terms = 1;
            int depth = 0;
            foreach (var a in call.Args)
            {
                var (t, d) = done[a];
                terms += t;
                depth = System.Math.Max(depth, d);
            }
            done[node] = (terms, depth + 1);
        }
        return done[root];
    }

    /// <summary>Nodes and depth up to which <see cref="Measure"/> walks a tree by plain recursion.</summary>
    private const int SmallTree = 256;

    /// <summary>Terms and depth of a tree of at most <paramref name="budget"/> nodes; depth 0 when it is larger.</summary>
    private static (double Terms, int Depth) MeasureSmall(Expr node, int level, ref int budget)
    {
        if (--budget < 0 || level >= SmallTree) return (0, 0);
        if (node is not CallExpr call || call.Args.Length == 0) return (1, 1);
        double terms = 1;
        int depth = 0;
        foreach (var a in call.Args)
        {
            var (t, d) = MeasureSmall(a, level + 1, ref budget);
            if (d == 0) return (0, 0);
            terms += t;
            depth = System.Math.Max(depth, d);
        }
        return (terms, depth + 1);
    }
}
