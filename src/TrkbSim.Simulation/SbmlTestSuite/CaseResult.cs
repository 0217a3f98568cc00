using System.Collections.Immutable;

namespace TrkbSim.Simulation.SbmlTestSuite;

/// <summary>Outcome of one suite case.</summary>
public enum CaseStatus
{
    Passed,
    Failed,
    /// <summary>The case needs something TrkbSim does not implement (the reason says what).</summary>
    Unsupported,
    /// <summary>Reading, simulating or comparing crashed; the reason holds the error.</summary>
    Error,
}

/// <summary>The result of one suite case: status, why, the worst compared point and the case's tags.</summary>
public sealed record CaseResult(string Id, CaseStatus Status)
{
    public string? Reason { get; init; }
    /// <summary>The SBML file simulated, e.g. "00001-sbml-l3v2.xml".</summary>
    public string? SbmlFile { get; init; }
    /// <summary>The point closest to or beyond tolerance (passed and failed cases).</summary>
    public WorstPoint? Worst { get; init; }
    public ImmutableArray<string> ComponentTags { get; init; } = [];
    public ImmutableArray<string> TestTags { get; init; } = [];
    public string? TestType { get; init; }
    public double Seconds { get; init; }
}
