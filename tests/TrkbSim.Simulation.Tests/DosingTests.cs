using TrkbSim.Modeling;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests;

public class DosingTests
{
    private const double Ke = 0.15, Dose = 100, Tau = 12, Vd = 40;
    private const int Doses = 10;

    /// <summary>Superposition of first-order elimination after each bolus at 0, tau, 2 tau, ...</summary>
    private static double Closed(double t)
    {
        double a = 0;
        for (int i = 0; i < Doses; i++)
        {
            double ti = i * Tau;
            if (ti <= t) a += Dose * Math.Exp(-Ke * (t - ti));
        }
        return a;
    }

    private static void AssertMatchesSuperposition(SimulationResult r)
    {
        var amount = r.Column("amount(A)");
        var conc = r.Column("A");
        for (int i = 0; i < r.Times.Length; i++)
        {
            double expected = Closed(r.Times[i]);
            Assert.Equal(expected, amount[i], 1e-7 * Math.Max(1, expected));
            Assert.Equal(expected / Vd, conc[i], 1e-7);
        }
    }

    [Fact]
    public void TenSeparateDoseEventsMatchSuperposition()
    {
        var doses = Enumerable.Range(0, Doses)
            .Select(i => At($"time >= {i * Tau}", ("A", $"A + {Dose}/V")) with { InitialValue = false });
        var model = Model(compartments: [new Compartment("V", Vd)], species: [Amount("A", 0)], parameters: [P("ke", Ke)],
            reactions: [R("elim", "ke*A*V", ["A"], [])], events: doses);
        var r = Simulate(model, Settings(150, 300, rtol: 1e-10, atol: 1e-12) with { Variables = ["A", "amount(A)"] });
        AssertMatchesSuperposition(r);
        Assert.True(r.Statistics.Restarts >= Doses - 1, $"restarts: {r.Statistics.Restarts}");
    }

    [Fact]
    public void SelfReschedulingDoseEventMatchesSuperposition()
    {
        // One event: at time >= next, add a dose and move next on by tau, while doses remain.
        var ev = At("time >= next", ("A", "A + dose/V"), ("next", "piecewise(next + tau, given < 9, 1e300)"), ("given", "given + 1"))
            with
        { InitialValue = false };
        var model = Model(compartments: [new Compartment("V", Vd)], species: [Amount("A", 0)],
            parameters: [P("ke", Ke), P("dose", Dose), P("tau", Tau), P("next", 0, false), P("given", 0, false)],
            reactions: [R("elim", "ke*A*V", ["A"], [])], events: [ev]);
        var compiled = ModelCompiler.Compile(model);
        var r = compiled.CreateSimulator().Run(Settings(150, 300, rtol: 1e-10, atol: 1e-12) with { Variables = ["A", "amount(A)", "given"] });
        AssertMatchesSuperposition(r);
        Assert.Equal(10, r.Column("given")[^1]);
    }

    [Fact]
    public void DoseBetweenOutputTimesIsNotLost()
    {
        // Outputs every 10 h, doses at 0, 12, 24, ...: the dose at 12 must show in the value at 20.
        var doses = Enumerable.Range(0, Doses)
            .Select(i => At($"time >= {i * Tau}", ("A", $"A + {Dose}/V")) with { InitialValue = false });
        var model = Model(compartments: [new Compartment("V", Vd)], species: [Amount("A", 0)], parameters: [P("ke", Ke)],
            reactions: [R("elim", "ke*A*V", ["A"], [])], events: doses);
        var r = Simulate(model, Settings(120, 12, rtol: 1e-10) with { Variables = ["A", "amount(A)"] });
        AssertMatchesSuperposition(r);
    }

    /// <summary>Superposition of first-order elimination after a bolus of <see cref="Dose"/> at each of the given times.</summary>
    private static double ClosedAt(IEnumerable<double> doseTimes, double t) =>
        doseTimes.Where(ti => ti <= t).Sum(ti => Dose * Math.Exp(-Ke * (t - ti)));

    [Fact]
    public void ManyDoseEventsInAnyModelOrderAndAtEqualTimesMatchSuperposition()
    {
        // 300 dose events written in shuffled order, two of them at each of 20 shared times: the simulator must stop at
        // every dose time and give every dose (its next stop is found among the events sorted by time). The doses take
        // their values when they execute, so two at one time add up (values from the trigger time would not).
        var random = new Random(7);
        var times = Enumerable.Range(0, 280).Select(_ => Math.Round(random.NextDouble() * 290, 3))
            .Concat(Enumerable.Range(0, 20).Select(i => 10.5 * i + 1)).Concat(Enumerable.Range(0, 20).Select(i => 10.5 * i + 1))
            .OrderBy(_ => random.Next()).ToList();
        var doses = times.Select(ti => At($"time >= {ti.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}", ("A", $"A + {Dose}/V"))
            with
        { InitialValue = false, UseValuesFromTriggerTime = false });
        var model = Model(compartments: [new Compartment("V", Vd)], species: [Amount("A", 0)], parameters: [P("ke", Ke)],
            reactions: [R("elim", "ke*A*V", ["A"], [])], events: doses);
        var r = Simulate(model, Settings(300, 600, rtol: 1e-10, atol: 1e-12) with { Variables = ["amount(A)"] });
        var amount = r.Column("amount(A)");
        for (int i = 0; i < r.Times.Length; i++)
        {
            double expected = ClosedAt(times, r.Times[i]);
            Assert.True(Math.Abs(expected - amount[i]) <= 1e-7 * Math.Max(1, expected), $"t = {r.Times[i]}: {amount[i]}, expected {expected}");
        }
        Assert.True(r.Statistics.Restarts >= times.Distinct().Count() - 1, $"restarts: {r.Statistics.Restarts}");
    }

    [Theory]
    [InlineData(5.0, 5.0)]   // moved later than now: the dose comes exactly at the new time
    [InlineData(0.5, 1.0)]   // moved into the past: the trigger is true at once, the dose comes when it moved
    public void AnEventThatMovesAnotherEventsTimeMovesItsDose(double movedTo, double expectedDose)
    {
        // "mover" sets T at time 1; "dose" fires at time >= T (100 at first); "other" at time >= 20 reads nothing mover
        // assigns. A simulator that kept the stale time of "dose" would give it at 100, or step past the new time.
        var model = Model(compartments: [new Compartment("V", Vd)], species: [Amount("A", 0)],
            parameters: [P("ke", Ke), P("T", 100, false)], reactions: [R("elim", "ke*A*V", ["A"], [])],
            events: [
                At("time >= 1", ("T", movedTo.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) with { InitialValue = false },
                At("time >= T", ("A", $"A + {Dose}/V")) with { InitialValue = false },
                At("time >= 20", ("A", $"A + {Dose}/V")) with { InitialValue = false },
            ]);
        var r = Simulate(model, Settings(40, 400, rtol: 1e-10, atol: 1e-12) with { Variables = ["amount(A)"] });
        var amount = r.Column("amount(A)");
        for (int i = 0; i < r.Times.Length; i++)
        {
            double expected = ClosedAt([expectedDose, 20], r.Times[i]);
            Assert.Equal(expected, amount[i], 1e-7 * Math.Max(1, expected));
        }
    }

    [Fact]
    public void TheStateAfterARunIsTheEndStateWhenNoOutputRowFallsInTheLastSteps()
    {
        // Outputs at 0 and 1 only, the run goes on to 30 past a dose at 12: the last steps have no event and no output
        // row (their state stays in the solver), and the simulator's state afterwards must still be the one at 30.
        var model = Model(compartments: [new Compartment("V", Vd)], species: [Amount("A", 0)], parameters: [P("ke", Ke)],
            reactions: [R("elim", "ke*A*V", ["A"], [])],
            events: [At("time >= 12", ("A", $"A + {Dose}/V")) with { InitialValue = false }]);
        var compiled = ModelCompiler.Compile(model);
        var sparse = compiled.CreateSimulator();
        var full = compiled.CreateSimulator();
        sparse.Run(Settings(30) with { Times = [0, 1], End = 30, Variables = ["amount(A)"] });
        var r = full.Run(Settings(30) with { Times = [0, 1, 30], End = 30, Variables = ["amount(A)"] });
        Assert.Equal(30, sparse.Time);
        Assert.Equal(full.GetState(), sparse.GetState());
        Assert.Equal(r.Column("amount(A)")[^1], sparse.Get("amount(A)"));
        Assert.Equal(ClosedAt([12], 30), sparse.Get("amount(A)"), 1e-7 * ClosedAt([12], 30));
    }

    [Fact]
    public void Dose_times_set_between_runs_are_stepped_to_in_their_new_order()
    {
        // Doses at time >= a and time >= b; one simulator runs with a < b, then with a moved past b, then back: each run
        // gives both doses at their own times (the simulator keeps the events sorted by time between runs).
        var model = Model(compartments: [new Compartment("V", Vd)], species: [Amount("A", 0)],
            parameters: [P("ke", Ke), P("a", 5), P("b", 10)], reactions: [R("elim", "ke*A*V", ["A"], [])],
            events: [
                At("time >= a", ("A", $"A + {Dose}/V")) with { InitialValue = false },
                At("time >= b", ("A", $"A + {Dose}/V")) with { InitialValue = false },
            ]);
        var sim = ModelCompiler.Compile(model).CreateSimulator();
        foreach (var (a, b) in new[] { (5.0, 10.0), (15.0, 10.0), (2.5, 10.0) })
        {
            sim.Set("a", a);
            sim.Set("b", b);
            var r = sim.Run(Settings(20, 200, rtol: 1e-10, atol: 1e-12) with { Variables = ["amount(A)"] });
            var amount = r.Column("amount(A)");
            for (int i = 0; i < r.Times.Length; i++)
            {
                double expected = ClosedAt([a, b], r.Times[i]);
                Assert.True(Math.Abs(expected - amount[i]) <= 1e-7 * Math.Max(1, expected), $"a = {a}: t = {r.Times[i]}: {amount[i]}, expected {expected}");
            }
        }
    }
}
