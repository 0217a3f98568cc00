namespace TrkbSim.Simulation.Compilation;

/// <summary>Run-time facts about one event; its math lives in the compiled model's event delegates.</summary>
internal sealed class CompiledEvent
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    public bool Persistent { get; init; }
    public bool InitialValue { get; init; }
    public bool UseValuesFromTriggerTime { get; init; }
    public bool HasDelay { get; init; }
    public bool HasPriority { get; init; }
    /// <summary>Trigger depends on time only (against values that change only at events): solver steps exactly to it.</summary>
    public bool Scheduled { get; init; }
    /// <summary>Assignment targets, in the order of the values the event delegate writes.</summary>
    public required SymbolInfo[] Targets { get; init; }
    /// <summary>For each target that is a species given in concentration, its compartment (amount = value x size); null otherwise.</summary>
    public required SymbolInfo?[] TargetCompartments { get; init; }
    /// <summary>
    /// The scheduled events whose time this event's assignments can move (their time reads a stored value this event
    /// assigns), ascending; the simulator re-evaluates only these after the event executes.
    /// </summary>
    public required int[] Reschedules { get; init; }
}
