using TrkbSim.Modeling;
using TrkbSim.Numerics.LinearAlgebra;
using TrkbSim.Simulation.Compilation;

namespace TrkbSim.Simulation;

/// <summary>
/// A model compiled once into delegates. Immutable and thread-safe; create one <see cref="Simulator"/> per thread.
/// </summary>
public sealed class CompiledModel
{
    internal CompiledModel(Model model) => Model = model;

    public Model Model { get; }
    public TimeSpan CompileTime { get; internal set; }
    /// <summary>What the model does that is allowed but probably not meant (e.g. a reaction without a kinetic law, run at rate 0).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Ids of the state variables in solver order (species states are amounts).</summary>
    public required IReadOnlyList<string> StateIds { get; init; }
    /// <summary>Ids of symbols held in the parameter array and changed only by Set or events (constants, event targets).</summary>
    public required IReadOnlyList<string> ParameterIds { get; init; }
    /// <summary>dy/dt = f(t, y, p); p must come from a simulator of this model.</summary>
    public required ModelFunction Rhs { get; init; }
    /// <summary>Analytic Jacobian, row-major; writes only the non-zero entries (callers clear the array).</summary>
    public required ModelFunction Jacobian { get; init; }
    /// <summary>The right-hand side over lanes of runs (<see cref="LaneBatch"/>), compiled on first use.</summary>
    internal LanePrograms? LaneRhs { get; init; }
    /// <summary>Number of structurally non-zero Jacobian entries.</summary>
    public int JacobianNonZeros { get; init; }
    /// <summary>The Jacobian's structural non-zeros by rows (line i: the states j that rate i depends on).</summary>
    public required SparsePattern JacobianPattern { get; init; }
    /// <summary>Analytic Jacobian in the order of <see cref="JacobianPattern"/>; writes every entry of the pattern.</summary>
    public required ModelFunction SparseJacobian { get; init; }
    public int StateCount { get; init; }
    /// <summary>Length of the parameter/work array p.</summary>
    public int ParameterCount { get; init; }

    internal IReadOnlyDictionary<string, SymbolInfo> Symbols { get; init; } = null!;
    internal IReadOnlyList<SymbolInfo> OrderedSymbols { get; init; } = null!;
    /// <summary>Every rule and rate into p; run after initialisation and after stored values change (events).</summary>
    internal ComputeFunction Compute { get; init; } = null!;
    /// <summary>Only the rules and rates that depend on time, states or delayed values (what Rhs and Jacobian evaluate).</summary>
    internal ComputeFunction ComputeVarying { get; init; } = null!;
    internal InitFunction Init { get; init; } = null!;
    internal TriggerFunction Triggers { get; init; } = null!;
    internal ModelFunction RootFunctions { get; init; } = null!;
    internal int RootCount { get; init; }
    internal EventScalarFunction ScheduledTimes { get; init; } = null!;
    internal EventScalarFunction Delays { get; init; } = null!;
    internal EventScalarFunction Priorities { get; init; } = null!;
    internal EventValuesFunction EventValues { get; init; } = null!;
    internal CompiledEvent[] Events { get; init; } = null!;
    internal int MaxEventTargets { get; init; }
    /// <summary>The model's delay(x, tau) terms; their values live in p slots that the simulator fills.</summary>
    internal CompiledDelay[] DelayTerms { get; init; } = [];
    internal DelayFunction DelayValue { get; init; } = null!;
    internal DelayFunction DelayTime { get; init; } = null!;
    /// <summary>x before the start, where states keep their initial values (rateOf of a state is 0 there).</summary>
    internal DelayFunction DelayValueBeforeStart { get; init; } = null!;
    /// <summary>Initial values depend on time (initial assignments of time): values before the start differ by time.</summary>
    internal bool InitUsesTime { get; init; }
    /// <summary>The fast reactions, kept at equilibrium by the simulator; null when the model has none.</summary>
    internal CompiledFastSystem? Fast { get; init; }

    /// <summary>A new simulator with its own arrays; cheap (no recompilation).</summary>
    public Simulator CreateSimulator() => new(this);

    /// <summary>Checks that a name can be an output variable (an id, amount(S) or concentration(S)); throws <see cref="ModelException"/> if not.</summary>
    public void ValidateVariable(string name) => Accessor(name);

    /// <summary>Reads a symbol's value: an id (math meaning), amount(S) or concentration(S).</summary>
    internal ValueAccessor Accessor(string name)
    {
        string id = name;
        int mode = 0; // 0 math value, 1 amount, 2 concentration
        if (name.StartsWith("amount(", StringComparison.Ordinal) && name.EndsWith(')')) { id = name[7..^1].Trim(); mode = 1; }
        else if (name.StartsWith("concentration(", StringComparison.Ordinal) && name.EndsWith(')')) { id = name[14..^1].Trim(); mode = 2; }
        if (!Symbols.TryGetValue(id, out var s)) throw new ModelException($"unknown variable '{name}'");
        if (mode != 0 && !s.IsSpecies) throw new ModelException($"'{name}': '{id}' is not a species");
        if (!s.IsSpecies) return new ValueAccessor(s.Array, s.Index);
        var c = Symbols[s.CompartmentId!];
        bool amountStored = s.StoredAsAmount || s.HasOnlySubstanceUnits;
        bool wantAmount = mode == 1 || (mode == 0 && s.HasOnlySubstanceUnits);
        if (amountStored == wantAmount) return new ValueAccessor(s.Array, s.Index);
        return new ValueAccessor(s.Array, s.Index, wantAmount ? 1 : -1, c.Array, c.Index);
    }

    /// <summary>Default output columns: every species, then non-constant parameters and compartments, in model order.</summary>
    public IReadOnlyList<string> DefaultVariables() =>
        OrderedSymbols.Where(s => s.IsSpecies).Select(s => s.Id)
            .Concat(OrderedSymbols.Where(s => s.Kind == SymbolKind.Parameter && !s.Constant).Select(s => s.Id))
            .Concat(OrderedSymbols.Where(s => s.Kind == SymbolKind.Compartment && !s.Constant).Select(s => s.Id))
            .ToArray();
}
