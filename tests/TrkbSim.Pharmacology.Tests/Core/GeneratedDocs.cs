namespace TrkbSim.Pharmacology.Tests.Core;

/// <summary>
/// The generated documents under docs/: a test fails when a document differs from what the code computes now; with
/// TRKBSIM_UPDATE_DOCS=1 it writes the document (and its figures) instead.
/// </summary>
public static class GeneratedDocs
{
    public static bool Updating => Environment.GetEnvironmentVariable("TRKBSIM_UPDATE_DOCS") == "1";

    public static string Docs => Path.Combine(CoreModelText.RepositoryRoot, "docs");

    /// <summary>Checks (or, when updating, writes) docs/<paramref name="file"/>; <paramref name="writeFigures"/> runs only when updating.</summary>
    public static void Check(string file, string expected, string testName, Action? writeFigures = null)
    {
        string path = Path.Combine(Docs, file);
        if (Updating)
        {
            File.WriteAllText(path, expected);
            writeFigures?.Invoke();
        }
        string regenerate = $"regenerate it with TRKBSIM_UPDATE_DOCS=1 dotnet test tests/TrkbSim.Pharmacology.Tests --filter {testName}";
        Assert.True(File.Exists(path), $"docs/{file} is missing; {regenerate}");
        Assert.True(File.ReadAllText(path).ReplaceLineEndings("\n") == expected, $"docs/{file} is out of date; {regenerate}");
    }
}
