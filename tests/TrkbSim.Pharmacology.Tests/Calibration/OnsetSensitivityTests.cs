using TrkbSim.Pharmacology.Calibration;

namespace TrkbSim.Pharmacology.Tests.Calibration;

public sealed class OnsetSensitivityTests
{
    /// <summary>
    /// The paper's argument is that SSRIs act slowly because TRKB-binding brain levels build slowly: the onset must
    /// then depend strongly on the drug's TRKB affinity and brain equilibration, and hardly on the fast
    /// immediate-early stage of the plasticity programme.
    /// </summary>
    [Fact]
    public void FluoxetineOnsetIsDrivenByTrkbExposureMoreThanByTheFastGeneStage()
    {
        var report = OnsetSensitivity.Run(new OnsetSensitivityOptions
        {
            Weeks = 12, Samples = 6, Seed = 2,
            Parameters = ["fluoxetine_K_TRKB", "fluoxetine_brain_half_time", "tau_ieg"],
        });
        var index = report.Ranking.ToDictionary(r => r.Parameter, r => r.Index);
        Assert.True(index["fluoxetine_K_TRKB"] > 5 * index["tau_ieg"], string.Join(", ", report.Ranking));
        Assert.True(index["fluoxetine_brain_half_time"] > 2 * index["tau_ieg"], string.Join(", ", report.Ranking));
        Assert.Equal(6 * 4, report.Evaluations);
        Assert.Contains("\"mu_star\"", report.Json);
    }

    [Fact]
    public void AParameterTheModelLacksIsRejected()
    {
        var e = Assert.Throws<PharmacologyInputException>(() => OnsetSensitivity.Run(new OnsetSensitivityOptions { Parameters = ["no_such_parameter"] }));
        Assert.Contains("no_such_parameter", e.Message);
    }
}
