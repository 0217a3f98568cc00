using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using TrkbSim.Modeling.Math;
using L = System.Linq.Expressions.Expression;

namespace TrkbSim.Simulation.Compilation;

/// <summary>Where an <see cref="Assignment"/> writes: a p slot (rules, Jacobian temporaries) or the output array.</summary>
internal enum AssignmentTarget : byte { P, Output }

/// <summary>One statement before emission: target[Index] = Value.</summary>
internal readonly record struct Assignment(AssignmentTarget Target, int Index, Expr Value);

/// <summary>
/// Compiles a list of assignments into delegates. Small lists become straight-line code in chunks of
/// <see cref="ChunkSize"/> statements (compiled in parallel). Large lists (generated networks, thousands of reactions)
/// repeat a few expression shapes that differ only in the slots they read and write: each shape with at least
/// <see cref="MinShapeCount"/> statements becomes one loop over a table of slot indices, so that the expression compiler
/// and the JIT see a handful of small methods instead of one statement per reaction. Every statement still evaluates the
/// same expression tree with the same operations in the same order, so the values are the same as straight-line code.
/// Statements are regrouped only where no statement reads a p slot that another statement of the list writes later,
/// and statements that read a slot written earlier in the list run after it (by dependency level).
/// </summary>
internal static class StatementCompiler
{
    public const int ChunkSize = 128;

    /// <summary>A shape repeated at least this often is compiled as a loop.</summary>
    public const int MinShapeCount = 4;

    public static T[] Compile<T>(IReadOnlyList<Assignment> statements, LinqEmitter em, ParameterExpression? output,
        params ParameterExpression[] parameters) where T : Delegate
    {
        var levels = statements.Count > ChunkSize ? Levels(statements) : null;
        if (levels is null) return CompileChunks<T>([.. statements.Select(a => Emit(a, em, output))], parameters);

        // Group by (level, shape), keeping the first appearance order of groups within a level.
        var groups = new Dictionary<(int Level, string Key), ShapeGroup>();
        var ordered = new List<ShapeGroup>();
        var key = new StringBuilder();
        var slots = new List<int>();
        for (int i = 0; i < statements.Count; i++)
        {
            var a = statements[i];
            key.Clear();
            slots.Clear();
            key.Append(a.Target == AssignmentTarget.P ? 'P' : 'O').Append(':');
            Shape(a.Value, key, slots);
            var k = (levels[i], key.ToString());
            if (!groups.TryGetValue(k, out var g))
            {
                g = new ShapeGroup(levels[i], a, slots.Count);
                groups.Add(k, g);
                ordered.Add(g);
            }
            g.Members.Add(i);
            g.Table.Add(a.Index);
            g.Table.AddRange(slots);
        }

        var parts = new List<T>();
        int maxLevel = levels.Length == 0 ? -1 : levels.Max();
        for (int level = 0; level <= maxLevel; level++)
        {
            var here = ordered.Where(g => g.Level == level).ToList();
            var loops = here.Where(g => g.Members.Count >= MinShapeCount).ToList();
            var single = here.Where(g => g.Members.Count < MinShapeCount).SelectMany(g => g.Members).Order()
                .Select(i => Emit(statements[i], em, output)).ToList();
            parts.AddRange(CompileLoops<T>(loops, em, output, parameters));
            parts.AddRange(CompileChunks<T>(single, parameters));
        }
        return [.. parts];
    }

    private sealed class ShapeGroup(int level, Assignment first, int slotCount)
    {
        public int Level { get; } = level;
        public Assignment First { get; } = first;
        public int SlotCount { get; } = slotCount;
        public List<int> Members { get; } = [];
        public List<int> Table { get; } = [];
    }

    private static L Emit(Assignment a, LinqEmitter em, ParameterExpression? output) => a.Target == AssignmentTarget.P
        ? em.Write(SlotArray.P, a.Index, em.Double(a.Value))
        : L.Assign(L.ArrayAccess(output!, L.Constant(a.Index)), em.Double(a.Value));

    /// <summary>
    /// Dependency level of each statement (0: reads no slot written in the list; else one more than the highest level of
    /// the statements whose slots it reads), or null when the list must keep its order (a slot written twice, or read
    /// before it is written).
    /// </summary>
    private static int[]? Levels(IReadOnlyList<Assignment> statements)
    {
        var writer = new Dictionary<int, int>();
        for (int i = 0; i < statements.Count; i++)
            if (statements[i].Target == AssignmentTarget.P && !writer.TryAdd(statements[i].Index, i)) return null;
        var levels = new int[statements.Count];
        if (writer.Count == 0) return levels;
        var slots = new List<SlotExpr>();
        for (int i = 0; i < statements.Count; i++)
        {
            int level = 0;
            slots.Clear();
            ExprWalk.AddSlots(statements[i].Value, slots);
            foreach (var s in slots)
            {
                if (s.Array != SlotArray.P || !writer.TryGetValue(s.Index, out int w)) continue;
                if (w >= i) return null;
                level = System.Math.Max(level, levels[w] + 1);
            }
            levels[i] = level;
        }
        return levels;
    }

    /// <summary>
    /// The expression's shape: operators, numbers (exactly), constants and time as they are, slots as their array only;
    /// the slot indices go to <paramref name="slots"/> in the order they appear (the order <see cref="Template"/> numbers them).
    /// </summary>
    private static void Shape(Expr e, StringBuilder key, List<int> slots)
    {
        switch (e)
        {
            case SlotExpr s:
                key.Append(s.Array == SlotArray.Y ? 'y' : 'p');
                slots.Add(s.Index);
                break;
            case NumberExpr n:
                key.Append(CultureInfo.InvariantCulture, $"#{BitConverter.DoubleToInt64Bits(n.Value):x};");
                break;
            case CallExpr c:
                key.Append(c.Op).Append('(');
                foreach (var a in c.Args)
                {
                    Shape(a, key, slots);
                    key.Append(',');
                }
                key.Append(')');
                break;
            default:
                // Time, named constants: their text names them exactly.
                key.Append('{').Append(e.GetType().Name).Append(':').Append(e.ToString()).Append('}');
                break;
        }
    }

    /// <summary>The expression with its k-th slot (in <see cref="Shape"/>'s order) replaced by a slot of index k.</summary>
    private static Expr Template(Expr e, ref int next) => e switch
    {
        SlotExpr s => new SlotExpr(s.Array, next++),
        CallExpr c => TemplateCall(c, ref next),
        _ => e,
    };

    private static CallExpr TemplateCall(CallExpr c, ref int next)
    {
        var args = new Expr[c.Args.Length];
        for (int i = 0; i < args.Length; i++) args[i] = Template(c.Args[i], ref next);
        return new CallExpr(c.Op, [.. args]);
    }

    /// <summary>Loops compiled into one delegate: each compilation has a fixed cost, and a rate list has a hundred shapes.</summary>
    public const int LoopsPerMethod = 16;

    /// <summary>
    /// One loop per shape: for each row of the group's table (target index, then the slot indices), target = value with
    /// slot k read at the row's k-th index. Up to <see cref="LoopsPerMethod"/> loops run one after another in one delegate,
    /// in the order of <paramref name="groups"/>.
    /// </summary>
    private static T[] CompileLoops<T>(List<ShapeGroup> groups, LinqEmitter em, ParameterExpression? output, ParameterExpression[] parameters)
        where T : Delegate
    {
        var parts = new T[(groups.Count + LoopsPerMethod - 1) / LoopsPerMethod];
        Parallel.For(0, parts.Length, k =>
        {
            var loops = new L[System.Math.Min(LoopsPerMethod, groups.Count - k * LoopsPerMethod)];
            for (int i = 0; i < loops.Length; i++) loops[i] = Loop(groups[k * LoopsPerMethod + i], em, output);
            parts[k] = L.Lambda<T>(L.Block(typeof(void), loops), parameters).Compile();
        });
        return parts;
    }

    private static L Loop(ShapeGroup g, LinqEmitter em, ParameterExpression? output)
    {
        int next = 0;
        var template = Template(g.First.Value, ref next);
        int width = g.SlotCount + 1;
        var table = L.Constant(g.Table.ToArray());
        var row = L.Variable(typeof(int), "row");
        var reader = em.WithReader(s => L.ArrayIndex(s.Array == SlotArray.Y ? em.Y : em.P,
            L.ArrayIndex(table, L.Add(row, L.Constant(1 + s.Index)))));
        var target = g.First.Target == AssignmentTarget.P ? em.P : output!;
        var done = L.Label("done");
        return L.Block(typeof(void), [row],
            L.Assign(row, L.Constant(0)),
            L.Loop(
                L.IfThenElse(
                    L.LessThan(row, L.Constant(g.Table.Count)),
                    L.Block(
                        L.Assign(L.ArrayAccess(target, L.ArrayIndex(table, row)), reader.Double(template)),
                        L.AddAssign(row, L.Constant(width))),
                    L.Break(done)),
                done));
    }

    private static T[] CompileChunks<T>(IReadOnlyList<L> statements, ParameterExpression[] parameters) where T : Delegate
    {
        int chunks = (statements.Count + ChunkSize - 1) / ChunkSize;
        var parts = new T[chunks];
        Parallel.For(0, chunks, k =>
        {
            var body = new L[System.Math.Min(ChunkSize, statements.Count - k * ChunkSize)];
            for (int i = 0; i < body.Length; i++) body[i] = statements[k * ChunkSize + i];
            parts[k] = L.Lambda<T>(L.Block(typeof(void), body), parameters).Compile();
        });
        return parts;
    }
}
