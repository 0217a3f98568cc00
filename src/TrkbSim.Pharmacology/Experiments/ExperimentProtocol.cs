using System.Collections.Immutable;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;

namespace TrkbSim.Pharmacology.Experiments;

/// <summary>
/// A lab experiment as data (<c>Data/Experiments/NAME.json</c>, format <c>trkbsim-experiment/1</c>): the species,
/// the circuit model text it adds to the mechanism, its default drug, the phases of the protocol, the groups (drug
/// timing, settings, manipulations per phase, genotype), the readouts, the comparisons and the published results it
/// should reproduce.
/// </summary>
public sealed record ExperimentProtocol
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    /// <summary>Species the protocol is defined for (the first is the default).</summary>
    public required ImmutableArray<Organism> Species { get; init; }
    /// <summary>File name of the circuit module under Data/Models/Experiments (null: the core alone).</summary>
    public string? Model { get; init; }
    public required SourcedText Drug { get; init; }
    public required int Animals { get; init; }
    public required ImmutableArray<ExperimentPhase> Phases { get; init; }
    public required ImmutableArray<ExperimentGroup> Groups { get; init; }
    public required ImmutableArray<ExperimentReadout> Readouts { get; init; }
    /// <summary>Model parameters set for every group (constants of the experiment's circuit); a group's own set wins.</summary>
    public ImmutableDictionary<string, double> Set { get; init; } = ImmutableDictionary<string, double>.Empty;
    /// <summary>Per-animal variability: log-normal CV by model parameter.</summary>
    public ImmutableDictionary<string, double> Variability { get; init; } = ImmutableDictionary<string, double>.Empty;
    /// <summary>Model variables written to the time-course CSVs and drawn in the time-course plot.</summary>
    public ImmutableArray<string> TimeCourse { get; init; } = [];
    public ImmutableArray<ExperimentComparison> Comparisons { get; init; } = [];
    public ImmutableArray<ExperimentExpectation> Expectations { get; init; } = [];
    /// <summary>Protocol values (durations, doses, parameter settings) with their sources: what and where from.</summary>
    public ImmutableArray<SourcedText> Sources { get; init; } = [];

    public int PhaseIndex(string name) => Phases.Select(p => p.Name).ToList().IndexOf(name);
}

/// <summary>A text (a regimen, a protocol value) with its source and status (measured, derived, assumed, calibrated).</summary>
public sealed record SourcedText(string Text, string Source, ValueStatus Status)
{
    public string? Note { get; init; }
}

/// <summary>A phase of the protocol: a name and a duration in hours; phases follow each other.</summary>
public sealed record ExperimentPhase(string Name, double DurationHours);

/// <summary>How a group receives the drug: over a run of phases, or as one dose before a phase starts.</summary>
public sealed record GroupDrug
{
    /// <summary>A regimen of this group's own (e.g. an acute i.p. dose); null: the experiment's drug.</summary>
    public string? Regimen { get; init; }
    /// <summary>Contiguous phases during which the drug is given (continuous or at its interval).</summary>
    public ImmutableArray<string> During { get; init; } = [];
    /// <summary>One dose given <see cref="BeforeHours"/> before this phase starts.</summary>
    public string? OnceBefore { get; init; }
    public double BeforeHours { get; init; }
}

/// <summary>One group of animals: drug, genotype, settings for the whole run and manipulations per phase.</summary>
public sealed record ExperimentGroup
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    /// <summary>Null: vehicle.</summary>
    public GroupDrug? Drug { get; init; }
    public Genotype Genotype { get; init; } = Genotype.WildType;
    /// <summary>Model parameters set for the whole run (e.g. juvenile = 1).</summary>
    public ImmutableDictionary<string, double> Set { get; init; } = ImmutableDictionary<string, double>.Empty;
    /// <summary>Per phase: parameters that take these values during the phase and return to their base value after it.</summary>
    public ImmutableDictionary<string, ImmutableDictionary<string, double>> During { get; init; } =
        ImmutableDictionary<string, ImmutableDictionary<string, double>>.Empty;
    /// <summary>Phases this group skips (duration 0), e.g. the pre-treatment weeks of a juvenile group.</summary>
    public ImmutableArray<string> Skip { get; init; } = [];
}

/// <summary>Where in the protocol a readout is taken.</summary>
public enum ReadoutTime
{
    /// <summary>At the start of the phase.</summary>
    Start,
    /// <summary>At the end of the phase.</summary>
    End,
    /// <summary>Mean over the phase.</summary>
    Mean,
}

/// <summary>
/// A readout: a model variable at a phase boundary or averaged over a phase (plus per-animal measurement noise), or
/// the difference of two other readouts (first minus second).
/// </summary>
public sealed record ExperimentReadout
{
    public required string Name { get; init; }
    public string Unit { get; init; } = "";
    public string? Variable { get; init; }
    public string? Phase { get; init; }
    public ReadoutTime When { get; init; }
    /// <summary>Standard deviation of the measurement noise added per animal (same unit).</summary>
    public double NoiseSd { get; init; }
    /// <summary>Scale from the model variable to the reported unit (e.g. 240 s of scored swim for a fraction).</summary>
    public double Scale { get; init; } = 1;
    public ImmutableArray<string> Difference { get; init; } = [];
    /// <summary>Lower and upper bound of the reported value (e.g. 0-1 for a fraction); noise is clipped to them.</summary>
    public double Min { get; init; } = double.NegativeInfinity;
    public double Max { get; init; } = double.PositiveInfinity;
}

/// <summary>A two-sided comparison of one readout between two groups (Welch's t-test).</summary>
public sealed record ExperimentComparison(string Readout, string GroupA, string GroupB);

/// <summary>
/// A published result the experiment should reproduce: the mean of <see cref="Readout"/> in <see cref="Group"/> is
/// greater (or less) than <see cref="Factor"/> times that of <see cref="Than"/> (a group) or than
/// <see cref="ThanValue"/>; with <see cref="Significant"/> the two groups must also differ at p &lt; 0.05.
/// </summary>
public sealed record ExperimentExpectation
{
    public required string Claim { get; init; }
    public required string Source { get; init; }
    public required string Readout { get; init; }
    public required string Group { get; init; }
    public required bool Greater { get; init; }
    public string? Than { get; init; }
    public double? ThanValue { get; init; }
    public double Factor { get; init; } = 1;
    public bool Significant { get; init; }
}
