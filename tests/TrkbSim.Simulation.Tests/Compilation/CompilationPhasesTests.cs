using TrkbSim.Modeling;
using TrkbSim.Simulation.Compilation;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests.Compilation;

/// <summary>
/// The compiler's phases hand on what the next ones rely on: p slots numbered stored symbols, computed slots, then one
/// delay slot per distinct delay(x, tau) wherever it occurs (rules, initial assignments, events).
/// </summary>
public class CompilationPhasesTests
{
    [Fact]
    public void DelaySlotsFollowTheComputedSlotsAndAreSharedAcrossRulesInitialAssignmentsAndEvents()
    {
        var model = Model(parameters: [P("x", 0, false), P("y", null, false), P("z", null, false), P("seen", -1, false)],
            initial: [new InitialAssignment("z", E("delay(x, 2)"))],
            rules: [new RateRule("x", E("1")), new AssignmentRule("y", E("delay(x, 1)"))],
            events: [At("delay(x, 1) >= 2", ("seen", "delay(x, 2)")), At("time >= delay(x, 1)", ("seen", "1")), At("time >= z", ("seen", "2"))]);

        var classified = SymbolClassifier.Classify(model);
        // p: V, z, seen stored; y computed. y: x, the only state.
        Assert.Equal([Storage.Stored, Storage.State, Storage.Computed, Storage.Stored, Storage.Stored], classified.Ordered.Select(s => s.Storage));
        Assert.Equal([0, 0, 3, 1, 2], classified.Ordered.Select(s => s.Index));
        Assert.Equal(4, classified.ParameterCount);

        var resolved = MathResolver.Resolve(classified);
        Assert.Equal([(4, "assignment rule for 'y'"), (5, "initial assignment for 'z'")], resolved.Delays.Select(d => (d.PIndex, d.Context)));
        Assert.Equal(6, resolved.ParameterCount);
        Assert.Equal(new SlotExpr(SlotArray.P, 4), resolved.Definitions[classified.Symbols["y"].ComputedIndex]);
        Assert.Equal(new SlotExpr(SlotArray.P, 5), resolved.InitialAssignments[classified.Symbols["z"].Ordinal]);
        Assert.Equal(new SlotExpr(SlotArray.P, 5), resolved.Events[0].Values[0]);
        Assert.Equal([false, true, true, false], new[] { 3, 4, 5, 6 }.Select(i => resolved.IsDelaySlot(new SlotExpr(SlotArray.P, i))));
        Assert.False(resolved.IsDelaySlot(new SlotExpr(SlotArray.Y, 4)));

        // Time against a delayed value is not scheduled (the value changes between events); time against a stored one is.
        var plan = EventPlanner.Plan(classified, resolved);
        Assert.Equal([false, false, true], plan.Events.Select(e => e.Scheduled));

        var compiled = ModelCompiler.Compile(model);
        Assert.Equal([4, 5], compiled.DelayTerms.Select(d => d.PIndex));
        Assert.Equal(6, compiled.ParameterCount);
    }
}
