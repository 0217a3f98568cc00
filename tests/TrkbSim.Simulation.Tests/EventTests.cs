using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests;

public class EventTests
{
    private static Model Clock(params Event[] events) => Model(
        parameters: [P("x", 0, false), P("y", 0, false), P("tfire", -1, false), P("flag", 1, false)],
        rules: [new RateRule("x", E("1"))], events: events);

    [Fact]
    public void StateEventBetweenOutputPointsFiresAtTheCrossing()
    {
        // S = 10 e^-t crosses 1 at t = ln 10 (between outputs 2 and 3); the event records the time and refills S.
        var model = Model(species: [Amount("S", 10)], parameters: [P("tfire", -1, false)],
            reactions: [R("d", "S", ["S"], [])],
            events: [At("S < 1", ("tfire", "time"), ("S", "5"))]);
        var r = Simulate(model, Settings(3, 3) with { Variables = ["S", "tfire"] });
        Assert.Equal(Math.Log(10), r.Column("tfire")[^1], 1e-8);
        Assert.Equal(-1, r.Column("tfire")[2]);
        Assert.Equal(5 * Math.Exp(-(3 - Math.Log(10))), r.Column("S")[^1], 1e-7);
    }

    [Fact]
    public void TimeTriggerIsExactAndOutputAtEventTimeIsPostEvent()
    {
        var r = Simulate(Clock(At("x >= 2.5", ("tfire", "time"), ("y", "1"))), Settings(5, 10) with { Variables = ["y", "tfire"] });
        Assert.Equal(2.5, r.Column("tfire")[^1], 1e-12);
        Assert.Equal(0, r.Column("y")[4]);   // t = 2
        Assert.Equal(1, r.Column("y")[6]);   // t = 3
        // A time-only trigger is a scheduled stop: it fires exactly at 2.5 and the output at 2.5 is post-event.
        var s = Simulate(Clock(At("time >= 2.5", ("tfire", "time"), ("y", "1"))), Settings(5, 10) with { Variables = ["y", "tfire"] });
        Assert.Equal(2.5, s.Column("tfire")[^1]);
        Assert.Equal(0, s.Column("y")[4]);
        Assert.Equal(1, s.Column("y")[5]);
    }

    [Theory]
    [InlineData(true, 1.0)]
    [InlineData(false, 3.0)]
    public void DelayWithValuesFromTriggerOrExecutionTime(bool fromTrigger, double expected)
    {
        // Triggered at t = 1, executed at t = 3; y takes x (= time) from the trigger or the execution time.
        var ev = At("time >= 1", ("y", "x"), ("tfire", "time")) with { Delay = E("2"), UseValuesFromTriggerTime = fromTrigger };
        var r = Simulate(Clock(ev), Settings(4, 8) with { Variables = ["y", "tfire"] });
        Assert.Equal(expected, r.Column("y")[^1], 1e-9);
        Assert.Equal(expected, r.Column("tfire")[^1], 1e-9);
        Assert.Equal(0, r.Column("y")[5]); // t = 2.5: not yet executed
    }

    [Fact]
    public void TriggerThatTurnsOnAndOffWithinOneSolverStepIsNotMissed()
    {
        // x' = 1 is integrated exactly, so the solver takes very long steps; the window [1, 1.2) must still be seen.
        var r = Simulate(Clock(At("x >= 1 && x < 1.2", ("y", "y + 1"), ("tfire", "time"))), Settings(50, 1) with { Variables = ["y", "tfire"] });
        Assert.Equal(1, r.Column("y")[^1]);
        Assert.Equal(1, r.Column("tfire")[^1], 1e-12);
    }

    [Theory]
    [InlineData(true, 1.0)]
    [InlineData(false, 0.0)]
    public void NonPersistentEventIsCancelledWhenTriggerTurnsFalse(bool persistent, double expected)
    {
        // Trigger true on [1, 1.5); execution would be at t = 2.
        var ev = At("x >= 1 && x < 1.5", ("y", "1")) with { Delay = E("1"), Persistent = persistent };
        var r = Simulate(Clock(ev), Settings(3, 3) with { Variables = ["y"] });
        Assert.Equal(expected, r.Column("y")[^1]);
    }

    [Theory]
    [InlineData(10, 1, 3.0)]  // doubling first: 1*2 + 1
    [InlineData(1, 10, 4.0)]  // increment first: (1 + 1)*2
    public void PrioritiesOrderSimultaneousEvents(double pDouble, double pIncrement, double expected)
    {
        var model = Model(parameters: [P("v", 1, false)],
            events:
            [
                At("time >= 1", ("v", "v*2")) with { Priority = Expr.Num(pDouble), UseValuesFromTriggerTime = false },
                At("time >= 1", ("v", "v + 1")) with { Priority = Expr.Num(pIncrement), UseValuesFromTriggerTime = false },
            ]);
        var r = Simulate(model, Settings(2, 2) with { Variables = ["v"] });
        Assert.Equal(expected, r.Column("v")[^1]);
    }

    [Fact]
    public void HigherPriorityEventCanDisableANonPersistentOne()
    {
        var model = Clock(
            At("time >= 1", ("flag", "0")) with { Priority = Expr.Num(5) },
            At("time >= 1 && flag > 0", ("y", "1")) with { Priority = Expr.Num(1), Persistent = false });
        var r = Simulate(model, Settings(2, 2) with { Variables = ["y", "flag"] });
        Assert.Equal(0, r.Column("flag")[^1]);
        Assert.Equal(0, r.Column("y")[^1]);
    }

    [Fact]
    public void EventCascadeAtTheSameTime()
    {
        // The first event enables the second (trigger y > 0.5) within the same instant.
        var model = Clock(At("time >= 1", ("y", "1")), At("y > 0.5", ("tfire", "time"), ("flag", "2")));
        var r = Simulate(model, Settings(2, 2) with { Variables = ["tfire", "flag"] });
        Assert.Equal(1, r.Column("tfire")[^1]);
        Assert.Equal(2, r.Column("flag")[^1]);
    }

    [Theory]
    [InlineData(false, 1.0)]
    [InlineData(true, 0.0)]
    public void InitialValueDecidesWhetherAnEventFiresAtStart(bool initialValue, double expected)
    {
        var model = Clock(At("time >= 0", ("y", "1")) with { InitialValue = initialValue });
        var r = Simulate(model, Settings(1, 1) with { Variables = ["y"] });
        Assert.Equal(expected, r.Column("y")[0]);
        Assert.Equal(expected, r.Column("y")[^1]);
    }

    [Fact]
    public void EventFiresAgainAfterTriggerResets()
    {
        // x' = 1 with a reset to 0 whenever x >= 1: fires at t = 1, 2, 3 (count = 3 at t = 3.5).
        var model = Model(parameters: [P("x", 0, false), P("count", 0, false)], rules: [new RateRule("x", E("1"))],
            events: [At("x >= 1", ("x", "0"), ("count", "count + 1"))]);
        var r = Simulate(model, Settings(3.5, 7) with { Variables = ["x", "count"] });
        Assert.Equal(3, r.Column("count")[^1]);
        Assert.Equal(0.5, r.Column("x")[^1], 1e-9);
    }

    [Fact]
    public void EventOnSpeciesConcentrationAndCompartmentSize()
    {
        // At t = 1 set [S] = 4 in V = 2 (amount 8); at t = 2 double V: amount kept, concentration halves.
        var model = Model(compartments: [new Compartment("V", 2) { Constant = false }], species: [Conc("S", 1)],
            events: [At("time >= 1", ("S", "4")), At("time >= 2", ("V", "2*V"))]);
        var r = Simulate(model, Settings(3, 3) with { Variables = ["S", "amount(S)", "V"] });
        Assert.Equal([1, 4, 2, 2], r.Column("S").ToArray());
        Assert.Equal([2, 8, 8, 8], r.Column("amount(S)").ToArray());
        Assert.Equal([2, 2, 4, 4], r.Column("V").ToArray());
    }

    [Fact]
    public void EventChangesStoichiometry()
    {
        var model = Model(species: [Amount("B", 0)],
            reactions: [new Reaction("r") { Products = [new SpeciesReference("B") { Id = "n", Constant = false }], KineticLaw = E("1") }],
            events: [At("time >= 1", ("n", "3"))]);
        var r = Simulate(model, Settings(2, 2) with { Variables = ["B"] });
        Assert.Equal(4, r.Column("B")[^1], 1e-9);
    }
}
