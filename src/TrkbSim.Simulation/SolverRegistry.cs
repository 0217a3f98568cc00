using TrkbSim.Numerics.Ode;

namespace TrkbSim.Simulation;

/// <summary>
/// Maps solver names to new solver instances: the numerics library's <see cref="SolverFactory"/> names
/// ("auto", "tsit5", "rodas5p", ...) plus any solver registered here (e.g. by tests or plug-ins).
/// </summary>
public static class SolverRegistry
{
    private static readonly Dictionary<string, Func<OdeSolver>> Named = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lock Gate = new();

    public static void Register(string name, Func<OdeSolver> create)
    {
        lock (Gate) Named[name] = create;
    }

    public static OdeSolver Create(string name)
    {
        Func<OdeSolver>? f;
        lock (Gate) Named.TryGetValue(name, out f);
        // Names without a registration of their own are the numerics library's solvers (which name the allowed ones).
        return f is not null ? f() : SolverFactory.Create(name);
    }
}
