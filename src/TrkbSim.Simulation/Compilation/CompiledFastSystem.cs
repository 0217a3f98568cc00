using System.Collections.Immutable;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// The compiled fast reactions of a model (see <see cref="FastSystem"/>): their kinetic laws and the laws' derivatives
/// along a direction held in p slots. Immutable; each simulator keeps its own <see cref="FastEquilibrium"/>.
/// </summary>
internal sealed class CompiledFastSystem
{
    public required ImmutableArray<string> Reactions { get; init; }
    /// <summary>The p slots that hold the fast reactions' fluxes during an evaluation.</summary>
    public required ImmutableArray<int> FluxSlots { get; init; }
    public required int DirectionBase { get; init; }
    public required int DirectionTime { get; init; }
    /// <summary>Writes the fast kinetic laws' values.</summary>
    public required ModelFunction Laws { get; init; }
    /// <summary>Writes the laws' derivatives along the direction in p.</summary>
    public required ModelFunction Directional { get; init; }
}
