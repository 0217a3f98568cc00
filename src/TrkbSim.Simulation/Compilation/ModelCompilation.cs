using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq.Expressions;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;
using static TrkbSim.Simulation.Compilation.Simplifier;
using L = System.Linq.Expressions.Expression;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// One compilation of a model: classifies symbols into state, stored and computed slots, resolves and
/// validates all math, orders rules, differentiates for the Jacobian and emits the delegates.
/// </summary>
internal sealed class ModelCompilation
{
    private readonly Model _model;
    private readonly Dictionary<string, SymbolInfo> _symbols = new(StringComparer.Ordinal);
    private readonly List<SymbolInfo> _ordered = [];
    private readonly Dictionary<string, FunctionDefinition> _functions = new(StringComparer.Ordinal);
    private readonly List<ComputedSlot> _computed = [];
    private readonly List<SymbolInfo> _states = [];
    private readonly Dictionary<(int Reaction, int Ref, bool Product), ComputedSlot> _stoichMath = [];
    private readonly Dictionary<int, Expr> _computedRateMemo = [];
    private readonly Dictionary<string, Species> _speciesById = new(StringComparer.Ordinal);
    /// <summary>For each species id, the reaction participations (reaction index, reference index, is product).</summary>
    private readonly Dictionary<string, List<(int Reaction, int Ref, bool Product)>> _participation = new(StringComparer.Ordinal);
    private readonly HashSet<int> _computedRateBuilding = [];
    private int _pCount;
    private Expr?[] _rates = [];
    private bool[] _rateBuilding = [];
    /// <summary>Each distinct delay(x, tau) of the model, in the p slot that holds its value.</summary>
    private readonly List<DelayTerm> _delays = [];
    private readonly Dictionary<(Expr X, Expr Tau), int> _delayIndex = [];

    /// <summary>XBefore: x as it is before the start, where the states keep their initial values (rateOf of a state is 0).</summary>
    private sealed record DelayTerm(Expr X, Expr XBefore, Expr Tau, int PIndex, string Context);
    private bool _frozenRates;

    public ModelCompilation(Model model) => _model = model;

    public CompiledModel Compile()
    {
        var sw = Stopwatch.StartNew();
        CheckUnsupported();
        AddFunctions();
        AddSymbols();
        AttachRulesAndAssignments();
        CheckSizes();
        MarkReactionParticipants();
        MarkEventTargets();
        AssignStorage();
        CreateComputedSlots();

        _rates = new Expr?[_states.Count];
        _rateBuilding = new bool[_states.Count];
        foreach (var c in _computed) Definition(c);
        for (int j = 0; j < _states.Count; j++) Rate(j);

        var computedOrder = OrderComputed();
        var initOrder = OrderInitialisation();
        var events = CompileEvents(out var eventMath);

        // Emission.
        var t = L.Parameter(typeof(double), "t");
        var y = L.Parameter(typeof(double[]), "y");
        var p = L.Parameter(typeof(double[]), "p");
        var o = L.Parameter(typeof(double[]), "output");
        var em = new LinqEmitter(t, y, p);

        // Large models are compiled in chunks: the expression compiler and the JIT both slow down on huge methods.
        // Rules that read only stored values are evaluated when those change (initialisation, events), not per
        // evaluation of the right-hand side: the varying part never feeds the invariant one, so the order holds.
        var invariant = InvariantComputed(computedOrder);
        ComputeFunction Emit(IEnumerable<ComputedSlot> slots) => Compose(CompileChunks<ComputeFunction>(
            slots.Select(c => em.Write(SlotArray.P, c.PIndex, em.Double(c.Definition!))).ToList(), t, y, p));
        var computeInvariant = Emit(computedOrder.Where(c => invariant[c.Index]));
        var compute = Emit(computedOrder.Where(c => !invariant[c.Index]));
        // The right-hand side evaluates only the varying rules that some rate reads; rules read only by outputs, events
        // or the Jacobian (e.g. a score derived from the states) are evaluated by Compute when those ask.
        var readByRates = ReadByRates();
        var varyingForRates = computedOrder.Where(c => !invariant[c.Index] && readByRates[c.Index]).ToList();
        var computeForRates = varyingForRates.Count == computedOrder.Count(c => !invariant[c.Index]) ? compute : Emit(varyingForRates);

        var rateStatements = new List<L>();
        for (int j = 0; j < _states.Count; j++)
            rateStatements.Add(L.Assign(L.ArrayAccess(o, L.Constant(j)), em.Double(_rates[j]!)));
        var rates = Compose(CompileChunks<ModelFunction>(rateStatements, t, y, p, o));
        ModelFunction rhs = (tt, yy, pp, oo) => { computeForRates(tt, yy, pp); rates(tt, yy, pp, oo); };

        var jacStatements = new List<L>();
        int nonZeros = BuildJacobian(computedOrder, em, o, jacStatements);
        // The Jacobian is compiled on first use: models that the explicit solver integrates never pay its JIT time.
        var jacParts = new Lazy<ModelFunction>(() => Compose(CompileChunks<ModelFunction>(jacStatements, t, y, p, o)),
            LazyThreadSafetyMode.ExecutionAndPublication);
        ModelFunction jac = (tt, yy, pp, oo) => { compute(tt, yy, pp); jacParts.Value(tt, yy, pp, oo); };

        var init = EmitInit(initOrder, out bool initUsesTime);
        var (delayTerms, delayValue, delayTime, delayValueBefore) = EmitDelays(em);
        var (triggers, scheduled, delay, priority, values) = EmitEvents(eventMath, em);
        var roots = RootAtoms(eventMath);
        var rootFunctions = roots.Count == 0 ? (_, _, _, _) => { }
        : L.Lambda<ModelFunction>(
            Block(roots.Select((g, i) => (L)L.Assign(L.ArrayAccess(o, L.Constant(i)), em.Double(g)))), t, y, p, o).Compile();

        var compiled = new CompiledModel(_model)
        {
            Warnings = [.. _model.Reactions.Where(r => r.KineticLaw is null).Select(r =>
                $"reaction '{r.Id}' has no kinetic law; it is simulated with rate 0 (a flux-balance model needs a flux-balance solver)")],
            StateIds = _states.Select(s => s.Id).ToArray(),
            ParameterIds = _ordered.Where(s => s.Storage == Storage.Stored).Select(s => s.Id).ToArray(),
            Rhs = rhs,
            Jacobian = jac,
            JacobianNonZeros = nonZeros,
            Symbols = _symbols,
            OrderedSymbols = _ordered,
            StateCount = _states.Count,
            ParameterCount = _pCount,
            Compute = (tt, yy, pp) => { computeInvariant(tt, yy, pp); compute(tt, yy, pp); },
            ComputeVarying = compute,
            Init = init,
            Triggers = triggers,
            RootFunctions = rootFunctions,
            RootCount = roots.Count,
            ScheduledTimes = scheduled,
            Delays = delay,
            Priorities = priority,
            EventValues = values,
            Events = events,
            MaxEventTargets = events.Length == 0 ? 0 : events.Max(e => e.Targets.Length),
            DelayTerms = delayTerms,
            DelayValue = delayValue,
            DelayTime = delayTime,
            DelayValueBeforeStart = delayValueBefore,
            InitUsesTime = initUsesTime,
        };
        compiled.CompileTime = sw.Elapsed;
        return compiled;
    }

    private const int ChunkSize = 128;

    private static T[] CompileChunks<T>(List<L> statements, params ParameterExpression[] parameters) where T : Delegate
    {
        int chunks = (statements.Count + ChunkSize - 1) / ChunkSize;
        var parts = new T[chunks];
        Parallel.For(0, chunks, k =>
        {
            var body = statements.GetRange(k * ChunkSize, System.Math.Min(ChunkSize, statements.Count - k * ChunkSize));
            parts[k] = L.Lambda<T>(L.Block(typeof(void), body), parameters).Compile();
        });
        return parts;
    }

    private static ComputeFunction Compose(ComputeFunction[] parts) => parts.Length switch
    {
        0 => static (_, _, _) => { }
        ,
        1 => parts[0],
        _ => (t, y, p) => { foreach (var f in parts) f(t, y, p); }
        ,
    };

    private static ModelFunction Compose(ModelFunction[] parts) => parts.Length switch
    {
        0 => static (_, _, _, _) => { }
        ,
        1 => parts[0],
        _ => (t, y, p, o) => { foreach (var f in parts) f(t, y, p, o); }
        ,
    };

    private static L Block(IEnumerable<L> statements)
    {
        var list = statements.ToList();
        if (list.Count == 0) list.Add(L.Empty());
        return L.Block(typeof(void), list);
    }

    // ---------------------------------------------------------------- symbols and validation

    /// <summary>Largest model the compiler takes: beyond these sizes compile time and memory grow past what a run can hold.</summary>
    public const int MaxReactions = 200_000, MaxEvents = 50_000, MaxSymbols = 500_000;

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
        if (_model.Reactions.FirstOrDefault(r => r.Fast) is { } fast)
            throw new UnsupportedFeatureException($"fast reactions (reaction '{fast.Id}')");
    }

    private void AddFunctions()
    {
        foreach (var f in _model.Functions)
        {
            if (!_functions.TryAdd(f.Id, f)) throw new ModelException($"duplicate function id '{f.Id}'");
            if (Ops.IsBuiltIn(f.Id)) throw new ModelException($"function '{f.Id}' redefines a built-in function");
        }
    }

    private SymbolInfo Add(string id, SymbolKind kind, bool constant, bool hosu = false, string? compartment = null)
    {
        var s = new SymbolInfo
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
            foreach (var sr in r.Reactants.Concat(r.Products))
                if (sr.Id is { } id) Add(id, SymbolKind.SpeciesReference, sr.Constant).Declared = sr.Stoichiometry ?? double.NaN;
        }
        foreach (var sp in _model.Species)
            if (!_symbols.TryGetValue(sp.Compartment, out var c) || c.Kind != SymbolKind.Compartment)
                throw new ModelException($"species '{sp.Id}' is in unknown compartment '{sp.Compartment}'");
    }

    private SymbolInfo Target(string id, string what)
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
        foreach (var sr in _model.Reactions.SelectMany(r => r.Reactants.Concat(r.Products)))
            if (sr is { Id: { } srId, StoichiometryMath: { } sm })
            {
                var s = _symbols[srId];
                if (s.AssignmentRule is not null || s.RateRule is not null)
                    throw new ModelException($"'{srId}' has both stoichiometryMath and a rule");
                s.AssignmentRule = sm;
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
            foreach (var sr in r.Reactants.Concat(r.Products))
            {
                if (!_symbols.TryGetValue(sr.Species, out var s) || !s.IsSpecies)
                    throw new ModelException($"reaction '{r.Id}' refers to unknown species '{sr.Species}'");
                var sp = _speciesById[sr.Species];
                if (sp.BoundaryCondition || sp.Constant) continue;
                s.ChangedByReactions = true;
                if (s.AssignmentRule is not null || s.RateRule is not null)
                    throw new ModelException(
                        $"species '{s.Id}' is changed by reaction '{r.Id}' and by a rule; make it a boundary species");
            }
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

    private static string EventName(Event e, int k) => e.Id is { } id ? $"'{id}'" : $"#{k + 1}";

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

    private ComputedSlot NewComputed(string name, Func<Expr> build)
    {
        var c = new ComputedSlot { Index = _computed.Count, PIndex = _pCount++, Name = name, Build = build };
        _computed.Add(c);
        return c;
    }

    private void CreateComputedSlots()
    {
        foreach (var s in _ordered.Where(s => s.AssignmentRule is not null))
        {
            var c = NewComputed(s.Id, () => Resolve(s.AssignmentRule!, $"assignment rule for '{s.Id}'", null));
            s.Index = c.PIndex;
            s.ComputedIndex = c.Index;
        }
        for (int ri = 0; ri < _model.Reactions.Length; ri++)
        {
            var r = _model.Reactions[ri];
            var s = _symbols[r.Id];
            var locals = new Dictionary<string, Expr>(StringComparer.Ordinal);
            foreach (var lp in r.LocalParameters) locals[lp.Id] = new NumberExpr(lp.Value ?? double.NaN);
            var c = NewComputed(r.Id, () => r.KineticLaw is null
                ? Expr.Zero
                : Resolve(r.KineticLaw, $"kinetic law of reaction '{r.Id}'", locals));
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
        _stoichMath[(ri, k, product)] = NewComputed(ctx, () => Resolve(sr.StoichiometryMath, ctx, null));
    }

    // ---------------------------------------------------------------- resolution

    /// <summary>The value a symbol has in math: concentration for species without only-substance units.</summary>
    private Expr MathValue(SymbolInfo s)
    {
        if (!s.StoredAsAmount || s.HasOnlySubstanceUnits) return s.Slot;
        return new CallExpr(Ops.Divide, [s.Slot, MathValue(_symbols[s.CompartmentId!])]);
    }

    private Expr Resolve(Expr e, string ctx, IReadOnlyDictionary<string, Expr>? locals, HashSet<string>? inlining = null)
    {
        switch (e)
        {
            case NumberExpr or TimeExpr or SlotExpr: return e;
            case ConstantExpr k: return new NumberExpr(k.Value);
            case SymbolExpr s:
                if (locals is not null && locals.TryGetValue(s.Name, out var local)) return local;
                if (_symbols.TryGetValue(s.Name, out var sym)) return MathValue(sym);
                throw new ModelException($"unknown id '{s.Name}' in {ctx}");
            case CallExpr c:
                if (Ops.Arity.TryGetValue(c.Op, out var arity))
                {
                    if (c.Args.Length < arity.Min || (arity.Max >= 0 && c.Args.Length > arity.Max))
                        throw new ModelException($"'{c.Op}' with {c.Args.Length} arguments in {ctx}");
                    var args = c.Args.Select(a => Resolve(a, ctx, locals, inlining)).ToImmutableArray();
                    if (c.Op == Ops.Delay)
                    {
                        bool outer = _frozenRates;
                        _frozenRates = true;
                        var before = Resolve(c.Args[0], ctx, locals, inlining);
                        _frozenRates = outer;
                        return DelaySlot(args[0], before, args[1], ctx);
                    }
                    if (c.Op == Ops.RateOf) return _frozenRates ? FrozenDerivative(args[0]) : TotalDerivative(args[0], ctx);
                    return new CallExpr(c.Op, args);
                }
                if (!_functions.TryGetValue(c.Op, out var f))
                    throw new ModelException($"unknown function '{c.Op}' in {ctx}");
                if (f.Arguments.Length != c.Args.Length)
                    throw new ModelException($"function '{f.Id}' takes {f.Arguments.Length} arguments, got {c.Args.Length} in {ctx}");
                inlining ??= new HashSet<string>(StringComparer.Ordinal);
                var map = new Dictionary<string, Expr>(StringComparer.Ordinal);
                for (int i = 0; i < f.Arguments.Length; i++) map[f.Arguments[i]] = Resolve(c.Args[i], ctx, locals, inlining);
                if (!inlining.Add(f.Id)) throw new ModelException($"function '{f.Id}' calls itself (in {ctx})");
                var body = Resolve(f.Body.Substitute(map), $"function '{f.Id}' called in {ctx}", null, inlining);
                inlining.Remove(f.Id);
                var (terms, depth) = ExprSize.Measure(body);
                if (terms > ExprSize.MaxTerms || depth > ExprSize.MaxDepth)
                    throw new ModelException(
                        $"function '{f.Id}' expands to {terms:G3} terms nested {depth} deep when inlined (in {(ctx.Length > 80 ? ctx[..80] + "..." : ctx)}); the limit is {ExprSize.MaxTerms:G3} terms and {ExprSize.MaxDepth} levels");
                return body;
            default:
                throw new ModelException($"unsupported expression '{e}' in {ctx}");
        }
    }

    /// <summary>A delay(x, tau) becomes a p slot that the simulator fills from the solution history before each evaluation.</summary>
    private SlotExpr DelaySlot(Expr x, Expr xBefore, Expr tau, string ctx)
    {
        if (!_delayIndex.TryGetValue((x, tau), out int k))
        {
            k = _delays.Count;
            _delays.Add(new DelayTerm(x, xBefore, tau, _pCount++, ctx));
            _delayIndex[(x, tau)] = k;
        }
        return new SlotExpr(SlotArray.P, _delays[k].PIndex);
    }

    private bool IsDelaySlot(SlotExpr s) => s.Array == SlotArray.P && _delays.Exists(d => d.PIndex == s.Index);

    private static Expr Definition(ComputedSlot c)
    {
        if (c.Definition is not null) return c.Definition;
        if (c.Building) throw new ModelException($"circular rateOf() dependency through '{c.Name}'");
        c.Building = true;
        c.Definition = c.Build();
        c.Building = false;
        return c.Definition;
    }

    /// <summary>d/dt of an expression while the states stand still (before the start): only time and its rules change.</summary>
    private Expr FrozenDerivative(Expr e) => Differentiator.D(e, leaf => leaf switch
    {
        TimeExpr => Expr.One,
        SlotExpr { Array: SlotArray.P } s when ComputedAt(s.Index) is { } c => FrozenDerivative(Definition(c)),
        _ => Expr.Zero,
    });

    private ComputedSlot? ComputedAt(int pIndex)
    {
        // Computed slots are numbered contiguously after the stored ones.
        if (_computed.Count == 0) return null;
        int k = pIndex - _computed[0].PIndex;
        return k >= 0 && k < _computed.Count ? _computed[k] : null;
    }

    /// <summary>d/dt of a resolved expression along the solution (rateOf): chain rule through states and rules.</summary>
    private Expr TotalDerivative(Expr e, string ctx) => Differentiator.D(e, leaf => leaf switch
    {
        TimeExpr => Expr.One,
        SlotExpr { Array: SlotArray.Y } s => Rate(s.Index),
        SlotExpr { Array: SlotArray.P } s when ComputedAt(s.Index) is { } c => ComputedRate(c, ctx),
        SlotExpr s when IsDelaySlot(s) => throw new UnsupportedFeatureException($"rateOf() of an expression with delay() in {ctx}"),
        _ => Expr.Zero,
    });

    private Expr ComputedRate(ComputedSlot c, string ctx)
    {
        if (_computedRateMemo.TryGetValue(c.Index, out var r)) return r;
        if (!_computedRateBuilding.Add(c.Index)) throw new ModelException($"circular rateOf() dependency through '{c.Name}' in {ctx}");
        r = TotalDerivative(Definition(c), ctx);
        _computedRateBuilding.Remove(c.Index);
        return _computedRateMemo[c.Index] = r;
    }

    /// <summary>The derivative of state j as stored (amount for species).</summary>
    private Expr Rate(int j)
    {
        if (_rates[j] is { } done) return done;
        var s = _states[j];
        if (_rateBuilding[j]) throw new ModelException($"circular rateOf() dependency through '{s.Id}'");
        _rateBuilding[j] = true;
        Expr r;
        if (s.RateRule is not null)
        {
            r = Resolve(s.RateRule, $"rate rule for '{s.Id}'", null);
            if (s.IsSpecies && !s.HasOnlySubstanceUnits)
            {
                // The rule gives d(concentration)/dt; the state is the amount: dA/dt = V dC/dt + C dV/dt.
                var v = MathValue(_symbols[s.CompartmentId!]);
                var dv = TotalDerivative(v, $"size of compartment '{s.CompartmentId}'");
                r = Simplifier.Add(Mul(v, r), Mul(MathValue(s), dv));
            }
        }
        else r = ReactionRate(s);
        _rateBuilding[j] = false;
        return (_rates[j] = r)!;
    }

    private Expr ReactionRate(SymbolInfo s)
    {
        if (_participation.Count == 0)
            for (int ri = 0; ri < _model.Reactions.Length; ri++)
            {
                var rx = _model.Reactions[ri];
                for (int k = 0; k < rx.Reactants.Length; k++) Participate(rx.Reactants[k].Species, (ri, k, false));
                for (int k = 0; k < rx.Products.Length; k++) Participate(rx.Products[k].Species, (ri, k, true));
            }
        var terms = new List<Expr>();
        if (_participation.TryGetValue(s.Id, out var list))
            foreach (var (ri, k, product) in list)
            {
                var r = _model.Reactions[ri];
                var term = Mul(Stoichiometry(r, ri, k, product), _symbols[r.Id].Slot);
                terms.Add(product ? term : Neg(term));
            }
        var sp = _speciesById[s.Id];
        var cfId = sp.ConversionFactor ?? _model.ConversionFactor;
        var sum = Sum(terms);
        if (cfId is null) return sum;
        if (!_symbols.TryGetValue(cfId, out var cf) || cf.Kind != SymbolKind.Parameter)
            throw new ModelException($"conversion factor '{cfId}' of species '{s.Id}' is not a parameter");
        return Mul(MathValue(cf), sum);
    }

    private void Participate(string species, (int, int, bool) entry)
    {
        if (!_participation.TryGetValue(species, out var list)) _participation[species] = list = [];
        list.Add(entry);
    }

    private Expr Stoichiometry(Reaction r, int ri, int k, bool product)
    {
        var sr = product ? r.Products[k] : r.Reactants[k];
        if (sr.Id is not null) return MathValue(_symbols[sr.Id]);
        if (_stoichMath.TryGetValue((ri, k, product), out var c)) return new SlotExpr(SlotArray.P, c.PIndex);
        return Num(sr.Stoichiometry ?? 1.0);
    }

    private static IEnumerable<SlotExpr> Slots(Expr e)
    {
        var stack = new Stack<Expr>();
        stack.Push(e);
        while (stack.Count > 0)
            switch (stack.Pop())
            {
                case SlotExpr s: yield return s; break;
                case CallExpr c: foreach (var a in c.Args) stack.Push(a); break;
            }
    }

    // ---------------------------------------------------------------- ordering

    /// <summary>
    /// Computed slots (by index) whose value depends on stored values and numbers only, directly or through other such
    /// slots: no time, no state, no delayed value. <paramref name="order"/> lists dependencies first.
    /// </summary>
    private bool[] InvariantComputed(List<ComputedSlot> order)
    {
        var invariant = new bool[_computed.Count];
        bool Invariant(Expr e) => e switch
        {
            NumberExpr or ConstantExpr => true,
            SlotExpr { Array: SlotArray.P } s => ComputedAt(s.Index) is { } c ? invariant[c.Index] : !IsDelaySlot(s),
            CallExpr call => call.Args.All(Invariant),
            _ => false,
        };
        foreach (var c in order) invariant[c.Index] = Invariant(c.Definition!);
        return invariant;
    }

    /// <summary>Computed slots (by index) that some rate reads, directly or through other computed slots.</summary>
    private bool[] ReadByRates()
    {
        var read = new bool[_computed.Count];
        var pending = new Stack<ComputedSlot>();
        void Mark(Expr e)
        {
            foreach (var s in Slots(e))
            {
                if (s.Array == SlotArray.P && ComputedAt(s.Index) is { } c && !read[c.Index])
                {
                    read[c.Index] = true;
                    pending.Push(c);
                }
            }
        }

        foreach (var rate in _rates) Mark(rate!);
        while (pending.Count > 0) Mark(pending.Pop().Definition!);
        return read;
    }

    private List<ComputedSlot> OrderComputed()
    {
        var deps = _computed.Select(c => Slots(c.Definition!)
            .Where(s => s.Array == SlotArray.P).Select(s => ComputedAt(s.Index)).OfType<ComputedSlot>()
            .Select(d => d.Index).Distinct().ToArray()).ToArray();
        var order = TopologicalSort(_computed.Count, deps, cycle =>
            new ModelException($"assignment rule cycle: {string.Join(" -> ", cycle.Select(i => _computed[i].Name))}"));
        return order.Select(i => _computed[i]).ToList();
    }

    /// <summary>Nodes: non-computed symbols by ordinal, then computed slots at m + index.</summary>
    private List<int> OrderInitialisation()
    {
        int m = _ordered.Count;
        var owner = new Dictionary<(SlotArray, int), int>();
        foreach (var s in _ordered) if (s.Storage != Storage.Computed) owner[(s.Array, s.Index)] = s.Ordinal;
        foreach (var c in _computed) owner[(SlotArray.P, c.PIndex)] = m + c.Index;
        var deps = new int[m + _computed.Count][];
        // Delay slots have no owner: the simulator fills them between two passes of initialisation.
        int[] NodesOf(IEnumerable<Expr> exprs) =>
            exprs.SelectMany(Slots).Where(s => owner.ContainsKey((s.Array, s.Index)))
                .Select(s => owner[(s.Array, s.Index)]).Distinct().ToArray();
        foreach (var s in _ordered)
        {
            if (s.Storage == Storage.Computed) { deps[s.Ordinal] = []; continue; }
            var exprs = new List<Expr>();
            if (s.InitialAssignment is not null) exprs.Add(InitialAssignmentValue(s));
            if (s.StoredAsAmount) exprs.Add(MathValue(_symbols[s.CompartmentId!]));
            deps[s.Ordinal] = NodesOf(exprs);
        }
        foreach (var c in _computed) deps[m + c.Index] = NodesOf([c.Definition!]);
        return TopologicalSort(deps.Length, deps, cycle => new ModelException(
            "circular dependency among initial assignments and rules: " +
            string.Join(" -> ", cycle.Select(i => i < m ? _ordered[i].Id : _computed[i - m].Name))));
    }

    private readonly Dictionary<int, Expr> _iaMemo = [];

    private Expr InitialAssignmentValue(SymbolInfo s) =>
        _iaMemo.TryGetValue(s.Ordinal, out var e) ? e
        : _iaMemo[s.Ordinal] = Resolve(s.InitialAssignment!, $"initial assignment for '{s.Id}'", null);

    private static List<int> TopologicalSort(int n, int[][] deps, Func<List<int>, Exception> onCycle)
    {
        var state = new byte[n]; // 0 new, 1 on stack, 2 done
        var order = new List<int>(n);
        var path = new List<int>();
        var stack = new Stack<(int Node, int Next)>();
        for (int start = 0; start < n; start++)
        {
            if (state[start] != 0) continue;
            stack.Push((start, 0));
            state[start] = 1;
            path.Add(start);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < deps[node].Length)
                {
                    stack.Push((node, next + 1));
                    int d = deps[node][next];
                    if (state[d] == 1)
                    {
                        var cycle = path.Skip(path.IndexOf(d)).Append(d).ToList();
                        throw onCycle(cycle);
                    }
                    if (state[d] == 0) { state[d] = 1; path.Add(d); stack.Push((d, 0)); }
                }
                else
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                    order.Add(node);
                }
            }
        }
        return order;
    }

    // ---------------------------------------------------------------- Jacobian

    private int BuildJacobian(List<ComputedSlot> order, LinqEmitter em, ParameterExpression jac, List<L> body)
    {
        int n = _states.Count;
        // States each computed slot depends on, directly or through other computed slots.
        var depY = new SortedSet<int>[_computed.Count];
        foreach (var c in order)
        {
            var set = new SortedSet<int>();
            foreach (var s in Slots(c.Definition!))
                if (s.Array == SlotArray.Y) set.Add(s.Index);
                else if (ComputedAt(s.Index) is { } d) set.UnionWith(depY[d.Index]);
            depY[c.Index] = set;
        }
        // Temporaries holding d(computed slot)/d(y_j), written in rule order (chain rule without inlining).
        // Small derivatives are inlined where used; larger ones get a temporary.
        var temp = new Dictionary<(int Computed, int J), Expr>();
        Func<Expr, Expr> Leaf(int j) => leaf => leaf switch
        {
            SlotExpr { Array: SlotArray.Y } s => s.Index == j ? Expr.One : Expr.Zero,
            SlotExpr { Array: SlotArray.P } s when ComputedAt(s.Index) is { } c
                => temp.TryGetValue((c.Index, j), out var g) ? g : Expr.Zero,
            _ => Expr.Zero,
        };
        foreach (var c in order)
            foreach (int j in depY[c.Index])
            {
                var d = Simplify(Differentiator.D(c.Definition!, Leaf(j)));
                if (IsZero(d)) continue;
                if (NodeCount(d, 8) <= 7) { temp[(c.Index, j)] = d; continue; }
                int g = _pCount++;
                temp[(c.Index, j)] = new SlotExpr(SlotArray.P, g);
                body.Add(em.Write(SlotArray.P, g, em.Double(d)));
            }
        int nonZeros = 0;
        for (int i = 0; i < n; i++)
        {
            var f = _rates[i]!;
            var cols = new SortedSet<int>();
            foreach (var s in Slots(f))
                if (s.Array == SlotArray.Y) cols.Add(s.Index);
                else if (ComputedAt(s.Index) is { } d) cols.UnionWith(depY[d.Index]);
            foreach (int j in cols)
            {
                var d = Simplify(Differentiator.D(f, Leaf(j)));
                if (IsZero(d)) continue;
                nonZeros++;
                body.Add(L.Assign(L.ArrayAccess(jac, L.Constant(i * n + j)), em.Double(d)));
            }
        }
        return nonZeros;
    }

    private static int NodeCount(Expr e, int limit)
    {
        if (e is not CallExpr c) return 1;
        int n = 1;
        foreach (var a in c.Args) { n += NodeCount(a, limit - n); if (n > limit) break; }
        return n;
    }

    // ---------------------------------------------------------------- initialisation

    /// <summary>One step of initialisation: a computed slot, or a stored/state symbol from its declared value or initial assignment.</summary>
    private sealed record InitStep(SlotArray Array, int Index, int Ordinal, Expr? Computed, Expr? Assignment, Expr? Size, bool ScaleAssignment);

    /// <summary>Initial values are interpreted, not compiled: they run once per simulation.</summary>
    private InitFunction EmitInit(List<int> order, out bool usesTime)
    {
        int m = _ordered.Count;
        var steps = new List<InitStep>();
        foreach (int node in order)
        {
            if (node >= m)
            {
                var c = _computed[node - m];
                steps.Add(new InitStep(SlotArray.P, c.PIndex, -1, c.Definition, null, null, false));
                continue;
            }
            var s = _ordered[node];
            if (s.Storage == Storage.Computed) continue;
            var size = s.StoredAsAmount ? MathValue(_symbols[s.CompartmentId!]) : null;
            var ia = s.InitialAssignment is null ? null : InitialAssignmentValue(s);
            steps.Add(new InitStep(s.Array, s.Index, s.Ordinal, null, ia, size, size is not null && !s.HasOnlySubstanceUnits));
        }
        var program = steps.ToArray();
        usesTime = program.Any(st => new[] { st.Computed, st.Assignment, st.Size }.Any(e => e is not null && ContainsTime(e)));
        return (t, y, p, decl, mode) =>
        {
            foreach (var st in program)
            {
                double v;
                if (st.Computed is not null) v = ExprInterpreter.Evaluate(st.Computed, t, y, p);
                else
                {
                    int md = mode[st.Ordinal];
                    if (md == 2 && st.Assignment is not null)
                    {
                        v = ExprInterpreter.Evaluate(st.Assignment, t, y, p);
                        if (st.ScaleAssignment) v *= ExprInterpreter.Evaluate(st.Size!, t, y, p);
                    }
                    else
                    {
                        v = decl[st.Ordinal];
                        if (md == 1 && st.Size is not null) v *= ExprInterpreter.Evaluate(st.Size, t, y, p);
                    }
                }
                if (st.Array == SlotArray.Y) y[st.Index] = v; else p[st.Index] = v;
            }
        };
    }

    // ---------------------------------------------------------------- events

    /// <summary>
    /// Continuous functions whose sign changes can flip a non-scheduled trigger: a - b for every relation a op b.
    /// Watching these (not only the trigger's truth value) catches a trigger that turns on and off within one step.
    /// </summary>
    private static List<Expr> RootAtoms(List<EventMath> math)
    {
        var atoms = new List<Expr>();
        var seen = new HashSet<Expr>();
        foreach (var m in math.Where(m => m.ScheduledTime is null))
        {
            var stack = new Stack<Expr>();
            stack.Push(m.Trigger);
            while (stack.Count > 0)
            {
                if (stack.Pop() is not CallExpr c) continue;
                foreach (var a in c.Args) stack.Push(a);
                if (!Ops.IsRelational(c.Op)) continue;
                for (int i = 1; i < c.Args.Length; i++)
                {
                    var g = Sub(c.Args[i - 1], c.Args[i]);
                    if (g is not NumberExpr && seen.Add(g)) atoms.Add(g);
                }
            }
        }
        return atoms;
    }

    private sealed record EventMath(Expr Trigger, Expr? ScheduledTime, Expr? Delay, Expr? Priority, Expr[] Values);

    private CompiledEvent[] CompileEvents(out List<EventMath> math)
    {
        math = [];
        var result = new List<CompiledEvent>();
        for (int k = 0; k < _model.Events.Length; k++)
        {
            var e = _model.Events[k];
            string name = EventName(e, k);
            var trigger = Resolve(e.Trigger, $"trigger of event {name}", null);
            var scheduledTime = ScheduledForm(ref trigger);
            var delay = e.Delay is null ? null : Resolve(e.Delay, $"delay of event {name}", null);
            var priority = e.Priority is null ? null : Resolve(e.Priority, $"priority of event {name}", null);
            var values = e.Assignments.Select(a => Resolve(a.Math, $"assignment to '{a.Variable}' in event {name}", null)).ToArray();
            // Apply non-species targets first so that species concentrations convert with the new compartment sizes.
            var targets = e.Assignments.Select(a => _symbols[a.Variable]).ToArray();
            math.Add(new EventMath(trigger, scheduledTime, delay, priority, values));
            result.Add(new CompiledEvent
            {
                Index = k, Name = name, Persistent = e.Persistent, InitialValue = e.InitialValue,
                UseValuesFromTriggerTime = e.UseValuesFromTriggerTime, HasDelay = delay is not null,
                HasPriority = priority is not null, Scheduled = scheduledTime is not null, Targets = targets,
            });
        }
        return [.. result];
    }

    /// <summary>
    /// Recognises time-only triggers (time vs an expression that changes only at events) and rewrites them to
    /// "time &gt;= E" or "time &lt; E", so that the transition happens exactly at E, where the solver stops.
    /// </summary>
    private Expr? ScheduledForm(ref Expr trigger)
    {
        if (trigger is not CallExpr { Args.Length: 2 } c || !Ops.IsRelational(c.Op) || c.Op is Ops.Eq or Ops.Neq) return null;
        bool timeLeft = c.Args[0] is TimeExpr, timeRight = c.Args[1] is TimeExpr;
        if (timeLeft == timeRight) return null;
        var other = timeLeft ? c.Args[1] : c.Args[0];
        if (!IsEventConstant(other)) return null;
        // Normalise to "time OP E".
        string op = timeLeft ? c.Op : c.Op switch { Ops.Gt => Ops.Lt, Ops.Lt => Ops.Gt, Ops.Geq => Ops.Leq, _ => Ops.Geq };
        bool rising = op is Ops.Gt or Ops.Geq;
        trigger = new CallExpr(rising ? Ops.Geq : Ops.Lt, [TimeExpr.Instance, other]);
        return other;
    }

    private bool IsEventConstant(Expr e)
    {
        var stack = new Stack<Expr>();
        stack.Push(e);
        while (stack.Count > 0)
            switch (stack.Pop())
            {
                case TimeExpr: return false;
                case SlotExpr { Array: SlotArray.Y }: return false;
                case SlotExpr { Array: SlotArray.P } s when ComputedAt(s.Index) is not null || IsDelaySlot(s): return false;
                case CallExpr call: foreach (var a in call.Args) stack.Push(a); break;
            }
        return true;
    }

    private static bool ContainsTime(Expr e) => e switch
    {
        TimeExpr => true,
        CallExpr c => c.Args.Any(ContainsTime),
        _ => false,
    };

    // ---------------------------------------------------------------- delays

    /// <summary>
    /// Emits x and tau of every delay with the rules they read inlined, so that both can be evaluated from a state and the
    /// stored parameters alone (at a past time, from the history). Marks the delays that the right-hand side depends on.
    /// </summary>
    private (CompiledDelay[], DelayFunction, DelayFunction, DelayFunction) EmitDelays(LinqEmitter em)
    {
        if (_delays.Count == 0)
            return ([], (_, _, _, _) => double.NaN, (_, _, _, _) => double.NaN, (_, _, _, _) => double.NaN);
        var memo = new Dictionary<int, Expr>();
        Expr Inline(Expr e) => e.Rewrite(x => x is SlotExpr { Array: SlotArray.P } s && ComputedAt(s.Index) is { } c
            ? (memo.TryGetValue(c.Index, out var d) ? d : memo[c.Index] = Inline(c.Definition!))
            : x);
        // Delay slots the rates read, directly or through rules.
        var rhsSlots = new HashSet<int>();
        var seen = new HashSet<int>();
        var stack = new Stack<Expr>(_rates.Select(r => r!));
        while (stack.Count > 0)
            foreach (var s in Slots(stack.Pop()))
            {
                if (s.Array != SlotArray.P) continue;
                rhsSlots.Add(s.Index);
                if (ComputedAt(s.Index) is { } c && seen.Add(c.Index)) stack.Push(c.Definition!);
            }
        var terms = new CompiledDelay[_delays.Count];
        var xs = new Expr[_delays.Count];
        var befores = new Expr[_delays.Count];
        var taus = new Expr[_delays.Count];
        for (int k = 0; k < _delays.Count; k++)
        {
            var d = _delays[k];
            xs[k] = Simplify(Inline(d.X));
            befores[k] = Simplify(Inline(d.XBefore));
            taus[k] = Simplify(Inline(d.Tau));
            if (Slots(xs[k]).Concat(Slots(taus[k])).Concat(Slots(befores[k])).Any(IsDelaySlot))
                throw new UnsupportedFeatureException($"delay() inside the arguments of another delay() (in {d.Context})");
            terms[k] = new CompiledDelay
            {
                PIndex = d.PIndex,
                Context = d.Context,
                AffectsRates = rhsSlots.Contains(d.PIndex),
                ConstantDelay = !ContainsTime(taus[k]) && !Slots(taus[k]).Any(s => s.Array == SlotArray.Y),
                LiteralDelay = taus[k] is NumberExpr,
            };
        }
        var k0 = L.Parameter(typeof(int), "k");
        DelayFunction Switch(Expr[] exprs) => L.Lambda<DelayFunction>(
            L.Switch(k0, L.Constant(double.NaN), exprs.Select((x, i) => L.SwitchCase(em.Double(x), L.Constant(i))).ToArray()),
            k0, em.T, em.Y, em.P).Compile();
        var value = Switch(xs);
        return (terms, value, Switch(taus), befores.SequenceEqual(xs) ? value : Switch(befores));
    }

    private static (TriggerFunction, EventScalarFunction, EventScalarFunction, EventScalarFunction, EventValuesFunction) EmitEvents(
        List<EventMath> math, LinqEmitter em)
    {
        if (math.Count == 0)
            return ((_, _, _, _) => { }, (_, _, _, _) => double.NaN, (_, _, _, _) => double.NaN, (_, _, _, _) => double.NaN,
                (_, _, _, _, _) => { }
            );
        var trig = L.Parameter(typeof(bool[]), "triggers");
        var triggers = L.Lambda<TriggerFunction>(
            Block(math.Select((m, k) => (L)L.Assign(L.ArrayAccess(trig, L.Constant(k)), em.Bool(m.Trigger)))),
            em.T, em.Y, em.P, trig).Compile();

        var e = L.Parameter(typeof(int), "e");
        EventScalarFunction Scalar(Func<EventMath, Expr?> pick)
        {
            var cases = math.Select((m, k) => (m: pick(m), k)).Where(x => x.m is not null)
                .Select(x => L.SwitchCase(em.Double(x.m!), L.Constant(x.k))).ToArray();
            L body = cases.Length == 0 ? L.Constant(double.NaN) : L.Switch(e, L.Constant(double.NaN), cases);
            return L.Lambda<EventScalarFunction>(body, e, em.T, em.Y, em.P).Compile();
        }

        var vals = L.Parameter(typeof(double[]), "values");
        var valueCases = math.Select((m, k) => (m, k)).Where(x => x.m.Values.Length > 0)
            .Select(x => L.SwitchCase(
                Block(x.m.Values.Select((v, i) => (L)L.Assign(L.ArrayAccess(vals, L.Constant(i)), em.Double(v)))),
                L.Constant(x.k))).ToArray();
        L valueBody = valueCases.Length == 0 ? L.Empty() : L.Switch(typeof(void), e, null, null, valueCases);
        var values = L.Lambda<EventValuesFunction>(valueBody, e, em.T, em.Y, em.P, vals).Compile();
        return (triggers, Scalar(m => m.ScheduledTime), Scalar(m => m.Delay), Scalar(m => m.Priority), values);
    }
}
