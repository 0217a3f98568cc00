using TrkbSim.Numerics.Ode;

namespace TrkbSim.Simulation;

/// <summary>
/// Maps solver names ("auto", "tsit5", "rodas5p", ...) to new solver instances. Hosts register the
/// numerics library's factory here; tests may register their own solvers.
/// </summary>
public static class SolverRegistry
{
    private static readonly Dictionary<string, Func<OdeSolver>> Named = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lock Gate = new();

    /// <summary>Fallback used for names without their own registration (e.g. the numerics library's factory).</summary>
    public static Func<string, OdeSolver>? Fallback { get; set; }

    public static void Register(string name, Func<OdeSolver> create)
    {
        lock (Gate) Named[name] = create;
    }

    public static OdeSolver Create(string name)
    {
        Func<OdeSolver>? f;
        lock (Gate) Named.TryGetValue(name, out f);
        if (f is not null) return f();
        if (Fallback is { } fb) return fb(name);
        throw new ArgumentException($"Unknown solver '{name}'.", nameof(name));
    }
}
