using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// A p slot recomputed on every evaluation: an assignment rule, a reaction rate or a stoichiometryMath. Made by
/// <see cref="SymbolClassifier"/> with the model math it stands for; immutable. Its resolved definition is
/// <see cref="ResolvedModel.Definitions"/> at <see cref="Index"/>.
/// </summary>
internal sealed class ComputedSlot
{
    public required int Index { get; init; }
    public required int PIndex { get; init; }
    /// <summary>Name for messages: the rule variable, the reaction id, or a description.</summary>
    public required string Name { get; init; }
    /// <summary>The model math before resolution; null for a reaction without a kinetic law (rate 0).</summary>
    public required Expr? Math { get; init; }
    /// <summary>Where the math comes from, for messages (e.g. "kinetic law of reaction 'R1'").</summary>
    public required string Context { get; init; }
    /// <summary>A kinetic law's local parameters, as numbers; null for other slots.</summary>
    public IReadOnlyDictionary<string, Expr>? Locals { get; init; }
}
