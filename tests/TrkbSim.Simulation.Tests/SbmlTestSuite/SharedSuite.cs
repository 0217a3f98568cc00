namespace TrkbSim.Simulation.Tests.SbmlTestSuite;

/// <summary>
/// Finds the shared SBML Test Suite cases: <c>$TRKBSIM_SHARED/sbml-test-suite/cases</c> when the variable is set, else
/// next to the repository (../shared/sbml-test-suite/cases).
/// </summary>
internal static class SharedSuite
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrkbSim.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (TrkbSim.slnx) not found above " + AppContext.BaseDirectory);
    }

    public static string CasesDirectory()
    {
        var shared = Environment.GetEnvironmentVariable("TRKBSIM_SHARED") is { Length: > 0 } given
            ? given : Path.Combine(RepositoryRoot(), "..", "shared");
        var cases = Path.GetFullPath(Path.Combine(shared, "sbml-test-suite", "cases"));
        return Directory.Exists(cases) ? cases : throw new InvalidOperationException($"shared SBML test suite not found at {cases}");
    }

    /// <summary>Case ids that must pass, from the committed expected-pass.txt (one id per line, # comments).</summary>
    public static IReadOnlyList<string> ExpectedPass()
    {
        var file = Path.Combine(RepositoryRoot(), "tests", "TrkbSim.Simulation.Tests", "SbmlTestSuite", "expected-pass.txt");
        return File.ReadAllLines(file).Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).ToList();
    }
}
