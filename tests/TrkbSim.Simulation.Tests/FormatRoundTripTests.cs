using TrkbSim.Modeling.Antimony;
using TrkbSim.Modeling.Sbml;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Simulation.Tests;

/// <summary>
/// Antimony -> SBML -> Antimony gives the same simulation for the engine's own kinds of models (reactions,
/// compartments, rules, events with delays and priorities, functions, doses), as the SBML issue requires.
/// </summary>
public sealed class FormatRoundTripTests
{
    public static TheoryData<string, string> Models => new()
    {
        { "mass action chain", "J1: A -> B; k1*A\nJ2: B -> C; k2*B\nA = 10; B = 0; C = 0\nk1 = 0.5; k2 = 0.2\n" },
        {
            "compartments and boundary species",
            "compartment cell = 2, ext = 5\nspecies S in cell, P in cell, $X in ext\nJ1: X -> S; kin*X\nJ2: S -> P; Vm*S/(Km + S)\nX = 3; S = 0; P = 0\nkin = 0.1; Vm = 1.5; Km = 0.4\n"
        },
        {
            "rules and functions",
            "function hill(x, k, n) x^n/(k^n + x^n) end\nx' = r*hill(y, 2, 3) - d*x\ny := 1 + sin(time)\nz := x*2\nx = 0.1; r = 1; d = 0.3\n"
        },
        {
            "events with delay, priority and trigger options",
            "J1: -> A; k0\nJ2: A -> ; k*A\nA = 0; k0 = 1; k = 0.1; flag = 0\nE1: at (A > 5), priority = 2: flag = 1\nE2: at 1 after (A > 5), t0 = false, fromTrigger = false: A = A/2\nE3: at time > 20, persistent = false: k = 0.5\n"
        },
        {
            "repeated doses",
            "J1: depot -> central; ka*depot\nJ2: central -> ; ke*central\ndepot = 0; central = 0; ka = 1; ke = 0.2; dose = 100\nat time >= 0, t0 = false: depot = depot + dose\nat time >= 24: depot = depot + dose\nat time >= 48: depot = depot + dose\n"
        },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void AntimonyToSbmlToAntimonySimulatesTheSame(string name, string text)
    {
        var original = AntimonyReader.Parse(text, name + ".ant");
        var viaSbml = SbmlReader.Read(SbmlWriter.Write(original), name + ".xml");
        var back = AntimonyReader.Parse(AntimonyWriter.Write(viaSbml), name + ".back.ant");
        var settings = new SimulationSettings { End = 60, Steps = 120, RelTol = 1e-10, AbsTol = 1e-12, Solver = "rodas5p" };
        var a = ModelCompiler.Compile(original).CreateSimulator().Run(settings);
        foreach (var other in new[] { viaSbml, back })
        {
            var b = ModelCompiler.Compile(other).CreateSimulator().Run(settings);
            foreach (var column in a.Columns)
            {
                var x = a.Column(column);
                var y = b.Column(column);
                for (int i = 0; i < x.Length; i++)
                    Assert.True(Math.Abs(x[i] - y[i]) <= 1e-8 + 1e-7 * Math.Abs(x[i]), $"{name}: {column} at t={a.Times[i]}: {x[i]} vs {y[i]}");
            }
        }
    }
}
