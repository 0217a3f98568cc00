using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;
using static TrkbSim.Simulation.Compilation.Simplifier;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// Compilation phase 2, math resolution: rewrites all model math (computed slots, state rates with stoichiometry and
/// conversion factors, initial assignments, event math) into expressions over slots, time and numbers. Symbols become
/// slots (concentrations where math means them), function calls are inlined, each distinct delay(x, tau) gets a p slot
/// and rateOf is differentiated along the solution. Definitions and rates are built on demand, so that rateOf can ask
/// for any of them, and once. Math is resolved in a fixed order (computed slots, rates, initial assignments in model
/// order, events) so that delay slots are numbered the same way every time.
/// </summary>
internal sealed class MathResolver
{
    private readonly ClassifiedModel _c;
    private readonly Expr?[] _definitions;
    private readonly bool[] _definitionBuilding;
    private readonly Expr?[] _rates;
    private readonly bool[] _rateBuilding;
    private readonly Dictionary<int, Expr> _computedRateMemo = [];
    private readonly HashSet<int> _computedRateBuilding = [];
    /// <summary>For each state, the reaction participations (reaction index, reference index, is product) in reaction order; built on first use.</summary>
    private List<(int Reaction, int Ref, bool Product)>?[]? _participation;
    /// <summary>The slot of each reaction's rate, by reaction index; built with <see cref="_participation"/>.</summary>
    private SlotExpr[] _reactionSlots = [];
    private readonly List<DelayTerm> _delays = [];
    private readonly Dictionary<(Expr X, Expr Tau), int> _delayIndex = [];
    /// <summary>Resolving the x of a delay as it is before the start: rateOf there sees the states stand still.</summary>
    private bool _frozenRates;

    private MathResolver(ClassifiedModel classified)
    {
        _c = classified;
        _definitions = new Expr?[classified.Computed.Length];
        _definitionBuilding = new bool[classified.Computed.Length];
        _rates = new Expr?[classified.States.Length];
        _rateBuilding = new bool[classified.States.Length];
    }

    /// <summary>Resolves the math of a classified model; throws <see cref="ModelException"/> for math it cannot compile.</summary>
    public static ResolvedModel Resolve(ClassifiedModel classified) => new MathResolver(classified).Run();

    private ResolvedModel Run()
    {
        foreach (var c in _c.Computed) Definition(c);
        for (int j = 0; j < _rates.Length; j++) Rate(j);

        var initialAssignments = new Expr?[_c.Ordered.Length];
        foreach (var s in _c.Ordered)
            if (s.Storage != Storage.Computed && s.InitialAssignment is not null)
                initialAssignments[s.Ordinal] = Resolve(s.InitialAssignment, $"initial assignment for '{s.Id}'", null);

        var model = _c.Model;
        var events = ImmutableArray.CreateBuilder<ResolvedEvent>(model.Events.Length);
        for (int k = 0; k < model.Events.Length; k++)
        {
            var e = model.Events[k];
            string name = SymbolClassifier.EventName(e, k);
            var trigger = Resolve(e.Trigger, $"trigger of event {name}", null);
            var delay = e.Delay is null ? null : Resolve(e.Delay, $"delay of event {name}", null);
            var priority = e.Priority is null ? null : Resolve(e.Priority, $"priority of event {name}", null);
            var values = e.Assignments.Select(a => Resolve(a.Math, $"assignment to '{a.Variable}' in event {name}", null)).ToImmutableArray();
            events.Add(new ResolvedEvent(trigger, delay, priority, values));
        }

        // Fast reactions: their rates become flux slots that the simulator fills (after every other slot is numbered).
        int parameterCount = _c.ParameterCount + _delays.Count;
        var fast = FastReactionReduction.Reduce(_c, _definitions!, IsDelaySlot, ref parameterCount);

        // The arrays are complete and this resolver ends here: they are handed over without a copy.
        return new ResolvedModel(
            ImmutableCollectionsMarshal.AsImmutableArray<Expr>(_definitions!),
            ImmutableCollectionsMarshal.AsImmutableArray<Expr>(_rates!),
            ImmutableCollectionsMarshal.AsImmutableArray(initialAssignments),
            events.MoveToImmutable(),
            [.. _delays],
            fast,
            parameterCount);
    }

    private Expr Resolve(Expr e, string ctx, IReadOnlyDictionary<string, Expr>? locals, HashSet<string>? inlining = null)
    {
        switch (e)
        {
            case NumberExpr or TimeExpr or SlotExpr: return e;
            case ConstantExpr k: return new NumberExpr(k.Value);
            case SymbolExpr s:
                if (locals is not null && locals.TryGetValue(s.Name, out var local)) return local;
                if (_c.Symbols.TryGetValue(s.Name, out var sym)) return _c.MathValue(sym);
                throw new ModelException($"unknown id '{s.Name}' in {ctx}");
            case CallExpr c:
                if (Ops.Arity.TryGetValue(c.Op, out var arity))
                {
                    if (c.Args.Length < arity.Min || (arity.Max >= 0 && c.Args.Length > arity.Max))
                        throw new ModelException($"'{c.Op}' with {c.Args.Length} arguments in {ctx}");
                    var resolvedArgs = new Expr[c.Args.Length];
                    for (int i = 0; i < resolvedArgs.Length; i++) resolvedArgs[i] = Resolve(c.Args[i], ctx, locals, inlining);
                    var args = ImmutableCollectionsMarshal.AsImmutableArray(resolvedArgs);
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
                if (!_c.Functions.TryGetValue(c.Op, out var f))
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
            _delays.Add(new DelayTerm(x, xBefore, tau, _c.ParameterCount + k, ctx));
            _delayIndex[(x, tau)] = k;
        }
        return new SlotExpr(SlotArray.P, _delays[k].PIndex);
    }

    /// <summary>Delay slots are the only p slots this phase adds, numbered from the classified count on.</summary>
    private bool IsDelaySlot(SlotExpr s) =>
        s.Array == SlotArray.P && s.Index >= _c.ParameterCount && s.Index < _c.ParameterCount + _delays.Count;

    private Expr Definition(ComputedSlot c)
    {
        if (_definitions[c.Index] is { } done) return done;
        if (_definitionBuilding[c.Index]) throw new ModelException($"circular rateOf() dependency through '{c.Name}'");
        _definitionBuilding[c.Index] = true;
        var d = c.Math is null ? Expr.Zero : Resolve(c.Math, c.Context, c.Locals);
        _definitionBuilding[c.Index] = false;
        return _definitions[c.Index] = d;
    }

    /// <summary>d/dt of an expression while the states stand still (before the start): only time and its rules change.</summary>
    private Expr FrozenDerivative(Expr e) => Differentiator.D(e, leaf => leaf switch
    {
        TimeExpr => Expr.One,
        SlotExpr { Array: SlotArray.P } s when _c.ComputedAt(s.Index) is { } c => FrozenDerivative(Definition(c)),
        _ => Expr.Zero,
    });

    /// <summary>d/dt of a resolved expression along the solution (rateOf): chain rule through states and rules.</summary>
    private Expr TotalDerivative(Expr e, string ctx) => Differentiator.D(e, leaf => leaf switch
    {
        TimeExpr => Expr.One,
        SlotExpr { Array: SlotArray.Y } s => Rate(s.Index),
        SlotExpr { Array: SlotArray.P } s when _c.ComputedAt(s.Index) is { } c => ComputedRate(c, ctx),
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
        var s = _c.States[j];
        if (_rateBuilding[j]) throw new ModelException($"circular rateOf() dependency through '{s.Id}'");
        _rateBuilding[j] = true;
        Expr r;
        if (s.RateRule is not null)
        {
            r = Resolve(s.RateRule, $"rate rule for '{s.Id}'", null);
            if (s.IsSpecies && !s.HasOnlySubstanceUnits)
            {
                // The rule gives d(concentration)/dt; the state is the amount: dA/dt = V dC/dt + C dV/dt.
                var v = _c.MathValue(_c.Symbols[s.CompartmentId!]);
                var dv = TotalDerivative(v, $"size of compartment '{s.CompartmentId}'");
                r = Simplifier.Add(Mul(v, r), Mul(_c.MathValue(s), dv));
            }
        }
        else r = ReactionRate(s);
        _rateBuilding[j] = false;
        return (_rates[j] = r)!;
    }

    private Expr ReactionRate(SymbolInfo s)
    {
        var reactions = _c.Model.Reactions;
        if (_participation is null) FindParticipations();
        var terms = new List<Expr>();
        if (_participation![s.Index] is { } list)
            foreach (var (ri, k, product) in list)
            {
                var term = Mul(Stoichiometry(reactions[ri], ri, k, product), _reactionSlots[ri]);
                terms.Add(product ? term : Neg(term));
            }
        var sp = _c.SpeciesById[s.Id];
        var cfId = sp.ConversionFactor ?? _c.Model.ConversionFactor;
        var sum = Sum(CollectionsMarshal.AsSpan(terms));
        if (cfId is null) return sum;
        if (!_c.Symbols.TryGetValue(cfId, out var cf) || cf.Kind != SymbolKind.Parameter)
            throw new ModelException($"conversion factor '{cfId}' of species '{s.Id}' is not a parameter");
        return Mul(_c.MathValue(cf), sum);
    }

    /// <summary>Every reaction's slot and, for each state, where it takes part in a reaction (by state index: no lookup by name per state).</summary>
    private void FindParticipations()
    {
        var reactions = _c.Model.Reactions;
        _participation = new List<(int, int, bool)>?[_c.States.Length];
        _reactionSlots = new SlotExpr[reactions.Length];
        for (int ri = 0; ri < reactions.Length; ri++)
        {
            var rx = reactions[ri];
            _reactionSlots[ri] = _c.Symbols[rx.Id].Slot;
            for (int k = 0; k < rx.Reactants.Length; k++) Participate(rx.Reactants[k].Species, (ri, k, false));
            for (int k = 0; k < rx.Products.Length; k++) Participate(rx.Products[k].Species, (ri, k, true));
        }
    }

    private void Participate(string species, (int, int, bool) entry)
    {
        var s = _c.Symbols[species];
        if (s.Storage == Storage.State) (_participation![s.Index] ??= []).Add(entry);
    }

    private Expr Stoichiometry(Reaction r, int ri, int k, bool product)
    {
        var sr = product ? r.Products[k] : r.Reactants[k];
        if (sr.Id is not null) return _c.MathValue(_c.Symbols[sr.Id]);
        if (_c.StoichiometryMath.TryGetValue((ri, k, product), out var c)) return new SlotExpr(SlotArray.P, c.PIndex);
        return Num(sr.Stoichiometry ?? 1.0);
    }
}
