namespace TrkbSim.Trials.Population;

/// <summary>A number with its provenance: source, optional quote or derivation, and status.</summary>
public sealed record SourcedNumber(double Value, string Source, string Status)
{
    /// <summary>Verbatim words from the source, when there are some.</summary>
    public string? Quote { get; init; }
    /// <summary>How the value was computed from cited numbers (status "derived").</summary>
    public string? Derivation { get; init; }
    /// <summary>Reasoning behind an assumption or a caveat.</summary>
    public string? Note { get; init; }
    /// <summary>Unit of the value.</summary>
    public string? Unit { get; init; }

    /// <summary>The statuses a value may have, as in the compound library.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["measured", "derived", "assumed", "calibrated"];

    /// <summary>A plain number given without provenance in a user's population file.</summary>
    public static SourcedNumber FromUser(double value, string file) =>
        new(value, $"population file {file}", "assumed") { Note = "given without provenance" };
}
