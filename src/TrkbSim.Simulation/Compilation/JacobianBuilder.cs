using System.Runtime.InteropServices;
using TrkbSim.Modeling.Math;
using TrkbSim.Numerics.LinearAlgebra;
using static TrkbSim.Simulation.Compilation.ExprWalk;
using static TrkbSim.Simulation.Compilation.Simplifier;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// The Jacobian's statements (not yet compiled) in two forms: <paramref name="Statements"/> write the non-zero entries of
/// the dense row-major array, <paramref name="SparseStatements"/> write the same values in the order of
/// <paramref name="Pattern"/> (by rows); both start with the same temporaries. Also the p slots now in use.
/// </summary>
internal sealed record JacobianCode(IReadOnlyList<Assignment> Statements, IReadOnlyList<Assignment> SparseStatements, SparsePattern Pattern, int ParameterCount)
{
    /// <summary>Structural non-zero count.</summary>
    public int NonZeros => Pattern.NonZeros;
}

/// <summary>
/// Part of emission: differentiates the rates symbolically, with the chain rule through the computed slots in rule
/// order (no inlining), into statements that write the non-zero entries of the row-major Jacobian, or the same entries in
/// the order of its sparsity pattern. Larger derivatives of computed slots get temporary p slots after the ones already
/// taken.
/// </summary>
internal static class JacobianBuilder
{
    public static JacobianCode Build(ClassifiedModel classified, ResolvedModel resolved, EvaluationOrder order)
    {
        int pCount = resolved.ParameterCount;
        var body = new List<Assignment>();
        int n = classified.States.Length;
        var definitions = resolved.Definitions;
        // States each computed slot depends on, directly or through other computed slots, in increasing order.
        var depY = new int[classified.Computed.Length][];
        var found = new List<int>();
        var slots = new List<SlotExpr>();
        foreach (var c in order.Computed)
        {
            found.Clear();
            slots.Clear();
            AddSlots(definitions[c.Index], slots);
            foreach (var s in slots)
                if (s.Array == SlotArray.Y) found.Add(s.Index);
                else if (classified.ComputedAt(s.Index) is { } d) found.AddRange(depY[d.Index]);
            depY[c.Index] = SortedDistinct(found);
        }
        // Temporaries holding d(computed slot)/d(y_j), written in rule order (chain rule without inlining).
        // Small derivatives are inlined where used; larger ones get a temporary.
        var temp = new Dictionary<(int Computed, int J), Expr>();
        // The inlined temporaries, already simplified: the entries that use them keep them as they are.
        var simplified = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        // d(leaf)/d(y_j) for the column j being differentiated: one delegate for all columns (the derivatives are taken
        // one at a time), not one per column.
        int j = -1;
        Func<Expr, Expr> leaf = e => e switch
        {
            SlotExpr { Array: SlotArray.Y } s => s.Index == j ? Expr.One : Expr.Zero,
            SlotExpr { Array: SlotArray.P } s when classified.ComputedAt(s.Index) is { } c
                => temp.TryGetValue((c.Index, j), out var g) ? g : Expr.Zero,
            _ => Expr.Zero,
        };
        foreach (var c in order.Computed)
            foreach (int column in depY[c.Index])
            {
                j = column;
                var d = Simplify(Differentiator.D(definitions[c.Index], leaf), simplified);
                if (IsZero(d)) continue;
                if (NodeCount(d, 8) <= 7)
                {
                    temp[(c.Index, j)] = d;
                    simplified.Add(d);
                    continue;
                }
                int g = pCount++;
                temp[(c.Index, j)] = new SlotExpr(SlotArray.P, g);
                body.Add(new Assignment(AssignmentTarget.P, g, d));
            }
        var sparse = new List<Assignment>(body);
        var rowStarts = new int[n + 1];
        var columns = new List<int>();
        // A rate is usually a sum of fluxes, each depending on a few states: d/dy_j differentiates only the terms that
        // depend on y_j (the others differentiate to zero, which the sum drops), not the whole sum once per column.
        // (column, term) pairs of the row sorted by column, then term: each column's dependent terms in the rate's order.
        var pairs = new List<(int J, int Term)>();
        var cols = new List<int>();
        for (int i = 0; i < n; i++)
        {
            var f = resolved.Rates[i];
            pairs.Clear();
            var parts = f is CallExpr { Op: Ops.Plus } sum ? sum.Args : [f];
            for (int t = 0; t < parts.Length; t++)
            {
                cols.Clear();
                slots.Clear();
                AddSlots(parts[t], slots);
                foreach (var s in slots)
                    if (s.Array == SlotArray.Y) cols.Add(s.Index);
                    else if (classified.ComputedAt(s.Index) is { } d) cols.AddRange(depY[d.Index]);
                cols.Sort();
                for (int q = 0; q < cols.Count; q++)
                    if (q == 0 || cols[q] != cols[q - 1]) pairs.Add((cols[q], t));
            }
            pairs.Sort();
            for (int start = 0, end; start < pairs.Count; start = end)
            {
                j = pairs[start].J;
                for (end = start + 1; end < pairs.Count && pairs[end].J == j;) end++;
                int count = end - start;
                Expr dependent;
                if (count == parts.Length) dependent = f;
                else if (count == 1) dependent = parts[pairs[start].Term];
                else
                {
                    var list = new Expr[count];
                    for (int q = 0; q < count; q++) list[q] = parts[pairs[start + q].Term];
                    dependent = new CallExpr(Ops.Plus, ImmutableCollectionsMarshal.AsImmutableArray(list));
                }
                var d = Simplify(Differentiator.D(dependent, leaf), simplified);
                if (IsZero(d)) continue;
                body.Add(new Assignment(AssignmentTarget.Output, i * n + j, d));
                sparse.Add(new Assignment(AssignmentTarget.Output, columns.Count, d));
                columns.Add(j);
            }
            rowStarts[i + 1] = columns.Count;
        }
        return new JacobianCode(body.AsReadOnly(), sparse.AsReadOnly(), new SparsePattern(n, rowStarts, [.. columns]), pCount);
    }

    private static int[] SortedDistinct(List<int> xs)
    {
        xs.Sort();
        int k = 0;
        for (int i = 0; i < xs.Count; i++)
            if (k == 0 || xs[i] != xs[k - 1]) xs[k++] = xs[i];
        var result = new int[k];
        xs.CopyTo(0, result, 0, k);
        return result;
    }

    private static int NodeCount(Expr e, int limit)
    {
        if (e is not CallExpr c) return 1;
        int n = 1;
        foreach (var a in c.Args) { n += NodeCount(a, limit - n); if (n > limit) break; }
        return n;
    }
}
