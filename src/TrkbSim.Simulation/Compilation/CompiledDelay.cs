namespace TrkbSim.Simulation.Compilation;

/// <summary>Run-time facts about one delay(x, tau) term; x and tau live in the compiled model's delay delegates.</summary>
internal sealed class CompiledDelay
{
    /// <summary>The p slot that holds the delayed value during an evaluation.</summary>
    public required int PIndex { get; init; }
    /// <summary>Where the term occurs, for messages.</summary>
    public required string Context { get; init; }
    /// <summary>The rates read the value: the solver's steps must not reach past t - tau, and jumps propagate.</summary>
    public bool AffectsRates { get; init; }
    /// <summary>tau reads neither time nor states: it changes only at events.</summary>
    public bool ConstantDelay { get; init; }
    /// <summary>tau is a number: history older than the largest such delay is never read again.</summary>
    public bool LiteralDelay { get; init; }
}
