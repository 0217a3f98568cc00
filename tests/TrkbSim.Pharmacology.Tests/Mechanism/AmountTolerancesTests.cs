using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;
using TrkbSim.Simulation;

namespace TrkbSim.Pharmacology.Tests.Mechanism;

public class AmountTolerancesTests
{
    static readonly CompoundLibrary Library = CompoundLibrary.LoadDefault();

    static MechanismSettings Human(params string[] regimens) => new()
    {
        Regimens = [.. regimens.Select(r => RegimenParser.Parse(r, Library, Organism.Human))],
    };

    [Fact]
    public void DrugAmountsOfTheCompoundAndItsMetaboliteAreScaledToTheDoseInNanomoles()
    {
        var settings = Human("fluoxetine 20mg oral every 24h for 1w");
        var sim = ModelCompiler.Compile(MechanismAssembler.BuildModel(settings, Library)).CreateSimulator();
        var tolerances = AmountTolerances.For(sim, settings, Library, relTol: 1e-6, absTol: 1e-9);

        double doseNmol = 20e6 / Library.Get("fluoxetine").MolecularWeight.Value;
        foreach (var state in new[] { "fluoxetine_gut", "fluoxetine_central", "norfluoxetine_central" })
            Assert.Equal(1e-6 * doseNmol, tolerances[state], 1e-9 * doseNmol);
        // Brain concentrations, occupancies and mood keep the caller's absolute tolerance.
        Assert.DoesNotContain("fluoxetine_brain", tolerances.Keys);
        Assert.DoesNotContain("madrs", tolerances.Keys);
    }

    [Fact]
    public void WeightBasedDosesUseTheModelsBodyWeightAndNoRegimenGivesNone()
    {
        var settings = Human("ketamine 0.5mg/kg infusion:40min");
        var sim = ModelCompiler.Compile(MechanismAssembler.BuildModel(settings, Library)).CreateSimulator();
        double doseNmol = 0.5 * sim.Get("body_weight_kg") * 1e6 / Library.Get("ketamine").MolecularWeight.Value;
        Assert.Equal(1e-4 * doseNmol, AmountTolerances.For(sim, settings, Library, 1e-4, 1e-9)["ketamine_central"], 1e-9 * doseNmol);

        var none = new MechanismSettings();
        Assert.Empty(AmountTolerances.For(ModelCompiler.Compile(MechanismAssembler.BuildModel(none, Library)).CreateSimulator(), none, Library, 1e-6, 1e-9));
    }

    [Fact]
    public void RegimenRunWithDoseScaledAmountsMatchesATightReference()
    {
        // Eight weeks of daily fluoxetine at the default run tolerances, against every state held to 1e-11 / 1e-13.
        var settings = Human("fluoxetine 20mg oral every 24h for 8w");
        var run = RegimenRunner.Run(settings, 8 * 168, 6);
        var reference = ModelCompiler.Compile(MechanismAssembler.BuildModel(settings, Library)).CreateSimulator().Run(new SimulationSettings
        {
            End = 8 * 168, Times = run.Times, RelTol = 1e-11, AbsTol = 1e-13,
            Variables = ["madrs", "occupancy_TRKB", "plasma_fluoxetine_nM", "plasma_norfluoxetine_nM"],
        });
        foreach (var column in reference.Columns)
        {
            var expected = reference.Column(column).ToArray();
            var actual = run.Column(column);
            double scale = expected.Max(Math.Abs);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5 * Math.Max(Math.Abs(expected[i]), 1e-3 * scale),
                    $"{column} at {run.Times[i]} h: {actual[i]} vs {expected[i]}");
        }
    }
}
