using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>How long to simulate a regimen, how often to report, and with which compound library and solver.</summary>
public sealed record RegimenRunOptions
{
    /// <summary>Total simulated time, h.</summary>
    public required double DurationHours { get; init; }
    /// <summary>Output step, h (the end time is always reported).</summary>
    public double OutputStepHours { get; init; } = 1;
    /// <summary>Compound library; null: the built-in one.</summary>
    public CompoundLibrary? Library { get; init; }
    /// <summary>Where compiled models are kept between runs; null: <see cref="CompiledModelCache.Shared"/>.</summary>
    public CompiledModelCache? Models { get; init; }
    /// <summary>Solver name ("auto", "rodas5p", "rodas4", "tsit5", "bdf").</summary>
    public string Solver { get; init; } = "auto";
    public double RelTol { get; init; } = 1e-7;
    /// <summary>Absolute tolerance of every state except the drug amounts, which are held to RelTol × the dose (<see cref="Mechanism.AmountTolerances"/>).</summary>
    public double AbsTol { get; init; } = 1e-9;
    /// <summary>Start from the periodic steady state of the regimens (<see cref="Runs.SteadyStateStart"/>) instead of the drug-free initial state.</summary>
    public bool SteadyStateStart { get; init; }
    /// <summary>Stops the run between solver steps (OperationCanceledException naming the time reached): a caller's time budget.</summary>
    public CancellationToken Cancellation { get; init; }
}
