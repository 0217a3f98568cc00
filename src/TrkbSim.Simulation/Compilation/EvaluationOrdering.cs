using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;
using static TrkbSim.Simulation.Compilation.ExprWalk;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// Compilation phase 3, ordering: sorts the computed slots so that each follows what it reads (a cycle among
/// assignment rules is an error), sorts initialisation (initial assignments, declared values scaled by compartment
/// sizes, rules) the same way, and marks the slots that are invariant between events or read by the rates.
/// </summary>
internal static class EvaluationOrdering
{
    public static EvaluationOrder Order(ClassifiedModel classified, ResolvedModel resolved)
    {
        var computed = OrderComputed(classified, resolved);
        var initialisation = OrderInitialisation(classified, resolved);
        return new EvaluationOrder(computed, initialisation,
            InvariantComputed(classified, resolved, computed), ReadByRates(classified, resolved));
    }

    private static ImmutableArray<ComputedSlot> OrderComputed(ClassifiedModel classified, ResolvedModel resolved)
    {
        var computed = classified.Computed;
        // The computed slots each definition reads, each once, in the order first read.
        var slots = new List<SlotExpr>();
        var found = new List<int>();
        var deps = new int[computed.Length][];
        var foundFor = new int[computed.Length]; // k + 1 where definition k has read the slot already
        for (int k = 0; k < computed.Length; k++)
        {
            slots.Clear();
            found.Clear();
            AddSlots(resolved.Definitions[computed[k].Index], slots);
            foreach (var s in slots)
                if (s.Array == SlotArray.P && classified.ComputedAt(s.Index) is { } d && foundFor[d.Index] != k + 1)
                {
                    foundFor[d.Index] = k + 1;
                    found.Add(d.Index);
                }
            deps[k] = [.. found];
        }
        var order = TopologicalSort(computed.Length, deps, cycle =>
            new ModelException($"assignment rule cycle: {string.Join(" -> ", cycle.Select(i => computed[i].Name))}"));
        return [.. order.Select(i => computed[i])];
    }

    private static ImmutableArray<int> OrderInitialisation(ClassifiedModel classified, ResolvedModel resolved)
    {
        var ordered = classified.Ordered;
        var computed = classified.Computed;
        int m = ordered.Length;
        var owner = new Dictionary<(SlotArray, int), int>();
        foreach (var s in ordered) if (s.Storage != Storage.Computed) owner[(s.Array, s.Index)] = s.Ordinal;
        foreach (var c in computed) owner[(SlotArray.P, c.PIndex)] = m + c.Index;
        var deps = new int[m + computed.Length][];
        // Delay slots have no owner: the simulator fills them between two passes of initialisation. The owners an
        // expression reads, each once, in the order first read.
        var nodes = new List<int>();
        var seen = new HashSet<int>();
        var slots = new List<SlotExpr>();
        void AddNodesOf(Expr e)
        {
            slots.Clear();
            AddSlots(e, slots);
            foreach (var s in slots)
                if (owner.TryGetValue((s.Array, s.Index), out int node) && seen.Add(node)) nodes.Add(node);
        }
        int[] TakeNodes()
        {
            int[] result = [.. nodes];
            nodes.Clear();
            seen.Clear();
            return result;
        }
        foreach (var s in ordered)
        {
            if (s.Storage == Storage.Computed) { deps[s.Ordinal] = []; continue; }
            if (resolved.InitialAssignments[s.Ordinal] is { } ia) AddNodesOf(ia);
            if (s.StoredAsAmount) AddNodesOf(classified.MathValue(classified.Symbols[s.CompartmentId!]));
            deps[s.Ordinal] = TakeNodes();
        }
        foreach (var c in computed)
        {
            AddNodesOf(resolved.Definitions[c.Index]);
            deps[m + c.Index] = TakeNodes();
        }
        var order = TopologicalSort(deps.Length, deps, cycle => new ModelException(
            "circular dependency among initial assignments and rules: " +
            string.Join(" -> ", cycle.Select(i => i < m ? ordered[i].Id : computed[i - m].Name))));
        return [.. order];
    }

    /// <summary>See <see cref="EvaluationOrder.Invariant"/>; <paramref name="order"/> lists dependencies first.</summary>
    private static ImmutableArray<bool> InvariantComputed(ClassifiedModel classified, ResolvedModel resolved, ImmutableArray<ComputedSlot> order)
    {
        var invariant = new bool[classified.Computed.Length];
        bool Invariant(Expr e) => e switch
        {
            NumberExpr or ConstantExpr => true,
            SlotExpr { Array: SlotArray.P } s => classified.ComputedAt(s.Index) is { } c ? invariant[c.Index] : !resolved.IsFilledSlot(s),
            CallExpr call => call.Args.All(Invariant),
            _ => false,
        };
        foreach (var c in order) invariant[c.Index] = Invariant(resolved.Definitions[c.Index]);
        return ImmutableCollectionsMarshal.AsImmutableArray(invariant);
    }

    /// <summary>See <see cref="EvaluationOrder.ReadByRates"/>.</summary>
    private static ImmutableArray<bool> ReadByRates(ClassifiedModel classified, ResolvedModel resolved)
    {
        var read = new bool[classified.Computed.Length];
        var pending = new Stack<ComputedSlot>();
        var slots = new List<SlotExpr>();
        void Mark(Expr e)
        {
            slots.Clear();
            AddSlots(e, slots);
            foreach (var s in slots)
            {
                if (s.Array == SlotArray.P && classified.ComputedAt(s.Index) is { } c && !read[c.Index])
                {
                    read[c.Index] = true;
                    pending.Push(c);
                }
            }
        }

        foreach (var rate in resolved.Rates) Mark(rate);
        while (pending.Count > 0) Mark(resolved.Definitions[pending.Pop().Index]);
        return ImmutableCollectionsMarshal.AsImmutableArray(read);
    }

    /// <summary>Depth-first order of nodes 0..n-1, each after its dependencies; a cycle is thrown as <paramref name="onCycle"/> makes it.</summary>
    private static List<int> TopologicalSort(int n, int[][] deps, Func<List<int>, Exception> onCycle)
    {
        var state = new byte[n]; // 0 new, 1 on stack, 2 done
        var order = new List<int>(n);
        var path = new List<int>();
        var stack = new Stack<(int Node, int Next)>();
        for (int start = 0; start < n; start++)
        {
            if (state[start] != 0) continue;
            stack.Push((start, 0));
            state[start] = 1;
            path.Add(start);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < deps[node].Length)
                {
                    stack.Push((node, next + 1));
                    int d = deps[node][next];
                    if (state[d] == 1)
                    {
                        var cycle = path.Skip(path.IndexOf(d)).Append(d).ToList();
                        throw onCycle(cycle);
                    }
                    if (state[d] == 0) { state[d] = 1; path.Add(d); stack.Push((d, 0)); }
                }
                else
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                    order.Add(node);
                }
            }
        }
        return order;
    }
}
