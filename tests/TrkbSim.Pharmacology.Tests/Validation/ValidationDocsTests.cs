using TrkbSim.Pharmacology.Validation;

namespace TrkbSim.Pharmacology.Tests.Validation;

/// <summary>
/// docs/validation.md is the validator's markdown. Fails when it is out of date; with TRKBSIM_UPDATE_DOCS=1 it
/// rewrites the file instead (that is how the document is regenerated).
/// </summary>
[Collection(ValidationCollection.Name)]
public class ValidationDocsTests(ValidationFixture fixture)
{
    [Fact]
    public void DocsValidationMdIsUpToDate()
    {
        string expected = ValidationMarkdown.Render(fixture.Report);
        string path = Path.Combine(RepositoryRoot(), "docs", "validation.md");
        if (Environment.GetEnvironmentVariable("TRKBSIM_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
            return;
        }
        Assert.True(File.Exists(path), $"{path} is missing; regenerate it with TRKBSIM_UPDATE_DOCS=1 dotnet test --filter ValidationDocsTests");
        string actual = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(actual == expected,
            "docs/validation.md is out of date; regenerate it with TRKBSIM_UPDATE_DOCS=1 dotnet test tests/TrkbSim.Pharmacology.Tests --filter ValidationDocsTests");
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrkbSim.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (TrkbSim.slnx) not found above " + AppContext.BaseDirectory);
    }
}
