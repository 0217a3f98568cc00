using System.Linq.Expressions;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;
using TrkbSim.Numerics.LinearAlgebra;
using static TrkbSim.Simulation.Compilation.ExprWalk;
using static TrkbSim.Simulation.Compilation.Simplifier;
using L = System.Linq.Expressions.Expression;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// Compilation phase 5, emission: turns the resolved and ordered math into delegates (rules, right-hand side,
/// Jacobian, initialisation, delays, events, root functions) and assembles the <see cref="CompiledModel"/>. Large
/// models are compiled in chunks of statements, in parallel.
/// </summary>
internal sealed class ModelEmitter
{
    private readonly ClassifiedModel _classified;
    private readonly ResolvedModel _resolved;
    private readonly EvaluationOrder _order;
    private readonly EventPlan _events;
    private readonly ParameterExpression _t = L.Parameter(typeof(double), "t");
    private readonly ParameterExpression _y = L.Parameter(typeof(double[]), "y");
    private readonly ParameterExpression _p = L.Parameter(typeof(double[]), "p");
    private readonly ParameterExpression _o = L.Parameter(typeof(double[]), "output");
    private readonly LinqEmitter _em;

    private ModelEmitter(ClassifiedModel classified, ResolvedModel resolved, EvaluationOrder order, EventPlan events)
    {
        (_classified, _resolved, _order, _events) = (classified, resolved, order, events);
        _em = new LinqEmitter(_t, _y, _p);
    }

    public static CompiledModel Emit(ClassifiedModel classified, ResolvedModel resolved, EvaluationOrder order, EventPlan events) =>
        new ModelEmitter(classified, resolved, order, events).Run();

    private CompiledModel Run()
    {
        var (t, y, p, o, em) = (_t, _y, _p, _o, _em);
        var model = _classified.Model;
        var computedOrder = _order.Computed;
        var definitions = _resolved.Definitions;
        var rates = _resolved.Rates;

        // Large models are compiled in chunks: the expression compiler and the JIT both slow down on huge methods.
        // Rules that read only stored values are evaluated when those change (initialisation, events), not per
        // evaluation of the right-hand side: the varying part never feeds the invariant one, so the order holds.
        // The Jacobian's derivatives only read the finished phases: they are worked out while the rules and rates compile.
        var jacobianWork = Task.Run(() => JacobianBuilder.Build(_classified, _resolved, _order));
        var invariant = _order.Invariant;
        ComputeFunction Emit(IEnumerable<ComputedSlot> slots) => Compose(StatementCompiler.Compile<ComputeFunction>(
            [.. slots.Select(c => new Assignment(AssignmentTarget.P, c.PIndex, definitions[c.Index]))], em, null, t, y, p));
        var computeInvariant = Emit(computedOrder.Where(c => invariant[c.Index]));
        var compute = Emit(computedOrder.Where(c => !invariant[c.Index]));
        // The right-hand side evaluates only the varying rules that some rate reads; rules read only by outputs, events
        // or the Jacobian (e.g. a score derived from the states) are evaluated by Compute when those ask.
        var readByRates = _order.ReadByRates;
        var varyingForRates = computedOrder.Where(c => !invariant[c.Index] && readByRates[c.Index]).ToList();
        var computeForRates = varyingForRates.Count == computedOrder.Count(c => !invariant[c.Index]) ? compute : Emit(varyingForRates);

        var rateStatements = new List<Assignment>(rates.Length);
        for (int j = 0; j < rates.Length; j++)
            rateStatements.Add(new Assignment(AssignmentTarget.Output, j, rates[j]));
        var rateParts = Compose(StatementCompiler.Compile<ModelFunction>(rateStatements, em, o, t, y, p, o));
        ModelFunction rhs = (tt, yy, pp, oo) => { computeForRates(tt, yy, pp); rateParts(tt, yy, pp, oo); };

        var jacobian = jacobianWork.GetAwaiter().GetResult();
        // The same statements over lanes of runs, compiled for a lane width when a batch first asks for it.
        var laneRhs = new LanePrograms(
            [.. varyingForRates.Select(c => new Assignment(AssignmentTarget.P, c.PIndex, definitions[c.Index])), .. rateStatements],
            jacobian.ParameterCount);
        // The Jacobian is compiled on first use: models that the explicit solver integrates never pay its JIT time.
        var jacParts = new Lazy<ModelFunction>(() => Compose(StatementCompiler.Compile<ModelFunction>(jacobian.Statements, em, o, t, y, p, o)),
            LazyThreadSafetyMode.ExecutionAndPublication);
        ModelFunction jac = (tt, yy, pp, oo) => { compute(tt, yy, pp); jacParts.Value(tt, yy, pp, oo); };
        var sparseParts = new Lazy<ModelFunction>(() => Compose(StatementCompiler.Compile<ModelFunction>(jacobian.SparseStatements, em, o, t, y, p, o)),
            LazyThreadSafetyMode.ExecutionAndPublication);
        ModelFunction sparseJac = (tt, yy, pp, oo) => { compute(tt, yy, pp); sparseParts.Value(tt, yy, pp, oo); };

        var init = EmitInit(out bool initUsesTime);
        var (delayTerms, delayValue, delayTime, delayValueBefore) = EmitDelays();
        var (triggers, scheduled, delay, priority, values) = EmitEvents();
        var roots = RootAtoms();
        var rootFunctions = roots.Count == 0 ? (_, _, _, _) => { }
        : L.Lambda<ModelFunction>(
            Block(roots.Select((g, i) => (L)L.Assign(L.ArrayAccess(o, L.Constant(i)), em.Double(g)))), t, y, p, o).Compile();

        var events = _events.Events;
        var fast = EmitFast();
        return new CompiledModel(model)
        {
            Warnings = [.. model.Reactions.Where(r => r.KineticLaw is null).Select(r =>
                $"reaction '{r.Id}' has no kinetic law; it is simulated with rate 0 (a flux-balance model needs a flux-balance solver)")],
            StateIds = _classified.States.Select(s => s.Id).ToArray(),
            ParameterIds = _classified.Ordered.Where(s => s.Storage == Storage.Stored).Select(s => s.Id).ToArray(),
            Rhs = rhs,
            LaneRhs = laneRhs,
            Jacobian = jac,
            JacobianNonZeros = jacobian.NonZeros,
            SparseJacobian = sparseJac,
            // The fast fluxes depend on every state: the simulator differentiates such models numerically, densely.
            JacobianPattern = fast is null ? jacobian.Pattern : DensePattern(_classified.States.Length),
            Symbols = _classified.Symbols,
            OrderedSymbols = _classified.Ordered,
            StateCount = _classified.States.Length,
            ParameterCount = jacobian.ParameterCount,
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
            Events = [.. events],
            MaxEventTargets = events.Length == 0 ? 0 : events.Max(e => e.Targets.Length),
            DelayTerms = delayTerms,
            DelayValue = delayValue,
            DelayTime = delayTime,
            DelayValueBeforeStart = delayValueBefore,
            InitUsesTime = initUsesTime,
            Fast = fast,
        };
    }

    private CompiledFastSystem? EmitFast()
    {
        if (_resolved.Fast is not { } f) return null;
        ModelFunction Outputs(IEnumerable<Expr> exprs) => Compose(StatementCompiler.Compile<ModelFunction>(
            [.. exprs.Select((e, k) => new Assignment(AssignmentTarget.Output, k, e))], _em, _o, _t, _y, _p, _o));
        return new CompiledFastSystem
        {
            Reactions = f.Reactions,
            FluxSlots = f.FluxSlots,
            DirectionBase = f.DirectionBase,
            DirectionTime = f.DirectionTime,
            Laws = Outputs(f.Laws),
            Directional = Outputs(f.Directional),
        };
    }

    private static SparsePattern DensePattern(int n)
    {
        var starts = new int[n + 1];
        var indices = new int[n * n];
        for (int i = 0; i < n; i++)
        {
            starts[i + 1] = (i + 1) * n;
            for (int j = 0; j < n; j++) indices[i * n + j] = j;
        }
        return new SparsePattern(n, starts, indices);
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

    // ---------------------------------------------------------------- initialisation

    /// <summary>One step of initialisation: a computed slot, or a stored/state symbol from its declared value or initial assignment.</summary>
    private sealed record InitStep(SlotArray Array, int Index, int Ordinal, Expr? Computed, Expr? Assignment, Expr? Size, bool ScaleAssignment);

    /// <summary>Initial values are interpreted, not compiled: they run once per simulation.</summary>
    private InitFunction EmitInit(out bool usesTime)
    {
        var ordered = _classified.Ordered;
        int m = ordered.Length;
        var steps = new List<InitStep>();
        foreach (int node in _order.Initialisation)
        {
            if (node >= m)
            {
                var c = _classified.Computed[node - m];
                steps.Add(new InitStep(SlotArray.P, c.PIndex, -1, _resolved.Definitions[c.Index], null, null, false));
                continue;
            }
            var s = ordered[node];
            if (s.Storage == Storage.Computed) continue;
            var size = s.StoredAsAmount ? _classified.MathValue(_classified.Symbols[s.CompartmentId!]) : null;
            var ia = _resolved.InitialAssignments[s.Ordinal];
            steps.Add(new InitStep(s.Array, s.Index, s.Ordinal, null, ia, size, size is not null && !s.HasOnlySubstanceUnits));
        }
        usesTime = steps.Any(st => new[] { st.Computed, st.Assignment, st.Size }.Any(e => e is not null && ContainsTime(e)));
        var program = WithoutUnreadRules(steps);
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

    /// <summary>
    /// The initialisation steps without the rules that no later step reads: every rule is evaluated again (compiled)
    /// right after initialisation, so a rule's value is needed here only when an initial value or size after it reads
    /// it. Walks the steps backwards, keeping every stored value's step and the rules those read, transitively.
    /// </summary>
    private static InitStep[] WithoutUnreadRules(List<InitStep> steps)
    {
        var read = new HashSet<int>();
        var keep = new bool[steps.Count];
        for (int i = steps.Count - 1; i >= 0; i--)
        {
            var st = steps[i];
            if (st.Computed is not null && !read.Contains(st.Index)) continue;
            keep[i] = true;
            foreach (var e in new[] { st.Computed, st.Assignment, st.Size })
                if (e is not null)
                    foreach (var slot in Slots(e))
                        if (slot.Array == SlotArray.P) read.Add(slot.Index);
        }
        return [.. steps.Where((_, i) => keep[i])];
    }

    // ---------------------------------------------------------------- delays

    /// <summary>
    /// Emits x and tau of every delay with the rules they read inlined, so that both can be evaluated from a state and the
    /// stored parameters alone (at a past time, from the history). Marks the delays that the right-hand side depends on.
    /// </summary>
    private (CompiledDelay[], DelayFunction, DelayFunction, DelayFunction) EmitDelays()
    {
        var delays = _resolved.Delays;
        if (delays.Length == 0)
            return ([], (_, _, _, _) => double.NaN, (_, _, _, _) => double.NaN, (_, _, _, _) => double.NaN);
        var definitions = _resolved.Definitions;
        var memo = new Dictionary<int, Expr>();
        Expr Inline(Expr e) => e.Rewrite(x => x is SlotExpr { Array: SlotArray.P } s && _classified.ComputedAt(s.Index) is { } c
            ? (memo.TryGetValue(c.Index, out var d) ? d : memo[c.Index] = Inline(definitions[c.Index]))
            : x);
        // Delay slots the rates read, directly or through rules.
        var rhsSlots = new HashSet<int>();
        var seen = new HashSet<int>();
        var stack = new Stack<Expr>(_resolved.Rates);
        while (stack.Count > 0)
            foreach (var s in Slots(stack.Pop()))
            {
                if (s.Array != SlotArray.P) continue;
                rhsSlots.Add(s.Index);
                if (_classified.ComputedAt(s.Index) is { } c && seen.Add(c.Index)) stack.Push(definitions[c.Index]);
            }
        var terms = new CompiledDelay[delays.Length];
        var xs = new Expr[delays.Length];
        var befores = new Expr[delays.Length];
        var taus = new Expr[delays.Length];
        for (int k = 0; k < delays.Length; k++)
        {
            var d = delays[k];
            xs[k] = Simplify(Inline(d.X));
            befores[k] = Simplify(Inline(d.XBefore));
            taus[k] = Simplify(Inline(d.Tau));
            if (Slots(xs[k]).Concat(Slots(taus[k])).Concat(Slots(befores[k])).Any(_resolved.IsDelaySlot))
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
            L.Switch(k0, L.Constant(double.NaN), exprs.Select((x, i) => L.SwitchCase(_em.Double(x), L.Constant(i))).ToArray()),
            k0, _em.T, _em.Y, _em.P).Compile();
        var value = Switch(xs);
        return (terms, value, Switch(taus), befores.SequenceEqual(xs) ? value : Switch(befores));
    }

    // ---------------------------------------------------------------- events

    private (TriggerFunction, EventScalarFunction, EventScalarFunction, EventScalarFunction, EventValuesFunction) EmitEvents()
    {
        var math = _events.Math;
        var em = _em;
        if (math.Length == 0)
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

    /// <summary>
    /// Continuous functions whose sign changes can flip a non-scheduled trigger: a - b for every relation a op b.
    /// Watching these (not only the trigger's truth value) catches a trigger that turns on and off within one step.
    /// </summary>
    private List<Expr> RootAtoms()
    {
        var atoms = new List<Expr>();
        var seen = new HashSet<Expr>();
        foreach (var m in _events.Math.Where(m => m.ScheduledTime is null))
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
}
