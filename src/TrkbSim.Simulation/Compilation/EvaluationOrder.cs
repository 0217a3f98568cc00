using System.Collections.Immutable;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// The result of ordering (<see cref="EvaluationOrdering"/>): in which order rules are evaluated and initial values
/// set, and which rules the right-hand side must evaluate. Read-only.
/// </summary>
/// <param name="Computed">The computed slots, each after the slots its definition reads.</param>
/// <param name="Initialisation">Initialisation steps, dependencies first. Nodes: a non-computed symbol by
/// <see cref="SymbolInfo.Ordinal"/>; a computed slot at the symbol count plus its <see cref="ComputedSlot.Index"/>.</param>
/// <param name="Invariant">By computed index: the definition reads stored values and numbers only, directly or through
/// other such slots (no time, state or delayed value); evaluated when stored values change, not per right-hand side.</param>
/// <param name="ReadByRates">By computed index: some state rate reads the slot, directly or through other computed slots.</param>
internal sealed record EvaluationOrder(
    ImmutableArray<ComputedSlot> Computed,
    ImmutableArray<int> Initialisation,
    ImmutableArray<bool> Invariant,
    ImmutableArray<bool> ReadByRates);
