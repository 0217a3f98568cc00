using System.Collections.Concurrent;
using TrkbSim.Pharmacology.Scenarios;

namespace TrkbSim.Pharmacology.Tests.Scenarios;

/// <summary>Runs every registered scenario once (with plots) into a temporary folder, shared by the scenario tests.</summary>
public sealed class AllScenariosFixture : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("trkbsim-scenarios-").FullName;
    public IReadOnlyDictionary<string, ScenarioReport> Reports { get; }

    public AllScenariosFixture()
    {
        var reports = new ConcurrentDictionary<string, ScenarioReport>();
        foreach (string name in ScenarioRunner.List())
            reports[name] = ScenarioRunner.Run(name, Path.Combine(Root, name));
        Reports = reports;
    }

    public ScenarioResults Results(string name) => Reports[name].Results;

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ScenarioCollection : ICollectionFixture<AllScenariosFixture>
{
    public const string Name = "all scenarios";
}
