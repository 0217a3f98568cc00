namespace TrkbSim.Numerics.Ode;

/// <summary>Creates solvers by their short names (the values accepted by <c>--solver</c>).</summary>
public static class SolverFactory
{
    /// <summary>All accepted names, the default first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "tsit5", "rodas5p", "rodas4", "bdf"];

    /// <summary>Returns a new solver for <paramref name="name"/> (case-insensitive); unknown names throw <see cref="ArgumentException"/> listing the allowed ones.</summary>
    public static OdeSolver Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "auto" => new AutoSolver(),
            "tsit5" => new Tsit5Solver(),
            "rodas5p" => new Rodas5PSolver(),
            "rodas4" => new Rodas4Solver(),
            "bdf" => new BdfSolver(),
            _ => throw new ArgumentException($"Unknown solver '{name}'. Allowed: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
