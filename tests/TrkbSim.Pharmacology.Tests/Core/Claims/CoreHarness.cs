using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation;

namespace TrkbSim.Pharmacology.Tests.Core.Claims;

/// <summary>A prescribed TRKB drug load: <paramref name="Level"/> from <paramref name="Start"/> to <paramref name="End"/> hours.</summary>
public sealed record DrugLoad(double Level, double Start = 0, double End = double.PositiveInfinity);

/// <summary>
/// Drives the mechanism core on its own: a test-only preamble stands in for the exposure part
/// (trkb_drug_load as a step set by events, constant target occupancies), the settings follow the core
/// as plain assignments, exactly as the assembler orders them.
/// </summary>
public static class CoreHarness
{
    public static readonly string[] Outputs =
    [
        "occupancy_TRKB", "trkb_surface", "trkb_signal", "bdnf", "plasticity", "plasticity_synaptic",
        "plasticity_transcriptional", "network_state", "madrs", "behavior_score",
    ];

    private static readonly ConcurrentDictionary<string, CompiledModel> Cache = new();

    public static string BuildText(DrugLoad? load, double occupancySert, double occupancyNmda, IReadOnlyDictionary<string, double>? settings)
    {
        var sb = new StringBuilder();
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        load ??= new DrugLoad(0);
        sb.AppendLine("// test preamble standing in for the exposure part");
        sb.AppendLine($"trkb_drug_load = {N(load.Start <= 0 ? load.Level : 0)};");
        sb.AppendLine($"occupancy_SERT = {N(occupancySert)};");
        sb.AppendLine("occupancy_NET = 0;");
        sb.AppendLine($"occupancy_NMDA = {N(occupancyNmda)};");
        sb.AppendLine("exposure_tissue = 1;");
        if (load.Start > 0) sb.AppendLine($"load_on: at time >= {N(load.Start)}: trkb_drug_load = {N(load.Level)};");
        if (double.IsFinite(load.End)) sb.AppendLine($"load_off: at time >= {N(load.End)}: trkb_drug_load = 0;");
        sb.AppendLine(CoreModelText.Text);
        sb.AppendLine("// settings");
        foreach (var (id, value) in settings ?? new Dictionary<string, double>())
            sb.AppendLine($"{id} = {N(value)};");
        return sb.ToString();
    }

    /// <summary>Simulates to <paramref name="hours"/> with output every <paramref name="step"/> hours.</summary>
    public static CoreRun Run(double hours, DrugLoad? load = null, double occupancySert = 0, double occupancyNmda = 0,
        IReadOnlyDictionary<string, double>? settings = null, double step = 1)
    {
        string text = BuildText(load, occupancySert, occupancyNmda, settings);
        var compiled = Cache.GetOrAdd(text, t => ModelCompiler.Compile(AntimonyReader.Parse(t, "trkb_core.ant+test")));
        var sim = compiled.CreateSimulator();
        int steps = (int)Math.Round(hours / step);
        var result = sim.Run(new SimulationSettings
        {
            Start = 0, End = hours, Steps = steps, Variables = Outputs, RelTol = 1e-8, AbsTol = 1e-10,
        });
        return new CoreRun(result);
    }
}

/// <summary>A core time course with linear interpolation between output times.</summary>
public sealed class CoreRun(SimulationResult result)
{
    public SimulationResult Result { get; } = result;

    public double At(string id, double hours)
    {
        var t = Result.Times;
        var y = Result.Column(id);
        if (hours <= t[0]) return y[0];
        for (int i = 1; i < t.Length; i++)
            if (t[i] >= hours) return y[i - 1] + (y[i] - y[i - 1]) * (hours - t[i - 1]) / (t[i] - t[i - 1]);
        return y[^1];
    }

    public (double Time, double Value) Max(string id)
    {
        var y = Result.Column(id);
        int best = 0;
        for (int i = 1; i < y.Length; i++) if (y[i] > y[best]) best = i;
        return (Result.Times[best], y[best]);
    }

    public double MaxAbs(string id)
    {
        double m = 0;
        foreach (var v in Result.Column(id)) m = Math.Max(m, Math.Abs(v));
        return m;
    }
}
