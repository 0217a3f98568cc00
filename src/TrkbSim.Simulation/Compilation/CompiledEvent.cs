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
}
