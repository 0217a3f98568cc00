using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>What kind of model component a symbol names.</summary>
internal enum SymbolKind { Compartment, Species, Parameter, SpeciesReference, Reaction }

/// <summary>How a symbol's value is kept during a run.</summary>
internal enum Storage
{
    /// <summary>A p slot set at t0 and changed only by events.</summary>
    Stored,
    /// <summary>A y slot integrated by the solver.</summary>
    State,
    /// <summary>A p slot recomputed from an assignment rule or kinetic law on every evaluation.</summary>
    Computed,
}

/// <summary>
/// One model symbol with its storage location and the facts the compiler needs about it. Immutable: made by
/// <see cref="SymbolClassifier"/> once classification knows every fact, then shared by the later phases, the
/// compiled model and its simulators.
/// </summary>
internal sealed class SymbolInfo
{
    public required string Id { get; init; }
    public required SymbolKind Kind { get; init; }
    public required int Ordinal { get; init; }
    public Storage Storage { get; init; }
    public int Index { get; init; } = -1;
    public SlotArray Array => Storage == Storage.State ? SlotArray.Y : SlotArray.P;
    /// <summary>The slot that holds the value; one instance per symbol (expressions are immutable and share it).</summary>
    public SlotExpr Slot => _slot ??= new(Array, Index);
    private SlotExpr? _slot;

    /// <summary>True when nothing but Set/initialisation may change the value (SBML constant attribute).</summary>
    public bool Constant { get; init; }
    public bool HasOnlySubstanceUnits { get; init; }
    public string? CompartmentId { get; init; }
    public bool IsSpecies => Kind == SymbolKind.Species;
    /// <summary>Species whose slot holds the amount (every species not defined by an assignment rule).</summary>
    public bool StoredAsAmount => IsSpecies && Storage != Storage.Computed;

    public double Declared { get; init; } = double.NaN;
    /// <summary>The declared value is a concentration: amount = declared * compartment size.</summary>
    public bool DeclaredIsConcentration { get; init; }
    public Expr? InitialAssignment { get; init; }
    public Expr? AssignmentRule { get; init; }
    public Expr? RateRule { get; init; }
    public int ComputedIndex { get; init; } = -1;
    public bool ChangedByReactions { get; init; }
    public bool ChangedByEvents { get; init; }

    public override string ToString() => Id;
}
