using System.Reflection;

namespace TrkbSim.Trials.Chunks;

/// <summary>
/// Names the program that computes results: the release version and a fingerprint of the assemblies that simulate
/// (their module ids, which the deterministic build changes whenever their code changes). Chunks and shards are
/// combined only when they were made by the same program, so a result never mixes two versions of the model.
/// </summary>
public static class ProgramVersion
{
    /// <summary>This program's version text, e.g. <c>1.0.0 (3f2a...)</c>.</summary>
    public static string Current { get; } = Compute();

    static string Compute()
    {
        var assemblies = new[]
        {
            typeof(ProgramVersion).Assembly, typeof(Pharmacology.Compounds.Organism).Assembly, typeof(Analysis.AnalysisException).Assembly,
            typeof(Simulation.ModelCompiler).Assembly, typeof(Numerics.Ode.OdeSolverException).Assembly, typeof(Modeling.Model).Assembly,
        };
        ulong hash = 14695981039346656037UL;
        foreach (var a in assemblies)
            foreach (byte b in a.ManifestModule.ModuleVersionId.ToByteArray())
                hash = (hash ^ b) * 1099511628211UL;
        string version = typeof(ProgramVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return $"{(plus >= 0 ? version[..plus] : version)} ({hash:x16})";
    }
}
