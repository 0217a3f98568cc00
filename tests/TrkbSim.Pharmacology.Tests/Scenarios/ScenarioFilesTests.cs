using TrkbSim.Pharmacology.Scenarios;

namespace TrkbSim.Pharmacology.Tests.Scenarios;

/// <summary>Every scenario runs and writes its per-run CSV and summary, its overlay plots and summary.md.</summary>
[Collection(ScenarioCollection.Name)]
public class ScenarioFilesTests(AllScenariosFixture all)
{
    public static TheoryData<string> Names => [.. ScenarioRunner.List()];

    [Fact]
    public void RegistryHasTheRequiredScenarios()
    {
        string[] required =
        [
            "fluoxetine-vs-ketamine", "imipramine", "esketamine", "y433f", "cholesterol", "serotonin-independence",
            "bdnf-knockout", "guidance", "exposure-hypothesis", "psychedelic", "exercise", "new-compound",
        ];
        Assert.Equal(required.Order(), ScenarioRunner.List().Order());
        var e = Assert.Throws<PharmacologyInputException>(() => ScenarioRegistry.Get("nope"));
        Assert.Contains("fluoxetine-vs-ketamine", e.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ScenarioWritesItsFiles(string name)
    {
        var report = all.Reports[name];
        var def = ScenarioRegistry.Get(name);
        string dir = Path.Combine(all.Root, name);
        foreach (var run in def.Runs)
        {
            string csv = Path.Combine(dir, ScenarioRunner.Slug(run.Label) + ".csv");
            Assert.True(File.Exists(csv), $"missing {csv}");
            Assert.StartsWith("time_h,", File.ReadLines(csv).First());
            Assert.True(File.Exists(Path.Combine(dir, ScenarioRunner.Slug(run.Label) + "_summary.json")));
        }
        foreach (string column in def.KeyOutputs)
        {
            string png = Path.Combine(dir, $"overlay_{column}.png");
            Assert.True(File.Exists(png), $"missing {png}");
            Assert.True(new FileInfo(png).Length > 1000);
        }
        string md = File.ReadAllText(Path.Combine(dir, "summary.md"));
        Assert.Contains($"# Scenario `{name}`", md);
        Assert.NotEmpty(report.Findings);
        foreach (var finding in report.Findings)
        {
            Assert.Contains(finding, md);
            Assert.DoesNotContain("n/a", finding); // every comparison is stated in numbers
        }
        Assert.Equal(def.Runs.Select(r => ScenarioRunner.Slug(r.Label)).Distinct().Count(), def.Runs.Length); // file names do not collide
    }

    [Fact]
    public void SlugsAreFileNameSafe()
    {
        Assert.Equal("20-mol-50-depleted-statin", ScenarioRunner.Slug("20 mol%, 50 % depleted (statin)"));
    }
}
