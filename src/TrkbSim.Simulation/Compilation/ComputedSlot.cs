using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>A p slot recomputed on every evaluation: an assignment rule, a reaction rate or a stoichiometryMath.</summary>
internal sealed class ComputedSlot
{
    public required int Index { get; init; }
    public required int PIndex { get; init; }
    /// <summary>Name for messages: the rule variable, the reaction id, or a description.</summary>
    public required string Name { get; init; }
    /// <summary>Produces the resolved definition (evaluated lazily, once).</summary>
    public required Func<Expr> Build { get; init; }
    public Expr? Definition { get; set; }
    public bool Building { get; set; }
}
