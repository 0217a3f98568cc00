using System.Collections.Immutable;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// The fast reactions of a model as the simulator keeps them at equilibrium (SBML's <c>fast</c> attribute): each
/// fast reaction's rate is a p slot (<see cref="FluxSlots"/>) that the simulator fills before every evaluation with
/// the flux that keeps every fast rate at zero, d/dt v_fast = 0, and the state is projected onto v_fast = 0 at the
/// start and after events. <see cref="Laws"/> are the fast kinetic laws with the rules they read inlined (over y,
/// stored p and time); <see cref="Directional"/> is each law's derivative along a direction held in p slots:
/// the state direction in <see cref="DirectionBase"/> .. + state count, the time direction in <see cref="DirectionTime"/>.
/// </summary>
internal sealed record FastSystem(
    ImmutableArray<int> FluxSlots,
    ImmutableArray<string> Reactions,
    int DirectionBase,
    int DirectionTime,
    ImmutableArray<Expr> Laws,
    ImmutableArray<Expr> Directional);

/// <summary>Turns the fast reactions of a resolved model into a <see cref="FastSystem"/> (see there).</summary>
internal static class FastReactionReduction
{
    /// <summary>
    /// Replaces each fast reaction's definition in <paramref name="definitions"/> by a read of its flux slot and
    /// returns the system; <paramref name="parameterCount"/> grows by the slots it adds.
    /// </summary>
    public static FastSystem? Reduce(ClassifiedModel c, Expr[] definitions, Func<SlotExpr, bool> isDelaySlot, ref int parameterCount)
    {
        var reactions = c.Model.Reactions;
        var fast = reactions.Where(r => r.Fast).ToList();
        if (fast.Count == 0) return null;

        var original = (Expr[])definitions.Clone();
        var memo = new Dictionary<int, Expr>();
        Expr Inline(Expr e) => e.Rewrite(x => x is SlotExpr { Array: SlotArray.P } s && c.ComputedAt(s.Index) is { } cs
            ? (memo.TryGetValue(cs.Index, out var d) ? d : memo[cs.Index] = Inline(original[cs.Index]))
            : x);

        var fastSlots = fast.Select(r => c.Symbols[r.Id].Index).ToHashSet();
        int n = c.States.Length;
        int fluxBase = parameterCount;
        int directionBase = fluxBase + fast.Count;
        int directionTime = directionBase + n;
        parameterCount = directionTime + 1;

        var laws = ImmutableArray.CreateBuilder<Expr>(fast.Count);
        var directional = ImmutableArray.CreateBuilder<Expr>(fast.Count);
        for (int k = 0; k < fast.Count; k++)
        {
            var r = fast[k];
            var slot = c.Symbols[r.Id];
            if (r.KineticLaw is null)
                throw new UnsupportedFeatureException($"fast reaction '{r.Id}' without a kinetic law");
            // The law must be a function of states, stored values and time: rules are inlined, delays and the rates of
            // other reactions (which the equilibrium itself sets) are not.
            var law = Inline(original[slot.ComputedIndex]);
            foreach (var s in ExprWalk.Slots(law))
            {
                if (isDelaySlot(s))
                    throw new UnsupportedFeatureException($"fast reaction '{r.Id}' whose kinetic law reads delay()");
            }
            if (ExprWalk.Slots(original[slot.ComputedIndex]).Any(s => s.Array == SlotArray.P && fastSlots.Contains(s.Index)))
                throw new UnsupportedFeatureException($"fast reaction '{r.Id}' whose kinetic law reads the rate of a fast reaction");
            // A law that switches (piecewise) can move the equilibrium by a jump, which the reduced flow does not follow.
            if (ContainsPiecewise(law))
                throw new UnsupportedFeatureException($"fast reaction '{r.Id}' whose kinetic law switches (piecewise)");
            laws.Add(Simplifier.Simplify(law));
            directional.Add(Simplifier.Simplify(Differentiator.D(law, leaf => leaf switch
            {
                TimeExpr => new SlotExpr(SlotArray.P, directionTime),
                SlotExpr { Array: SlotArray.Y } s => new SlotExpr(SlotArray.P, directionBase + s.Index),
                _ => Expr.Zero,
            })));
            definitions[slot.ComputedIndex] = new SlotExpr(SlotArray.P, fluxBase + k);
        }
        return new FastSystem([.. Enumerable.Range(fluxBase, fast.Count)], [.. fast.Select(r => r.Id)],
            directionBase, directionTime, laws.MoveToImmutable(), directional.MoveToImmutable());
    }

    private static bool ContainsPiecewise(Expr e) => e is CallExpr c && (c.Op == Ops.Piecewise || c.Args.Any(ContainsPiecewise));
}
