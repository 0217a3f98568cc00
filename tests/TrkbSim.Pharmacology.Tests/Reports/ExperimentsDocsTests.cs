using TrkbSim.Pharmacology.Reports;
using TrkbSim.Pharmacology.Tests.Core;

namespace TrkbSim.Pharmacology.Tests.Reports;

/// <summary>docs/experiments.md and its plots are computed from runs of every built-in experiment.</summary>
public class ExperimentsDocsTests
{
    [Fact]
    public void DocsExperimentsMdIsUpToDate()
    {
        var results = ExperimentsReport.RunAll();
        string figures = Path.Combine(GeneratedDocs.Docs, "experiments");
        GeneratedDocs.Check("experiments.md", ExperimentsReport.Markdown(results), nameof(ExperimentsDocsTests), () => ExperimentsReport.WriteFigures(results, figures));
        foreach (var r in results)
            Assert.True(File.Exists(Path.Combine(figures, $"{r.Protocol.Name}.png")), $"docs/experiments/{r.Protocol.Name}.png is missing");
    }
}
