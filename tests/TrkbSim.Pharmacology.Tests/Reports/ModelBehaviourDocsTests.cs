using TrkbSim.Pharmacology.Reports;
using TrkbSim.Pharmacology.Tests.Core;

namespace TrkbSim.Pharmacology.Tests.Reports;

/// <summary>
/// docs/model-behaviour.md is computed from the current model and library; fails when it is out of date. With
/// TRKBSIM_UPDATE_DOCS=1 it rewrites the document and the figures of docs/mechanism.md instead.
/// </summary>
public class ModelBehaviourDocsTests
{
    [Fact]
    public void DocsModelBehaviourMdIsUpToDate()
    {
        var runs = ModelBehaviour.Simulate();
        string expected = ModelBehaviour.Markdown(runs);
        string docs = Path.Combine(CoreModelText.RepositoryRoot, "docs");
        string path = Path.Combine(docs, "model-behaviour.md");
        if (Environment.GetEnvironmentVariable("TRKBSIM_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
            ModelBehaviour.WriteFigures(runs, Path.Combine(docs, "model-behaviour"));
        }
        Assert.True(File.Exists(path), "docs/model-behaviour.md is missing; regenerate it with TRKBSIM_UPDATE_DOCS=1");
        Assert.True(File.ReadAllText(path).ReplaceLineEndings("\n") == expected,
            "docs/model-behaviour.md is out of date; regenerate it with TRKBSIM_UPDATE_DOCS=1 dotnet test tests/TrkbSim.Pharmacology.Tests --filter ModelBehaviourDocsTests");
        foreach (var figure in new[] { "fluoxetine-exposure.png", "fluoxetine-occupancy.png" })
            Assert.True(File.Exists(Path.Combine(docs, "model-behaviour", figure)), $"docs/model-behaviour/{figure} is missing");
    }
}
