using TrkbSim.Pharmacology.Reports;
using TrkbSim.Pharmacology.Tests.Core;

namespace TrkbSim.Pharmacology.Tests.Reports;

/// <summary>docs/model-behaviour.md and the exposure figures of docs/mechanism.md are computed from the current model and library.</summary>
public class ModelBehaviourDocsTests
{
    [Fact]
    public void DocsModelBehaviourMdIsUpToDate()
    {
        var runs = ModelBehaviour.Simulate();
        string figures = Path.Combine(GeneratedDocs.Docs, "model-behaviour");
        GeneratedDocs.Check("model-behaviour.md", ModelBehaviour.Markdown(runs), nameof(ModelBehaviourDocsTests), () => ModelBehaviour.WriteFigures(runs, figures));
        foreach (var figure in new[] { "fluoxetine-exposure.png", "fluoxetine-occupancy.png" })
            Assert.True(File.Exists(Path.Combine(figures, figure)), $"docs/model-behaviour/{figure} is missing");
    }
}
