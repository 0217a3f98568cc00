using System.Collections.Immutable;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Antimony;

/// <summary>
/// Gathers the statements of one Antimony model in any order and then builds the <see cref="Model"/>:
/// Antimony is declarative, so kinds, values and placements are decided only after everything has been read.
/// </summary>
internal sealed class ModelBuilder(string id) : IMathSink
{
    private const string DefaultCompartment = "default_compartment";

    private readonly Dictionary<string, SymbolFacts> _symbols = new(StringComparer.Ordinal);
    private readonly List<SymbolFacts> _order = [];
    private readonly List<ReactionFacts> _reactions = [];
    private readonly List<RuleFacts> _rules = [];
    private readonly List<EventFacts> _events = [];
    private readonly List<(string Name, SourceLocation At)> _references = [];
    private readonly List<CallSite> _calls = [];
    private int _seq;

    public string Id { get; } = id;
    public string? DisplayName { get; set; }
    /// <summary>True once any statement other than a function or unit definition was added.</summary>
    public bool HasContent { get; private set; }
    public SourceLocation? FirstContentAt { get; private set; }

    public void Reference(string name, SourceLocation where) => _references.Add((name, where));

    public void Call(string function, int argumentCount, SourceLocation where) =>
        _calls.Add(new CallSite(function, argumentCount, where));

    private SymbolFacts Symbol(string name, SourceLocation where)
    {
        if (!HasContent) { HasContent = true; FirstContentAt = where; }
        if (!_symbols.TryGetValue(name, out var s))
        {
            s = new SymbolFacts(name, where);
            _symbols.Add(name, s);
            _order.Add(s);
        }
        return s;
    }

    public void Declare(string name, SourceLocation where, SymbolKind? kind, bool isConst, bool isVar, bool substanceOnly, bool boundary)
    {
        var s = Symbol(name, where);
        if (kind is { } k) s.Evidence.Add(new KindEvidence(k, where));
        if (substanceOnly || boundary) s.Evidence.Add(new KindEvidence(SymbolKind.Species, where));
        if (isConst) { s.ConstAt = where; s.Var = false; }
        if (isVar) { s.Var = true; s.ConstAt = null; }
        s.SubstanceOnly |= substanceOnly;
        s.Boundary |= boundary;
    }

    public void PlaceIn(string name, SourceLocation where, string compartment, SourceLocation compartmentAt)
    {
        var s = Symbol(name, where);
        s.Evidence.Add(new KindEvidence(SymbolKind.Species, where, Weak: true));
        s.Compartment = compartment;
        s.CompartmentAt = compartmentAt;
        Symbol(compartment, compartmentAt).Evidence.Add(new KindEvidence(SymbolKind.Compartment, compartmentAt));
    }

    public void SetValue(string name, SourceLocation where, Expr value, string? units)
    {
        var s = Symbol(name, where);
        s.Value = value;
        s.ValueAt = where;
        s.ValueSeq = ++_seq;
        if (units is not null) s.Units = units;
    }

    public void SetUnits(string name, SourceLocation where, string units) => Symbol(name, where).Units = units;

    public void SetDisplayName(string name, SourceLocation where, string text) => Symbol(name, where).DisplayName = text;

    public void AddRule(RuleKind kind, string? variable, SourceLocation where, Expr math)
    {
        if (variable is not null) Symbol(variable, where);
        else if (!HasContent) { HasContent = true; FirstContentAt = where; }
        _rules.Add(new RuleFacts(kind, variable, math, where));
    }

    public void AddReaction(string? rid, SourceLocation where, string? compartment, SourceLocation compartmentAt,
        List<Participant> reactants, List<Participant> products, bool reversible, Expr? rate)
    {
        if (rid is not null) Symbol(rid, where).Evidence.Add(new KindEvidence(SymbolKind.Reaction, where));
        else if (!HasContent) { HasContent = true; FirstContentAt = where; }
        if (compartment is not null)
            Symbol(compartment, compartmentAt).Evidence.Add(new KindEvidence(SymbolKind.Compartment, compartmentAt));
        foreach (var p in reactants) Participates(p, compartment);
        foreach (var p in products) Participates(p, compartment);
        _reactions.Add(new ReactionFacts(rid, where, compartment, reactants, products, reversible, rate, ++_seq));
    }

    private void Participates(Participant p, string? compartment)
    {
        var s = Symbol(p.Species, p.At);
        s.Evidence.Add(new KindEvidence(SymbolKind.Species, p.At));
        if (compartment is not null) s.ReactionCompartment = compartment;
    }

    public void AddEvent(EventFacts e)
    {
        if (e.Id is not null) Symbol(e.Id, e.At).Evidence.Add(new KindEvidence(SymbolKind.Event, e.At));
        else if (!HasContent) { HasContent = true; FirstContentAt = e.At; }
        foreach (var a in e.Assignments) Symbol(a.Variable, a.At);
        _events.Add(e);
    }

    /// <summary>Resolves everything gathered into a model, checking it; throws <see cref="ModelException"/> at the offending statement.</summary>
    public Model Build(IReadOnlyList<FunctionFacts> functions, IReadOnlyList<UnitDefinition> units)
    {
        CheckDuplicateIds();
        foreach (var s in _order) s.Kind = ResolveKind(s);
        var functionTable = CheckFunctions(functions);
        AssignReactionIds();
        var (assignmentRules, rateRules) = CheckRules();
        CheckEventTargets();
        CheckReferences(functionTable);
        CheckConstants(assignmentRules, rateRules);
        var initialMath = CheckCycles(assignmentRules);
        return Assemble(functions, units, assignmentRules, rateRules, initialMath);
    }

    private static string Where(SourceLocation l) => $"line {l.Line}, column {l.Column}";

    private static string Noun(SymbolKind k) => k switch
    {
        SymbolKind.Species => "a species",
        SymbolKind.Compartment => "a compartment",
        SymbolKind.Reaction => "a reaction",
        SymbolKind.Event => "an event",
        _ => "a parameter",
    };

    private void CheckDuplicateIds()
    {
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var r in _reactions.Where(r => r.Id is not null))
        {
            if (seen.TryGetValue(r.Id!, out var first))
                throw new ModelException($"duplicate reaction id '{r.Id}': a reaction with this id is already defined at {Where(first)}", r.At);
            seen.Add(r.Id!, r.At);
        }
        foreach (var e in _events.Where(e => e.Id is not null))
        {
            if (seen.TryGetValue(e.Id!, out var first))
                throw new ModelException($"duplicate id '{e.Id}': it already names a reaction or event at {Where(first)}", e.At);
            seen.Add(e.Id!, e.At);
        }
    }

    private static SymbolKind ResolveKind(SymbolFacts s)
    {
        // Plain loops: every symbol of the model passes here.
        KindEvidence? chosen = null, weak = null;
        foreach (var e in s.Evidence)
        {
            if (e.Weak) { weak ??= e; continue; }
            if (chosen is null) chosen = e;
            else if (chosen.Value.Kind != e.Kind)
                throw new ModelException(
                    $"'{s.Id}' is used as {Noun(e.Kind)} here but as {Noun(chosen.Value.Kind)} at {Where(chosen.Value.At)}", e.At);
        }
        if (chosen is { } c)
        {
            // Placement with 'in' makes a species, except for a compartment inside another compartment.
            if (weak is { } w && c.Kind is not (SymbolKind.Species or SymbolKind.Compartment))
                throw new ModelException($"'{s.Id}' is placed in a compartment here but is {Noun(c.Kind)} ({Where(c.At)}); only species and compartments can be 'in' a compartment", w.At);
            return c.Kind;
        }
        return s.Evidence.Count > 0 ? SymbolKind.Species : SymbolKind.Parameter;
    }

    private Dictionary<string, FunctionFacts> CheckFunctions(IReadOnlyList<FunctionFacts> functions)
    {
        var table = new Dictionary<string, FunctionFacts>(StringComparer.Ordinal);
        foreach (var f in functions)
        {
            if (table.TryGetValue(f.Definition.Id, out var first))
                throw new ModelException($"duplicate function '{f.Definition.Id}': already defined at {Where(first.At)}", f.At);
            if (_symbols.TryGetValue(f.Definition.Id, out var s))
                throw new ModelException($"'{f.Definition.Id}' is a function here but {Noun(s.Kind)} at {Where(s.FirstDefined)}", f.At);
            table.Add(f.Definition.Id, f);
        }
        // Functions may call functions, but never themselves through any chain.
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        void Visit(FunctionFacts f)
        {
            state[f.Definition.Id] = 1;
            path.Add(f.Definition.Id);
            foreach (var callee in CalledFunctions(f.Definition.Body))
            {
                if (!table.TryGetValue(callee, out var g)) continue;
                int st = state.GetValueOrDefault(callee);
                if (st == 1)
                {
                    var cycle = path.Skip(path.IndexOf(callee)).Append(callee);
                    throw new ModelException($"function '{callee}' calls itself: {string.Join(" -> ", cycle)}; recursion is not allowed", g.At);
                }
                if (st == 0) Visit(g);
            }
            path.RemoveAt(path.Count - 1);
            state[f.Definition.Id] = 2;
        }
        foreach (var f in functions) if (state.GetValueOrDefault(f.Definition.Id) == 0) Visit(f);
        return table;
    }

    private static IEnumerable<string> CalledFunctions(Expr e)
    {
        if (e is not CallExpr c) yield break;
        if (!Ops.IsBuiltIn(c.Op)) yield return c.Op;
        foreach (var a in c.Args)
            foreach (var n in CalledFunctions(a)) yield return n;
    }

    private void AssignReactionIds()
    {
        int next = 0;
        foreach (var r in _reactions.Where(r => r.Id is null))
        {
            string rid;
            do rid = $"_J{next++}"; while (_symbols.ContainsKey(rid));
            r.ResolvedId = rid;
            var s = Symbol(rid, r.At);
            s.Evidence.Add(new KindEvidence(SymbolKind.Reaction, r.At));
            s.Kind = SymbolKind.Reaction;
        }
    }

    private (Dictionary<string, RuleFacts> Assignment, Dictionary<string, RuleFacts> Rate) CheckRules()
    {
        var assignment = new Dictionary<string, RuleFacts>(StringComparer.Ordinal);
        var rate = new Dictionary<string, RuleFacts>(StringComparer.Ordinal);
        foreach (var r in _rules.Where(r => r.Variable is not null))
        {
            var v = r.Variable!;
            var s = _symbols[v];
            if (s.Kind is SymbolKind.Reaction or SymbolKind.Event)
                throw new ModelException($"'{v}' is {Noun(s.Kind)}; a rule can only set a species, compartment or parameter", r.At);
            string what = r.Kind == RuleKind.Assignment ? "an assignment rule" : "a rate rule";
            if (assignment.TryGetValue(v, out var a))
                throw new ModelException($"'{v}' already has an assignment rule at {Where(a.At)}; it cannot also have {what}", r.At);
            if (rate.TryGetValue(v, out var b))
                throw new ModelException($"'{v}' already has a rate rule at {Where(b.At)}; it cannot also have {what}", r.At);
            (r.Kind == RuleKind.Assignment ? assignment : rate).Add(v, r);
        }
        return (assignment, rate);
    }

    private void CheckEventTargets()
    {
        foreach (var e in _events)
            foreach (var a in e.Assignments)
            {
                var s = _symbols[a.Variable];
                if (s.Kind is SymbolKind.Reaction or SymbolKind.Event)
                    throw new ModelException($"'{a.Variable}' is {Noun(s.Kind)}; an event can only set a species, compartment or parameter", a.At);
            }
        foreach (var s in _order.Where(s => s.Value is not null && s.Kind == SymbolKind.Event))
            throw new ModelException($"'{s.Id}' is an event; it cannot be given a value", s.ValueAt);
    }

    private void CheckReferences(Dictionary<string, FunctionFacts> functions)
    {
        foreach (var (name, where) in _references)
        {
            if (!_symbols.TryGetValue(name, out var s))
            {
                string hint = functions.ContainsKey(name) ? $"; '{name}' is a function, call it as {name}(...)" : $"; define it, e.g. '{name} = 1'";
                throw new ModelException($"unknown identifier '{name}': it is not a species, compartment, parameter or reaction of the model{hint}", where);
            }
            if (s.Kind == SymbolKind.Event)
                throw new ModelException($"'{name}' is an event and has no value to use in math", where);
        }
        foreach (var c in _calls) CheckCall(c, functions);
    }

    /// <summary>Checks a call of a user function (built-ins are checked while parsing).</summary>
    public static void CheckCall(CallSite c, IReadOnlyDictionary<string, FunctionFacts> functions)
    {
        if (!functions.TryGetValue(c.Function, out var f))
            throw new ModelException($"unknown function '{c.Function}': expected a built-in function or one defined with 'function {c.Function}(...) ... end'", c.At);
        int n = f.Definition.Arguments.Length;
        if (n != c.ArgumentCount)
            throw new ModelException($"function '{c.Function}' takes {n} argument{(n == 1 ? "" : "s")}, found {c.ArgumentCount}", c.At);
    }

    private void CheckConstants(Dictionary<string, RuleFacts> assignment, Dictionary<string, RuleFacts> rate)
    {
        foreach (var s in _order.Where(s => s.ConstAt is not null))
        {
            if (rate.TryGetValue(s.Id, out var r))
                throw new ModelException($"rate rule on '{s.Id}', which is declared const at {Where(s.ConstAt!.Value)}; remove 'const' or the rule", r.At);
            if (assignment.TryGetValue(s.Id, out var a))
                throw new ModelException($"assignment rule on '{s.Id}', which is declared const at {Where(s.ConstAt!.Value)}; remove 'const' or the rule", a.At);
            foreach (var e in _events)
                foreach (var ea in e.Assignments.Where(ea => ea.Variable == s.Id))
                    throw new ModelException($"event assignment to '{s.Id}', which is declared const at {Where(s.ConstAt!.Value)}", ea.At);
        }
    }

    /// <summary>
    /// Values at t0 come from assignment rules, initial assignments and reaction rates; any cycle among them
    /// has no solution. Returns the initial-assignment math of each symbol whose value is not a plain number.
    /// </summary>
    private Dictionary<string, Expr> CheckCycles(Dictionary<string, RuleFacts> assignment)
    {
        var initialMath = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var s in _order)
            if (s.Value is { } v && s.Kind != SymbolKind.Reaction && !TryLiteral(v, out _))
            {
                if (assignment.TryGetValue(s.Id, out var a))
                    throw new ModelException($"'{s.Id}' has an assignment rule at {Where(a.At)}; it cannot also have an initial value computed from other symbols", s.ValueAt);
                initialMath[s.Id] = v;
            }

        var nodes = new Dictionary<string, (Expr Math, SourceLocation At)>(StringComparer.Ordinal);
        foreach (var (k, v) in initialMath) nodes[k] = (v, _symbols[k].ValueAt);
        foreach (var (k, r) in assignment) nodes[k] = (r.Math, r.At);
        foreach (var r in _reactions)
            if (KineticLaw(r) is { } law) nodes[r.ResolvedId] = (law, r.At);

        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        // The symbols of every node on the path, each node's after its caller's (a visit removes its own on return).
        var read = new List<string>();
        var work = new Stack<Expr>();
        void Visit(string n)
        {
            state[n] = 1;
            path.Add(n);
            int first = read.Count;
            AddSymbols(nodes[n].Math, read, work);
            int last = read.Count;
            // A symbol read twice is visited once: the second time it is done (or on the path, a cycle either way).
            for (int i = first; i < last; i++)
            {
                var m = read[i];
                if (!nodes.ContainsKey(m)) continue;
                int st = state.GetValueOrDefault(m);
                if (st == 1)
                {
                    var cycle = path.Skip(path.IndexOf(m)).Append(m).ToList();
                    throw new ModelException(
                        $"cycle in the definitions: {string.Join(" -> ", cycle)}; each of these is defined through the next, so none has a value",
                        nodes[cycle[0]].At);
                }
                if (st == 0) Visit(m);
            }
            read.RemoveRange(first, read.Count - first);
            path.RemoveAt(path.Count - 1);
            state[n] = 2;
        }
        foreach (var n in nodes.Keys) if (state.GetValueOrDefault(n) == 0) Visit(n);
        return initialMath;
    }

    private Expr? KineticLaw(ReactionFacts r)
    {
        // 'J1 = rate' and the rate after ';' both set the law; the later statement wins.
        if (r.Id is not null && _symbols.TryGetValue(r.Id, out var s) && s.Value is not null && s.ValueSeq > r.Seq)
            return s.Value;
        return r.Rate ?? (r.Id is not null ? _symbols[r.Id].Value : null);
    }

    /// <summary>A value without symbols, time or functions: a number, a named constant, or its negation.</summary>
    internal static bool TryLiteral(Expr e, out double value)
    {
        switch (e)
        {
            case NumberExpr n: value = n.Value; return true;
            case ConstantExpr c: value = c.Value; return true;
            case CallExpr { Op: Ops.Minus, Args.Length: 1 } m when TryLiteral(m.Args[0], out var inner):
                value = -inner; return true;
            default: value = 0; return false;
        }
    }

    private Model Assemble(IReadOnlyList<FunctionFacts> functions, IReadOnlyList<UnitDefinition> units,
        Dictionary<string, RuleFacts> assignment, Dictionary<string, RuleFacts> rate, Dictionary<string, Expr> initialMath)
    {
        var eventTargets = _events.SelectMany(e => e.Assignments).Select(a => a.Variable).ToHashSet(StringComparer.Ordinal);
        bool Varies(string id) => assignment.ContainsKey(id) || rate.ContainsKey(id) || eventTargets.Contains(id);
        bool SetLater(string id) => assignment.ContainsKey(id) || initialMath.ContainsKey(id);

        var compartments = new List<Compartment>();
        var species = new List<Species>();
        var parameters = new List<Parameter>();
        bool needDefault = false;

        foreach (var s in _order)
        {
            double? literal = s.Value is { } v && TryLiteral(v, out var d) ? d : null;
            switch (s.Kind)
            {
                case SymbolKind.Compartment:
                    compartments.Add(new Compartment(s.Id, literal ?? (SetLater(s.Id) ? null : 1.0))
                    {
                        Name = s.DisplayName,
                        Constant = s.ConstAt is not null || !(s.Var || Varies(s.Id)),
                        Units = s.Units,
                    });
                    break;
                case SymbolKind.Species:
                    {
                        string? comp = s.Compartment ?? s.ReactionCompartment;
                        if (comp is null) { comp = DefaultCompartment; needDefault = true; }
                        // As with libAntimony and libRoadRunner, a species nothing sets starts at 0.
                        double? init = literal ?? (SetLater(s.Id) ? null : 0.0);
                        bool isConst = s.ConstAt is not null;
                        species.Add(new Species(s.Id, comp)
                        {
                            Name = s.DisplayName,
                            InitialAmount = s.SubstanceOnly ? init : null,
                            InitialConcentration = s.SubstanceOnly ? null : init,
                            HasOnlySubstanceUnits = s.SubstanceOnly,
                            // Species changed by rules are boundary species: reactions must not change them as well.
                            BoundaryCondition = s.Boundary || isConst || assignment.ContainsKey(s.Id) || rate.ContainsKey(s.Id),
                            Constant = isConst,
                            SubstanceUnits = s.Units,
                        });
                        break;
                    }
                case SymbolKind.Parameter:
                    parameters.Add(new Parameter(s.Id, literal ?? (SetLater(s.Id) ? null : 0.0))
                    {
                        Name = s.DisplayName,
                        Constant = s.ConstAt is not null || !(s.Var || Varies(s.Id)),
                        Units = s.Units,
                    });
                    break;
            }
        }
        if (needDefault && !_symbols.ContainsKey(DefaultCompartment))
            compartments.Insert(0, new Compartment(DefaultCompartment, 1.0));
        else if (needDefault && _symbols[DefaultCompartment].Kind != SymbolKind.Compartment)
            throw new ModelException($"'{DefaultCompartment}' is needed as the compartment of species declared without one, but it is {Noun(_symbols[DefaultCompartment].Kind)}",
                _symbols[DefaultCompartment].FirstDefined);

        var speciesIds = species.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var read = new List<string>();
        var work = new Stack<Expr>();
        var reactions = _reactions.Select(r =>
        {
            var law = KineticLaw(r);
            var reactants = Merge(r.Reactants);
            var products = Merge(r.Products);
            var modifiers = law is null ? [] : Modifiers(law, speciesIds, reactants, products, read, work);
            return new Reaction(r.ResolvedId)
            {
                Name = r.Id is not null ? _symbols[r.Id].DisplayName : null,
                Reactants = reactants,
                Products = products,
                Modifiers = modifiers,
                KineticLaw = law,
                Reversible = r.Reversible,
                Compartment = r.Compartment,
            };
        }).ToImmutableArray();

        var rules = new List<Rule>();
        foreach (var r in _rules)
            rules.Add(r.Kind switch
            {
                RuleKind.Assignment => new AssignmentRule(r.Variable!, r.Math),
                RuleKind.Rate => new RateRule(r.Variable!, r.Math),
                _ => new AlgebraicRule(r.Math),
            });

        var events = _events.Select(e => new Event(e.Trigger)
        {
            Id = e.Id,
            Name = e.Id is not null ? _symbols[e.Id].DisplayName : null,
            Delay = e.Delay,
            Priority = e.Priority,
            Persistent = e.Persistent,
            InitialValue = e.InitialValue,
            UseValuesFromTriggerTime = e.FromTrigger,
            Assignments = [.. e.Assignments.Select(a => new EventAssignment(a.Variable, a.Math))],
        }).ToImmutableArray();

        var modelUnits = new ModelUnits(
            Substance: UnitIf(units, "substance"), Time: UnitIf(units, "time_unit"), Volume: UnitIf(units, "volume"),
            Area: UnitIf(units, "area"), Length: UnitIf(units, "length"), Extent: UnitIf(units, "extent"));

        return new Model
        {
            Id = Id,
            Name = DisplayName,
            Functions = [.. functions.Select(f => f.Definition)],
            Units = [.. units],
            Compartments = [.. compartments],
            Species = [.. species],
            Parameters = [.. parameters],
            Reactions = reactions,
            InitialAssignments = [.. initialMath.Select(kv => new InitialAssignment(kv.Key, kv.Value))],
            Rules = [.. rules],
            Events = events,
            ModelUnits = modelUnits,
        };
    }

    /// <summary>
    /// The species a kinetic law reads that are neither reactants nor products, each once, in the order first read.
    /// A reaction usually has few participants and modifiers: up to <see cref="SearchedDirectly"/> of them the lists are
    /// searched directly, beyond that through hash sets.
    /// </summary>
    private static ImmutableArray<string> Modifiers(Expr law, HashSet<string> speciesIds,
        ImmutableArray<SpeciesReference> reactants, ImmutableArray<SpeciesReference> products, List<string> read, Stack<Expr> work)
    {
        HashSet<string>? participantSet = reactants.Length + products.Length <= SearchedDirectly ? null
            : [.. reactants.Concat(products).Select(p => p.Species)];
        bool Participates(string id)
        {
            if (participantSet is not null) return participantSet.Contains(id);
            foreach (var p in reactants) if (p.Species == id) return true;
            foreach (var p in products) if (p.Species == id) return true;
            return false;
        }
        // Most laws read only their participants: the list is made at the first modifier.
        ImmutableArray<string>.Builder? found = null;
        HashSet<string>? foundSet = null;
        read.Clear();
        AddSymbols(law, read, work);
        foreach (string n in read)
        {
            if (!speciesIds.Contains(n) || Participates(n)) continue;
            found ??= ImmutableArray.CreateBuilder<string>();
            if (foundSet is null && found.Count > SearchedDirectly) foundSet = new(found, StringComparer.Ordinal);
            if (foundSet is null ? !found.Contains(n) : foundSet.Add(n)) found.Add(n);
        }
        return found is null ? [] : found.ToImmutable();
    }

    private const int SearchedDirectly = 8;

    /// <summary>
    /// Appends the symbols <paramref name="e"/> reads, in the order of <see cref="Expr.Symbols"/>, with the caller's work
    /// stack (empty between calls): the checks and the assembly read every law of the model.
    /// </summary>
    private static void AddSymbols(Expr e, List<string> into, Stack<Expr> work)
    {
        work.Push(e);
        while (work.Count > 0)
            switch (work.Pop())
            {
                case SymbolExpr s: into.Add(s.Name); break;
                case CallExpr c:
                    for (int i = c.Args.Length - 1; i >= 0; i--) work.Push(c.Args[i]);
                    break;
            }
    }

    private static string? UnitIf(IReadOnlyList<UnitDefinition> units, string id) => units.Any(u => u.Id == id) ? id : null;

    /// <summary>A species written twice on one side (<c>A + A</c>) is one reference with the summed stoichiometry.</summary>
    private static ImmutableArray<SpeciesReference> Merge(List<Participant> side)
    {
        var result = ImmutableArray.CreateBuilder<SpeciesReference>(side.Count);
        foreach (var p in side)
        {
            int i = 0;
            while (i < result.Count && result[i].Species != p.Species) i++;
            if (i < result.Count) result[i] = new SpeciesReference(p.Species, result[i].Stoichiometry + p.Stoichiometry);
            else result.Add(new SpeciesReference(p.Species, p.Stoichiometry));
        }
        return result.Count == result.Capacity ? result.MoveToImmutable() : result.ToImmutable();
    }
}
