using System.Collections.Immutable;
using TrkbSim.Modeling;
using Xunit.Abstractions;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests;

public class CompileOnceTests(ITestOutputHelper output)
{
    private static Model Pk(double ke, double v, double dose) => Model(
        compartments: [new Compartment("V", v)], species: [Conc("A", 0)],
        parameters: [P("ke", ke), P("dose", dose), P("tlag", 1)],
        reactions: [R("elim", "ke*A*V", ["A"], [])],
        initial: [new InitialAssignment("A", E("dose/V"))],
        events: [At("time >= tlag", ("A", "A + dose/V"))]);

    [Fact]
    public void SetGivesTheSameResultAsAFreshCompile()
    {
        var settings = Settings(10, 20);
        var sim = ModelCompiler.Compile(Pk(0.2, 5, 10)).CreateSimulator();
        sim.Set("ke", 0.35);
        sim.Set("V", 8);
        sim.Set("dose", 3);
        var viaSet = sim.Run(settings);
        var fresh = Simulate(Pk(0.35, 8, 3), settings);
        Assert.Equal(fresh.Columns, viaSet.Columns);
        for (int c = 0; c < fresh.Values.Length; c++) Assert.Equal(fresh.Values[c], viaSet.Values[c]);
        // The initial assignment A = dose/V follows the new values.
        Assert.Equal(3.0 / 8, viaSet.Column("A")[0]);
    }

    [Fact]
    public void EachRunReadsTheColumnsItAsksFor()
    {
        // One simulator, runs asking for different output columns in turn (it keeps the last run's column lookups):
        // every run's table has its own columns with the values a fresh simulator gives them.
        var compiled = ModelCompiler.Compile(Pk(0.2, 5, 10));
        var sim = compiled.CreateSimulator();
        string[][] asks = [["A"], ["amount(A)", "A"], ["A", "ke"], ["A"], ["amount(A)", "A"]];
        foreach (var columns in asks)
        {
            var settings = Settings(10, 20) with { Variables = [.. columns] };
            var r = sim.Run(settings);
            var fresh = compiled.CreateSimulator().Run(settings);
            Assert.Equal(columns, r.Columns);
            for (int c = 0; c < columns.Length; c++) Assert.Equal(fresh.Values[c], r.Values[c]);
        }
        Assert.Equal(5 * sim.Run(Settings(10, 20) with { Variables = ["A"] }).Column("A")[0],
            sim.Run(Settings(10, 20) with { Variables = ["amount(A)"] }).Column("amount(A)")[0], 12);
    }

    [Fact]
    public void ResetRestoresDefaultsAndRunsAreRepeatable()
    {
        var compiled = ModelCompiler.Compile(Pk(0.2, 5, 10));
        var sim = compiled.CreateSimulator();
        var first = sim.Run(Settings(10, 20));
        sim.Set("ke", 1);
        var changed = sim.Run(Settings(10, 20));
        Assert.NotEqual(first.Values[0][^1], changed.Values[0][^1]);
        sim.Reset();
        var again = sim.Run(Settings(10, 20));
        Assert.Equal(first.Values[0], again.Values[0]);
        Assert.Equal(first.Values[0], compiled.CreateSimulator().Run(Settings(10, 20)).Values[0]);
    }

    [Fact]
    public void SetSpeciesInitialValueIsAConcentration()
    {
        var model = Model(compartments: [new Compartment("V", 4)], species: [Amount("S", 1)]);
        var sim = ModelCompiler.Compile(model).CreateSimulator();
        sim.Set("S", 2);
        Assert.Equal(2, sim.Get("S"));
        Assert.Equal(8, sim.Get("amount(S)"));
        Assert.Throws<ModelException>(() => sim.Set("nope", 1));
    }

    [Fact]
    public void RhsAndJacobianDoNotAllocate()
    {
        var model = Model(
            compartments: [new Compartment("V", 1.5) { Constant = false }],
            species: [Amount("A", 2), Amount("B", 1)], parameters: [P("k", 0.3), P("q", null, false)],
            reactions: [R("r1", "k*A*q/(1 + B)", ["A"], ["B"]), R("r2", "piecewise(B, time > 1, 2*B)", ["B"], [])],
            rules: [new AssignmentRule("q", E("exp(-B) + sin(time)")), new RateRule("V", E("0.1"))]);
        var sim = ModelCompiler.Compile(model).CreateSimulator();
        var sys = sim.OdeSystem;
        var y = sim.GetState();
        var dydt = new double[sys.Dimension];
        var jac = new double[sys.Dimension * sys.Dimension];
        for (int i = 0; i < 10; i++) { sys.Derivatives(i, y, dydt); sys.Jacobian(i, y, jac); } // JIT warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) { sys.Derivatives(i * 1e-3, y, dydt); sys.Jacobian(i * 1e-3, y, jac); }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ThousandSpeciesChainCompilesAndRuns()
    {
        const int n = 1000;
        var species = Enumerable.Range(0, n).Select(i => Amount($"S{i}", i == 0 ? 1 : 0)).ToList();
        var reactions = Enumerable.Range(0, n - 1).Select(i => R($"R{i}", $"k*S{i}", [$"S{i}"], [$"S{i + 1}"])).ToList();
        var model = Model(species: species, parameters: [P("k", 1)], reactions: reactions);
        ModelCompiler.Compile(Model(species: [Amount("X", 1)])); // load and JIT the compiler itself
        var compiled = ModelCompiler.Compile(model);
        output.WriteLine($"1000-species chain: compile {compiled.CompileTime.TotalMilliseconds:F1} ms, " +
                         $"{compiled.StateCount} states, {compiled.JacobianNonZeros} Jacobian non-zeros");
        Assert.Equal(n, compiled.StateCount);
        Assert.Equal(2 * n - 2, compiled.JacobianNonZeros); // S999 has no outflow
        var r = compiled.CreateSimulator().Run(Settings(2, 2, rtol: 1e-8) with { Variables = ["S0", "S1", "S2"] });
        // Poisson chain: S_i(t) = t^i e^-t / i!
        Assert.Equal(Math.Exp(-2), r.Column("S0")[^1], 1e-8);
        Assert.Equal(2 * Math.Exp(-2), r.Column("S1")[^1], 1e-8);
        Assert.Equal(2 * Math.Exp(-2), r.Column("S2")[^1], 1e-8);
    }

    [Fact]
    public void SimulatorsOnSeveralThreadsShareOneCompiledModel()
    {
        var compiled = ModelCompiler.Compile(Pk(0.2, 5, 10));
        var expected = compiled.CreateSimulator().Run(Settings(10, 10)).Values[0];
        var results = new double[8][];
        Parallel.For(0, 8, i =>
        {
            var sim = compiled.CreateSimulator();
            for (int rep = 0; rep < 5; rep++) results[i] = sim.Run(Settings(10, 10)).Values[0];
        });
        foreach (var r in results) Assert.Equal(expected, r);
    }
}
