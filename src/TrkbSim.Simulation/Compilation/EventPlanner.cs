using System.Collections.Immutable;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// Compilation phase 4, events: recognises time-only triggers (which the solver steps to exactly) and describes each
/// event for the simulator (<see cref="CompiledEvent"/>) next to the math its delegates are emitted from.
/// </summary>
internal static class EventPlanner
{
    public static EventPlan Plan(ClassifiedModel classified, ResolvedModel resolved)
    {
        var model = classified.Model;
        int count = model.Events.Length;
        var math = ImmutableArray.CreateBuilder<EventMath>(count);
        var reads = new int[count][];
        for (int k = 0; k < count; k++)
        {
            var r = resolved.Events[k];
            var trigger = r.Trigger;
            var scheduledTime = ScheduledForm(classified, resolved, ref trigger);
            math.Add(new EventMath(trigger, scheduledTime, r.Delay, r.Priority, r.Values));
            reads[k] = scheduledTime is null ? [] : StoredSlotsRead(scheduledTime);
        }
        // The scheduled events that read a stored value, by that value's slot: an event that assigns the slot moves them.
        var readers = new Dictionary<int, List<int>>();
        for (int k = 0; k < count; k++)
            foreach (int slot in reads[k])
            {
                if (!readers.TryGetValue(slot, out var list)) readers[slot] = list = [];
                list.Add(k);
            }

        var events = ImmutableArray.CreateBuilder<CompiledEvent>(count);
        for (int k = 0; k < count; k++)
        {
            var e = model.Events[k];
            var r = resolved.Events[k];
            // Apply non-species targets first so that species concentrations convert with the new compartment sizes.
            var targets = e.Assignments.Select(a => classified.Symbols[a.Variable]).ToArray();
            var moved = new SortedSet<int>();
            foreach (var target in targets)
                if (target.Array == SlotArray.P && readers.TryGetValue(target.Index, out var list)) moved.UnionWith(list);
            events.Add(new CompiledEvent
            {
                Index = k, Name = SymbolClassifier.EventName(e, k), Persistent = e.Persistent, InitialValue = e.InitialValue,
                UseValuesFromTriggerTime = e.UseValuesFromTriggerTime, HasDelay = r.Delay is not null,
                HasPriority = r.Priority is not null, Scheduled = math[k].ScheduledTime is not null, Targets = targets,
                TargetCompartments = [.. targets.Select(s => s.IsSpecies && !s.HasOnlySubstanceUnits ? classified.Symbols[s.CompartmentId!] : null)],
                Reschedules = [.. moved],
            });
        }
        return new EventPlan(events.MoveToImmutable(), math.MoveToImmutable());
    }

    /// <summary>The parameter-array slots an expression reads (for a scheduled time: stored values only), ascending.</summary>
    private static int[] StoredSlotsRead(Expr e) =>
        [.. ExprWalk.Slots(e).Where(s => s.Array == SlotArray.P).Select(s => s.Index).Distinct().Order()];

    /// <summary>
    /// Recognises time-only triggers (time vs an expression that changes only at events) and rewrites them to
    /// "time &gt;= E" or "time &lt; E", so that the transition happens exactly at E, where the solver stops.
    /// </summary>
    private static Expr? ScheduledForm(ClassifiedModel classified, ResolvedModel resolved, ref Expr trigger)
    {
        if (trigger is not CallExpr { Args.Length: 2 } c || !Ops.IsRelational(c.Op) || c.Op is Ops.Eq or Ops.Neq) return null;
        bool timeLeft = c.Args[0] is TimeExpr, timeRight = c.Args[1] is TimeExpr;
        if (timeLeft == timeRight) return null;
        var other = timeLeft ? c.Args[1] : c.Args[0];
        if (!IsEventConstant(classified, resolved, other)) return null;
        // Normalise to "time OP E".
        string op = timeLeft ? c.Op : c.Op switch { Ops.Gt => Ops.Lt, Ops.Lt => Ops.Gt, Ops.Geq => Ops.Leq, _ => Ops.Geq };
        bool rising = op is Ops.Gt or Ops.Geq;
        trigger = new CallExpr(rising ? Ops.Geq : Ops.Lt, [TimeExpr.Instance, other]);
        return other;
    }

    /// <summary>The expression reads only stored values and numbers: it changes only at events.</summary>
    private static bool IsEventConstant(ClassifiedModel classified, ResolvedModel resolved, Expr e)
    {
        var stack = new Stack<Expr>();
        stack.Push(e);
        while (stack.Count > 0)
            switch (stack.Pop())
            {
                case TimeExpr: return false;
                case SlotExpr { Array: SlotArray.Y }: return false;
                case SlotExpr { Array: SlotArray.P } s when classified.ComputedAt(s.Index) is not null || resolved.IsDelaySlot(s): return false;
                case CallExpr call: foreach (var a in call.Args) stack.Push(a); break;
            }
        return true;
    }
}
