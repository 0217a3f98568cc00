using System.Reflection;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation;

namespace TrkbSim.Benchmarks;

/// <summary>The benchmark problems' Antimony texts (embedded from bench/problems) and helpers to build them.</summary>
public static class Models
{
    /// <summary>A state-triggered event that fires about once per time unit: x grows at 1 + 0.5 sin(t) and is reset at 1.</summary>
    public const string Sawtooth = """
        model sawtooth
          var x = 0;
          x' = 1 + 0.5*sin(time);
          reset: at x >= 1: x = 0;
        end
        """;


    public static string Text(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name + ".ant")
            ?? throw new InvalidOperationException($"no embedded model {name}.ant");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static Model Parse(string name) => AntimonyReader.Parse(Text(name), name + ".ant");

    public static CompiledModel Compile(string name) => ModelCompiler.Compile(Parse(name));

    /// <summary>A simulator of the model, initialised, with its ODE system and initial state.</summary>
    public static (Simulator Simulator, IOdeSystem System, double[] Y0) Prepare(CompiledModel model)
    {
        var sim = model.CreateSimulator();
        var y0 = sim.GetState(); // initialises the simulator's parameter array, which the ODE system reads
        return (sim, sim.OdeSystem, y0);
    }
}
