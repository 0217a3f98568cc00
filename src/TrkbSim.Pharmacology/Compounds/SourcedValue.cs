namespace TrkbSim.Pharmacology.Compounds;

/// <summary>A parameter value with its unit and provenance (source, quote or derivation, status).</summary>
public sealed record SourcedValue(double Value, string Unit, string Source, ValueStatus Status)
{
    /// <summary>Short verbatim quote from the cited source.</summary>
    public string? Quote { get; init; }
    /// <summary>The arithmetic that turns cited numbers into this value.</summary>
    public string? Derivation { get; init; }
    public string? Note { get; init; }
    /// <summary>Species whose value stands in for the one this entry belongs to (e.g. rat for mouse).</summary>
    public string? StandIn { get; init; }
}
