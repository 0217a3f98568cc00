using System.Collections.Immutable;

namespace TrkbSim.Pharmacology.Calibration;

/// <summary>
/// One calibration target: the typical subject's MADRS reduction (percent of baseline) at a time after the start
/// of a regimen, derived from a published population statement (see <see cref="Derivation"/>).
/// </summary>
public sealed record CalibrationTarget
{
    public required string Id { get; init; }
    public required string Description { get; init; }
    /// <summary>Regimens in the regimen parser's form, all given to one subject.</summary>
    public required ImmutableArray<string> Regimens { get; init; }
    public required double AtHours { get; init; }
    /// <summary>Target MADRS reduction, percent of the value at time 0.</summary>
    public required double PercentReduction { get; init; }
    public required string Source { get; init; }
    public required string Derivation { get; init; }
    /// <summary>Validation observations (observations.json ids) that report the same quantity and so are not independent.</summary>
    public ImmutableArray<string> ObservationIds { get; init; } = [];
}
