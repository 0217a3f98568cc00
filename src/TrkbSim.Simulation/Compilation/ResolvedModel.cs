using System.Collections.Immutable;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// The result of math resolution (<see cref="MathResolver"/>): every piece of model math as a resolved expression over
/// slots, time and numbers (symbols, function calls, rateOf and delay replaced). Read-only.
/// </summary>
/// <param name="Definitions">Each computed slot's definition, by <see cref="ComputedSlot.Index"/>.</param>
/// <param name="Rates">The derivative of each state as stored (amount for species), by state index.</param>
/// <param name="InitialAssignments">Each symbol's initial assignment, by <see cref="SymbolInfo.Ordinal"/>; null where it has none.</param>
/// <param name="Events">Each event's math, in model order (the trigger as written, before scheduling).</param>
/// <param name="Delays">Each distinct delay(x, tau) of the model; their p slots follow the computed slots contiguously.</param>
/// <param name="Fast">The fast reactions kept at equilibrium; null when the model has none.</param>
/// <param name="ParameterCount">p slots taken so far: stored symbols, computed slots, delay slots, then the fast system's.</param>
internal sealed record ResolvedModel(
    ImmutableArray<Expr> Definitions,
    ImmutableArray<Expr> Rates,
    ImmutableArray<Expr?> InitialAssignments,
    ImmutableArray<ResolvedEvent> Events,
    ImmutableArray<DelayTerm> Delays,
    FastSystem? Fast,
    int ParameterCount)
{
    /// <summary>The slot holds the value of a delay(x, tau) (the simulator fills it from the history).</summary>
    public bool IsDelaySlot(SlotExpr s) =>
        s.Array == SlotArray.P && Delays.Length > 0 && (uint)(s.Index - Delays[0].PIndex) < (uint)Delays.Length;

    /// <summary>The simulator fills the slot before each evaluation: a delayed value or a fast reaction's flux.</summary>
    public bool IsFilledSlot(SlotExpr s) =>
        IsDelaySlot(s) || (s.Array == SlotArray.P && Fast is { } f && (uint)(s.Index - f.FluxSlots[0]) < (uint)f.FluxSlots.Length);
}

/// <summary>
/// One delay(x, tau): x and tau resolved, in the p slot that holds its value. XBefore: x as it is before the start,
/// where the states keep their initial values (rateOf of a state is 0). Context: where it occurs, for messages.
/// </summary>
internal sealed record DelayTerm(Expr X, Expr XBefore, Expr Tau, int PIndex, string Context);

/// <summary>One event's resolved math; Values are in the order of the event's assignments.</summary>
internal sealed record ResolvedEvent(Expr Trigger, Expr? Delay, Expr? Priority, ImmutableArray<Expr> Values);
