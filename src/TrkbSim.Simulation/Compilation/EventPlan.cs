using System.Collections.Immutable;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// The result of event planning (<see cref="EventPlanner"/>): the run-time facts of each event and the math its
/// delegates are emitted from, both in model order. Read-only.
/// </summary>
internal sealed record EventPlan(ImmutableArray<CompiledEvent> Events, ImmutableArray<EventMath> Math);

/// <summary>
/// One event's math as emitted. ScheduledTime: for a time-only trigger, the time E of "time &gt;= E" or "time &lt; E"
/// (the trigger is rewritten to that form); null for other triggers.
/// </summary>
internal sealed record EventMath(Expr Trigger, Expr? ScheduledTime, Expr? Delay, Expr? Priority, ImmutableArray<Expr> Values);
