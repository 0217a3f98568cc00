namespace TrkbSim.Modeling.Tests.Sbml;

/// <summary>
/// Finds the shared SBML Test Suite cases: <c>$TRKBSIM_SHARED/sbml-test-suite/cases</c> when the variable is set, else
/// next to the repository (../shared/sbml-test-suite/cases).
/// </summary>
internal static class SharedSuite
{
    public static string? CasesDirectory()
    {
        if (Environment.GetEnvironmentVariable("TRKBSIM_SHARED") is { Length: > 0 } shared)
        {
            var given = Path.Combine(shared, "sbml-test-suite", "cases");
            return Directory.Exists(given) ? given : null;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "TrkbSim.slnx"))) continue;
            var cases = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "sbml-test-suite", "cases"));
            return Directory.Exists(cases) ? cases : null;
        }
        return null;
    }

    /// <summary>Every SBML file of the given level/version suffix (e.g. "l3v2"), sorted by case.</summary>
    public static IReadOnlyList<string> Files(string levelVersion)
    {
        var dir = CasesDirectory() ?? throw new InvalidOperationException("shared SBML test suite not found (../shared/sbml-test-suite/cases)");
        return Directory.GetDirectories(dir)
            .Select(d => Path.Combine(d, $"{Path.GetFileName(d)}-sbml-{levelVersion}.xml"))
            .Where(File.Exists)
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
    }
}
