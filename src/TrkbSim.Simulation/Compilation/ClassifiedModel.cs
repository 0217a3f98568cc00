using System.Collections.Immutable;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// The result of symbol classification (<see cref="SymbolClassifier"/>): every symbol with where its value lives,
/// the states in solver order, the computed slots with the model math they stand for, and the checked function
/// definitions. Read-only; no later phase changes it.
/// </summary>
/// <param name="Model">The model being compiled.</param>
/// <param name="Symbols">Every symbol by id.</param>
/// <param name="Ordered">Every symbol in model order (index = <see cref="SymbolInfo.Ordinal"/>).</param>
/// <param name="States">The state symbols in solver order (index = their y slot).</param>
/// <param name="Computed">The computed slots by index; their p slots follow the stored ones contiguously.</param>
/// <param name="Functions">The model's function definitions by id.</param>
/// <param name="SpeciesById">The model's species by id.</param>
/// <param name="StoichiometryMath">The computed slot of each species reference (reaction index, reference index, is
/// product) whose stoichiometryMath has no id of its own.</param>
/// <param name="ParameterCount">p slots taken so far: the stored symbols, then the computed slots.</param>
internal sealed record ClassifiedModel(
    Model Model,
    IReadOnlyDictionary<string, SymbolInfo> Symbols,
    ImmutableArray<SymbolInfo> Ordered,
    ImmutableArray<SymbolInfo> States,
    ImmutableArray<ComputedSlot> Computed,
    IReadOnlyDictionary<string, FunctionDefinition> Functions,
    IReadOnlyDictionary<string, Species> SpeciesById,
    IReadOnlyDictionary<(int Reaction, int Ref, bool Product), ComputedSlot> StoichiometryMath,
    int ParameterCount)
{
    /// <summary>The computed slot held in p[<paramref name="pIndex"/>], or null.</summary>
    public ComputedSlot? ComputedAt(int pIndex)
    {
        // Computed slots are numbered contiguously after the stored ones.
        if (Computed.Length == 0) return null;
        int k = pIndex - Computed[0].PIndex;
        return k >= 0 && k < Computed.Length ? Computed[k] : null;
    }

    /// <summary>The value a symbol has in math: concentration for species without only-substance units.</summary>
    public Expr MathValue(SymbolInfo s)
    {
        // Built once per symbol: a species is read by many rate laws, and the expressions are immutable, so they share it.
        if (_mathValues[s.Ordinal] is { } known) return known;
        Expr value = !s.StoredAsAmount || s.HasOnlySubstanceUnits ? s.Slot
            : new CallExpr(Ops.Divide, [s.Slot, MathValue(Symbols[s.CompartmentId!])]);
        return _mathValues[s.Ordinal] = value;
    }

    private readonly Expr?[] _mathValues = new Expr?[Ordered.Length];
}
