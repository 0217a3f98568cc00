using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Experiments;
using TrkbSim.Pharmacology.Mechanism;
using Xunit.Abstractions;

namespace TrkbSim.Pharmacology.Tests.Experiments;

/// <summary>
/// Every built-in experiment reproduces the published results its protocol lists (the issue's "must show" lists are
/// those expectations), deterministically per seed; bad protocols and options get clear errors.
/// </summary>
public class ExperimentTests(ITestOutputHelper output)
{
    public static TheoryData<string> Names() => [.. ExperimentRegistry.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryPublishedResultOfTheProtocolIsReproduced(string name)
    {
        var r = ExperimentRunner.Run(ExperimentRegistry.Get(name), new ExperimentOptions());
        foreach (var e in r.Expectations) output.WriteLine($"{(e.Holds ? "yes" : "NO ")} {e.Claim}: {e.Detail}");
        Assert.NotEmpty(r.Expectations);
        Assert.All(r.Expectations, e => Assert.True(e.Holds, $"{name}: {e.Claim}: {e.Detail}"));
    }

    [Fact]
    public void TheBuiltInExperimentsIncludeThoseOfTheMission()
    {
        foreach (var n in new[] { "ocular-dominance" })
            Assert.Contains(n, ExperimentRegistry.Names);
    }

    [Fact]
    public void ASeedGivesTheSameAnimalsAndAnotherSeedOthers()
    {
        var p = ExperimentRegistry.Get("ocular-dominance");
        var a = ExperimentRunner.Run(p, new ExperimentOptions { Seed = 4, Animals = 3 });
        var b = ExperimentRunner.Run(p, new ExperimentOptions { Seed = 4, Animals = 3 });
        var c = ExperimentRunner.Run(p, new ExperimentOptions { Seed = 5, Animals = 3 });
        Assert.Equal(a.Groups[1].Values["odi_shift"], b.Groups[1].Values["odi_shift"]);
        Assert.NotEqual(a.Groups[1].Values["odi_shift"], c.Groups[1].Values["odi_shift"]);
        Assert.Equal(3, a.Groups[1].Stats["odi_shift"].N);
    }

    [Fact]
    public void TheGenotypeOptionAppliesToEveryGroup()
    {
        var r = ExperimentRunner.Run(ExperimentRegistry.Get("ocular-dominance"), new ExperimentOptions { Genotype = Genotype.Homozygous, Animals = 3 });
        Assert.All(r.Groups, g => Assert.Equal(Genotype.Homozygous, g.Settings.Genotype));
        // Without the drug-binding pocket the fluoxetine group shifts no more than the vehicle group.
        Assert.True(r.Groups.Single(g => g.Name == "drug-md").Stats["odi_shift"].Mean < 0.1);
    }

    [Theory]
    [InlineData("no-such-experiment", null, null, "experiment 'no-such-experiment' is unknown; known: ")]
    [InlineData("ocular-dominance", "human", null, "is defined for mouse; --species human is not allowed")]
    [InlineData("ocular-dominance", null, "fluoxetine 0.08mg/mL drinking-water for 3w", "give the drug without 'for'")]
    [InlineData("ocular-dominance", null, "ketamine 10mg/kg ip", "needs an interval ('every 24h') or drinking-water")]
    public void BadOptionsAreRefusedWithWhatIsAllowed(string name, string? species, string? drug, string expected)
    {
        var e = Assert.Throws<PharmacologyInputException>(() => ExperimentRunner.Run(ExperimentRegistry.Get(name), new ExperimentOptions
        {
            Species = species is null ? null : species == "human" ? Organism.Human : Organism.Mouse,
            Drug = drug is null ? null : RegimenParser.Split(drug),
        }));
        Assert.Contains(expected, e.Message);
    }

    const string Minimal = """
        {
          "format": "trkbsim-experiment/1", "name": "x", "title": "t", "description": "d", "species": ["mouse"],
          "drug": { "regimen": "ketamine 10mg/kg ip", "source": "s", "status": "assumed" },
          "phases": [ { "name": "a", "duration": "1d" }, { "name": "b", "duration": "1d" } ],
          "groups": [ { "name": "g", "drug": { "once_before": "a", "before": "2h" } } ],
          "readouts": [ { "name": "r", "variable": "behavior_score", "at": "b.end" } ]
        }
        """;

    [Theory]
    [InlineData("\"at\": \"b.end\"", "\"at\": \"c.end\"", "readouts[0].at: unknown phase 'c'; phases: a, b")]
    [InlineData("\"at\": \"b.end\"", "\"at\": \"b.middle\"", "must be PHASE.start or PHASE.end")]
    [InlineData("\"duration\": \"1d\" }, { \"name\": \"b\"", "\"duration\": \"-1d\" }, { \"name\": \"b\"", "must be > 0")]
    [InlineData("\"status\": \"assumed\"", "\"status\": \"guessed\"", "drug.status: 'guessed' is not allowed")]
    [InlineData("\"name\": \"g\",", "\"name\": \"g\", \"colour\": 1,", "unknown field 'colour'")]
    public void BadProtocolFieldsAreNamed(string from, string to, string expected)
    {
        string json = Minimal.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Minimal, json);
        var e = Assert.Throws<PharmacologyInputException>(() => ExperimentFile.Parse(json, "user.json"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void PhaseDurationsThatDoNotFitTheDosingAreRefused()
    {
        // The dose is due 2 h before phase 'a', which starts the protocol.
        var e = Assert.Throws<PharmacologyInputException>(() => ExperimentRunner.Run(ExperimentFile.Parse(Minimal, "user.json"), new ExperimentOptions()));
        Assert.Contains("would come before the start", e.Message);
    }
}
