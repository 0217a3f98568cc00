using System.Collections.Immutable;
using TrkbSim.Numerics.Ode;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Simulation;

namespace TrkbSim.Pharmacology.Tests.Mechanism.Simulated;

/// <summary>Runs the assembled mechanism (exposure part + real core) and reads exposure outputs.</summary>
static class PkHarness
{
    public static (double[] Times, Dictionary<string, double[]> Columns) Run(Organism organism, double hours, int steps,
        string[] outputs, params string[] regimens) => Run(organism, hours, steps, outputs, regimens, new Dictionary<string, double>());

    /// <summary>As <see cref="Run(Organism, double, int, string[], string[])"/> with model parameters overridden by name.</summary>
    public static (double[] Times, Dictionary<string, double[]> Columns) Run(Organism organism, double hours, int steps,
        string[] outputs, string[] regimens, IReadOnlyDictionary<string, double> overrides)
    {
        var lib = CompoundLibrary.LoadDefault();
        var settings = new MechanismSettings
        {
            Species = organism,
            Regimens = [.. regimens.Select(r => RegimenParser.Parse(r, lib, organism))],
            ParameterOverrides = overrides.ToImmutableDictionary(),
        };
        var compiled = ModelCompiler.Compile(MechanismAssembler.BuildModel(settings));
        var result = compiled.CreateSimulator().Run(new SimulationSettings
        {
            Start = 0, End = hours, Steps = steps, Variables = outputs, RelTol = 1e-8, AbsTol = 1e-10,
        });
        return (result.Times, outputs.ToDictionary(o => o, o => result.Column(o).ToArray()));
    }

    /// <summary>Half-life from the log-linear slope between two times of a declining curve.</summary>
    public static double HalfLife(double[] t, double[] y, double t1, double t2)
    {
        double y1 = Interp(t, y, t1), y2 = Interp(t, y, t2);
        return Math.Log(2) * (t2 - t1) / Math.Log(y1 / y2);
    }

    public static double Interp(double[] t, double[] y, double at)
    {
        if (at <= t[0]) return y[0];
        for (int i = 1; i < t.Length; i++)
            if (t[i] >= at) return y[i - 1] + (y[i] - y[i - 1]) * (at - t[i - 1]) / (t[i] - t[i - 1]);
        return y[^1];
    }

    /// <summary>First time the curve reaches <paramref name="level"/>.</summary>
    public static double FirstTimeAbove(double[] t, double[] y, double level)
    {
        for (int i = 1; i < t.Length; i++)
            if (y[i] >= level) return t[i - 1] + (t[i] - t[i - 1]) * (level - y[i - 1]) / (y[i] - y[i - 1]);
        return double.PositiveInfinity;
    }
}
