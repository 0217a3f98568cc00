using System.Collections.Immutable;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// Compilation phase 1, symbol classification: checks the model's size and unsupported features, collects the
/// functions and symbols, attaches rules and initial assignments, marks what reactions and events change, and decides
/// where each symbol's value lives (a state y slot, a stored p slot or a computed p slot). Symbols are drafts while
/// the facts come in; they are frozen into <see cref="SymbolInfo"/> for the <see cref="ClassifiedModel"/>.
/// </summary>
internal sealed class SymbolClassifier
{
    /// <summary>Largest model the compiler takes: beyond these sizes compile time and memory grow past what a run can hold.</summary>
    public const int MaxReactions = 200_000, MaxEvents = 50_000, MaxSymbols = 500_000;

    private readonly Model _model;
    private readonly Dictionary<string, Draft> _symbols = new(StringComparer.Ordinal);
    private readonly List<Draft> _ordered = [];
    private readonly Dictionary<string, FunctionDefinition> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Species> _speciesById = new(StringComparer.Ordinal);
    private readonly List<Draft> _states = [];
    private readonly List<ComputedSlot> _computed = [];
    private readonly Dictionary<(int Reaction, int Ref, bool Product), ComputedSlot> _stoichMath = [];
    private int _pCount;

    private SymbolClassifier(Model model) => _model = model;

    /// <summary>Classifies the symbols of <paramref name="model"/>; throws <see cref="ModelException"/> for what it cannot compile.</summary>
    public static ClassifiedModel Classify(Model model) => new SymbolClassifier(model).Run();

    private ClassifiedModel Run()
    {
        CheckUnsupported();
        AddFunctions();
        AddSymbols();
        AttachRulesAndAssignments();
        CheckSizes();
        MarkReactionParticipants();
        MarkEventTargets();
        AssignStorage();
        CreateComputedSlots();

        var ordered = ImmutableArray.CreateBuilder<SymbolInfo>(_ordered.Count);
        var symbols = new Dictionary<string, SymbolInfo>(_ordered.Count, StringComparer.Ordinal);
        foreach (var d in _ordered)
        {
            var s = d.Freeze();
            ordered.Add(s);
            symbols.Add(s.Id, s);
        }
        var states = _states.Select(d => ordered[d.Ordinal]).ToImmutableArray();
        return new ClassifiedModel(_model, symbols.AsReadOnly(), ordered.MoveToImmutable(), states, [.. _computed],
            _functions.AsReadOnly(), _speciesById.AsReadOnly(), _stoichMath.AsReadOnly(), _pCount);
    }

    /// <summary>How an event is named in messages: its id, or its position.</summary>
    public static string EventName(Event e, int k) => e.Id is { } id ? $"'{id}'" : $"#{k + 1}";

    /// <summary>A symbol while classification learns about it.</summary>
    private sealed class Draft
    {
        public required string Id { get; init; }
        public required SymbolKind Kind { get; init; }
        public required int Ordinal { get; init; }
        public bool Constant { get; init; }
        public bool HasOnlySubstanceUnits { get; init; }
        public string? CompartmentId { get; init; }
        public bool IsSpecies => Kind == SymbolKind.Species;
        public double Declared { get; set; } = double.NaN;
        public bool DeclaredIsConcentration { get; set; }
        public Expr? InitialAssignment { get; set; }
        public Expr? AssignmentRule { get; set; }
        public Expr? RateRule { get; set; }
        public bool ChangedByReactions { get; set; }
        public bool ChangedByEvents { get; set; }
        public Storage Storage { get; set; }
        public int Index { get; set; } = -1;
        public int ComputedIndex { get; set; } = -1;

        public SymbolInfo Freeze() => new()
        {
            Id = Id, Kind = Kind, Ordinal = Ordinal, Constant = Constant, HasOnlySubstanceUnits = HasOnlySubstanceUnits,
            CompartmentId = CompartmentId, Declared = Declared, DeclaredIsConcentration = DeclaredIsConcentration,
            InitialAssignment = InitialAssignment, AssignmentRule = AssignmentRule, RateRule = RateRule,
            ChangedByReactions = ChangedByReactions, ChangedByEvents = ChangedByEvents, Storage = Storage, Index = Index,
            ComputedIndex = ComputedIndex,
        };

        public override string ToString() => Id;
    }

    private void CheckUnsupported()
    {
        int symbols = _model.Species.Length + _model.Parameters.Length + _model.Compartments.Length + _model.Reactions.Length;
        if (_model.Reactions.Length > MaxReactions)
            throw new ModelException($"the model has {_model.Reactions.Length:N0} reactions; at most {MaxReactions:N0} are compiled");
        if (_model.Events.Length > MaxEvents)
            throw new ModelException($"the model has {_model.Events.Length:N0} events; at most {MaxEvents:N0} are compiled");
        if (symbols > MaxSymbols)
            throw new ModelException($"the model has {symbols:N0} species, parameters, compartments and reactions; at most {MaxSymbols:N0} are compiled");
        if (_model.Rules.OfType<AlgebraicRule>().Any())
            throw new UnsupportedFeatureException("algebraic rules");
    }

    private void AddFunctions()
    {
        foreach (var f in _model.Functions)
        {
            if (!_functions.TryAdd(f.Id, f)) throw new ModelException($"duplicate function id '{f.Id}'");
            if (Ops.IsBuiltIn(f.Id)) throw new ModelException($"function '{f.Id}' redefines a built-in function");
        }
    }

    private Draft Add(string id, SymbolKind kind, bool constant, bool hosu = false, string? compartment = null)
    {
        var s = new Draft
        {
            Id = id, Kind = kind, Ordinal = _ordered.Count, Constant = constant,
            HasOnlySubstanceUnits = hosu, CompartmentId = compartment,
        };
        if (!_symbols.TryAdd(id, s)) throw new ModelException($"duplicate id '{id}'");
        if (_functions.ContainsKey(id)) throw new ModelException($"id '{id}' is used by a function and a model component");
        _ordered.Add(s);
        return s;
    }

    private void AddSymbols()
    {
        foreach (var c in _model.Compartments)
            Add(c.Id, SymbolKind.Compartment, c.Constant).Declared = c.Size ?? double.NaN;
        foreach (var sp in _model.Species)
        {
            _speciesById.TryAdd(sp.Id, sp);
            var s = Add(sp.Id, SymbolKind.Species, sp.Constant, sp.HasOnlySubstanceUnits, sp.Compartment);
            if (sp.InitialAmount is { } a) s.Declared = a;
            else if (sp.InitialConcentration is { } c) { s.Declared = c; s.DeclaredIsConcentration = true; }
        }
        foreach (var p in _model.Parameters)
            Add(p.Id, SymbolKind.Parameter, p.Constant).Declared = p.Value ?? double.NaN;
        foreach (var r in _model.Reactions)
        {
            Add(r.Id, SymbolKind.Reaction, true);
            foreach (var sr in r.Reactants) AddReference(sr);
            foreach (var sr in r.Products) AddReference(sr);
        }
        foreach (var sp in _model.Species)
            if (!_symbols.TryGetValue(sp.Compartment, out var c) || c.Kind != SymbolKind.Compartment)
                throw new ModelException($"species '{sp.Id}' is in unknown compartment '{sp.Compartment}'");
    }

    /// <summary>A species reference with an id is a symbol of its own (its stoichiometry).</summary>
    private void AddReference(SpeciesReference sr)
    {
        if (sr.Id is { } id) Add(id, SymbolKind.SpeciesReference, sr.Constant).Declared = sr.Stoichiometry ?? double.NaN;
    }

    private Draft Target(string id, string what)
    {
        if (!_symbols.TryGetValue(id, out var s)) throw new ModelException($"unknown id '{id}' in {what}");
        if (s.Kind == SymbolKind.Reaction) throw new ModelException($"{what} cannot set reaction '{id}'");
        return s;
    }

    private void AttachRulesAndAssignments()
    {
        foreach (var rule in _model.Rules)
        {
            var (variable, math, isRate) = rule switch
            {
                AssignmentRule a => (a.Variable, a.Math, false),
                RateRule r => (r.Variable, r.Math, true),
                _ => throw new ModelException("unsupported rule type"),
            };
            var s = Target(variable, isRate ? "rate rule" : "assignment rule");
            if (s.AssignmentRule is not null || s.RateRule is not null)
                throw new ModelException($"'{variable}' has more than one rule");
            if (s.Constant) throw new ModelException($"rule for constant '{variable}': a constant cannot be changed by a rule");
            if (isRate) s.RateRule = math; else s.AssignmentRule = math;
        }
        // Level 2 stoichiometryMath on a reference with an id acts as an assignment rule for that id.
        foreach (var r in _model.Reactions)
        {
            foreach (var sr in r.Reactants) AttachStoichiometryMath(sr);
            foreach (var sr in r.Products) AttachStoichiometryMath(sr);
        }
        foreach (var ia in _model.InitialAssignments)
        {
            var s = Target(ia.Symbol, "initial assignment");
            if (s.InitialAssignment is not null) throw new ModelException($"'{ia.Symbol}' has more than one initial assignment");
            if (s.AssignmentRule is not null)
                throw new ModelException($"'{ia.Symbol}' has both an assignment rule and an initial assignment");
            s.InitialAssignment = ia.Math;
        }
    }

    private void AttachStoichiometryMath(SpeciesReference sr)
    {
        if (sr is not { Id: { } srId, StoichiometryMath: { } sm }) return;
        var s = _symbols[srId];
        if (s.AssignmentRule is not null || s.RateRule is not null)
            throw new ModelException($"'{srId}' has both stoichiometryMath and a rule");
        s.AssignmentRule = sm;
    }

    /// <summary>A compartment size given as a number must not be negative (a volume, area or length).</summary>
    private void CheckSizes()
    {
        foreach (var c in _model.Compartments)
            if (c.Size is < 0 && _symbols[c.Id].AssignmentRule is null && _symbols[c.Id].InitialAssignment is null)
                throw new ModelException($"compartment '{c.Id}' has size {c.Size}; a size must be >= 0");
    }

    private void MarkReactionParticipants()
    {
        foreach (var r in _model.Reactions)
        {
            foreach (var sr in r.Reactants) MarkParticipant(r, sr);
            foreach (var sr in r.Products) MarkParticipant(r, sr);
        }
    }

    private void MarkParticipant(Reaction r, SpeciesReference sr)
    {
        if (!_symbols.TryGetValue(sr.Species, out var s) || !s.IsSpecies)
            throw new ModelException($"reaction '{r.Id}' refers to unknown species '{sr.Species}'");
        var sp = _speciesById[sr.Species];
        if (sp.BoundaryCondition || sp.Constant) return;
        s.ChangedByReactions = true;
        if (s.AssignmentRule is not null || s.RateRule is not null)
            throw new ModelException(
                $"species '{s.Id}' is changed by reaction '{r.Id}' and by a rule; make it a boundary species");
    }

    private void MarkEventTargets()
    {
        foreach (var (e, k) in _model.Events.Select((e, k) => (e, k)))
            foreach (var a in e.Assignments)
            {
                var s = Target(a.Variable, $"event {EventName(e, k)}");
                if (s.Constant)
                    throw new ModelException($"event {EventName(e, k)} assigns constant '{a.Variable}'");
                if (s.AssignmentRule is not null)
                    throw new ModelException($"event {EventName(e, k)} assigns '{a.Variable}', which is defined by an assignment rule");
                s.ChangedByEvents = true;
            }
    }

    private void AssignStorage()
    {
        // States: species first, then compartments, parameters, species references (each in model order).
        foreach (var kind in new[] { SymbolKind.Species, SymbolKind.Compartment, SymbolKind.Parameter, SymbolKind.SpeciesReference })
            foreach (var s in _ordered.Where(s => s.Kind == kind))
                if (s.AssignmentRule is null && (s.RateRule is not null || s.ChangedByReactions))
                {
                    s.Storage = Storage.State;
                    s.Index = _states.Count;
                    _states.Add(s);
                }
        foreach (var s in _ordered)
        {
            if (s.Kind == SymbolKind.Reaction || s.AssignmentRule is not null) s.Storage = Storage.Computed;
            else if (s.Storage != Storage.State) { s.Storage = Storage.Stored; s.Index = _pCount++; }
        }
    }

    private ComputedSlot NewComputed(string name, Expr? math, string context, IReadOnlyDictionary<string, Expr>? locals)
    {
        var c = new ComputedSlot { Index = _computed.Count, PIndex = _pCount++, Name = name, Math = math, Context = context, Locals = locals };
        _computed.Add(c);
        return c;
    }

    private void CreateComputedSlots()
    {
        foreach (var s in _ordered.Where(s => s.AssignmentRule is not null))
        {
            var c = NewComputed(s.Id, s.AssignmentRule, $"assignment rule for '{s.Id}'", null);
            s.Index = c.PIndex;
            s.ComputedIndex = c.Index;
        }
        for (int ri = 0; ri < _model.Reactions.Length; ri++)
        {
            var r = _model.Reactions[ri];
            var s = _symbols[r.Id];
            // Most reactions have no local parameters: no table then (math resolution reads a missing one as empty).
            Dictionary<string, Expr>? locals = r.LocalParameters.Length == 0 ? null : new(StringComparer.Ordinal);
            foreach (var lp in r.LocalParameters) locals![lp.Id] = new NumberExpr(lp.Value ?? double.NaN);
            // No kinetic law: the reaction runs at rate 0 (the compiled model warns).
            var c = NewComputed(r.Id, r.KineticLaw, $"kinetic law of reaction '{r.Id}'", locals);
            s.Index = c.PIndex;
            s.ComputedIndex = c.Index;
            for (int k = 0; k < r.Reactants.Length; k++) AddStoichMath(r, ri, k, false, r.Reactants[k]);
            for (int k = 0; k < r.Products.Length; k++) AddStoichMath(r, ri, k, true, r.Products[k]);
        }
    }

    private void AddStoichMath(Reaction r, int ri, int k, bool product, SpeciesReference sr)
    {
        if (sr.Id is not null || sr.StoichiometryMath is null) return;
        string ctx = $"stoichiometry of '{sr.Species}' in reaction '{r.Id}'";
        _stoichMath[(ri, k, product)] = NewComputed(ctx, sr.StoichiometryMath, ctx, null);
    }
}
