using System.Collections.Frozen;
using System.Globalization;
using TrkbSim.Simulation;

namespace TrkbSim.Interop.Sedml;

/// <summary>
/// Maps KiSAO algorithm ids (SED-ML &lt;algorithm kisaoID&gt;) to TrkbSim's solvers, and KiSAO algorithm parameters to
/// simulation settings. An id without a TrkbSim counterpart runs with the closest solver and a warning.
/// </summary>
public static class KisaoAlgorithms
{
    /// <summary>Time-course algorithms: KiSAO id -> (TrkbSim solver, what the id names).</summary>
    public static readonly FrozenDictionary<string, (string Solver, string Name)> TimeCourse = new Dictionary<string, (string, string)>
    {
        ["KISAO_0000019"] = ("rodas5p", "CVODE (stiff, variable order BDF)"),
        ["KISAO_0000496"] = ("rodas5p", "CVODES"),
        ["KISAO_0000033"] = ("rodas5p", "Rosenbrock method"),
        ["KISAO_0000088"] = ("auto", "LSODA (stiffness switching)"),
        ["KISAO_0000560"] = ("auto", "LSODA/LSODAR hybrid (stiffness switching)"),
        ["KISAO_0000032"] = ("tsit5", "explicit fourth-order Runge-Kutta"),
        ["KISAO_0000435"] = ("tsit5", "embedded Runge-Kutta (Dormand-Prince)"),
        ["KISAO_0000064"] = ("tsit5", "Runge-Kutta based method"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Steady-state algorithms: all run TrkbSim's steady-state solver (Newton with conservation laws, integration fallback).</summary>
    public static readonly FrozenSet<string> SteadyState = new[] { "KISAO_0000407", "KISAO_0000408", "KISAO_0000568", "KISAO_0000569", "KISAO_0000282" }
        .ToFrozenSet(StringComparer.Ordinal);

    public const string RelativeTolerance = "KISAO_0000209";
    public const string AbsoluteTolerance = "KISAO_0000211";
    public const string MaximumSteps = "KISAO_0000415";

    /// <summary>The KiSAO id written for a TrkbSim solver when exporting (the inverse of <see cref="TimeCourse"/> where it is exact).</summary>
    public static string ForSolver(string solver) => solver.ToLowerInvariant() switch
    {
        "auto" => "KISAO_0000560",
        "tsit5" => "KISAO_0000435",
        "rodas5p" or "rodas4" => "KISAO_0000019",
        _ => throw new ArgumentException($"no KiSAO id for solver '{solver}'", nameof(solver)),
    };

    /// <summary>
    /// The TrkbSim solver for a time-course algorithm; an unknown id gives the default ("auto") and a warning.
    /// </summary>
    public static string SolverFor(SedAlgorithm algorithm, string simulationId, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(warn);
        string id = Normalise(algorithm.KisaoId);
        if (TimeCourse.TryGetValue(id, out var known)) return known.Solver;
        warn(SteadyState.Contains(id)
            ? $"simulation '{simulationId}': {algorithm.KisaoId} is a steady-state algorithm; the time course runs with TrkbSim's 'auto' solver"
            : $"simulation '{simulationId}': algorithm {algorithm.KisaoId} has no TrkbSim counterpart; running the closest, TrkbSim's 'auto' solver (stiffness switching Tsit5/Rodas5P)");
        return "auto";
    }

    /// <summary>Applies tolerances and step limits from the algorithm's parameters; other parameters are ignored with a warning.</summary>
    public static SimulationSettings Apply(SedAlgorithm algorithm, SimulationSettings settings, string simulationId, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(warn);
        foreach (var p in algorithm.Parameters)
        {
            string id = Normalise(p.KisaoId);
            switch (id)
            {
                case RelativeTolerance: settings = settings with { RelTol = Positive(p, simulationId, 1) }; break;
                case AbsoluteTolerance: settings = settings with { AbsTol = Positive(p, simulationId, double.PositiveInfinity) }; break;
                case MaximumSteps: settings = settings with { MaxSteps = (long)Positive(p, simulationId, long.MaxValue) }; break;
                default: warn($"simulation '{simulationId}': algorithm parameter {p.KisaoId} = {p.Value} is not used by TrkbSim; ignored"); break;
            }
        }
        return settings;
    }

    /// <summary>"KISAO:0000019" and "KISAO_0000019" are the same id.</summary>
    public static string Normalise(string kisaoId) => kisaoId.Trim().Replace(':', '_');

    static double Positive(SedAlgorithmParameter p, string simulationId, double max)
    {
        if (double.TryParse(p.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && v < max) return v;
        throw new SedmlException($"simulation '{simulationId}': algorithm parameter {p.KisaoId} = '{p.Value}' must be a number > 0{(double.IsFinite(max) ? $" and < {max:G}" : "")}");
    }
}
