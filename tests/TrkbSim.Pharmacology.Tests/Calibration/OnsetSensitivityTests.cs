using TrkbSim.Pharmacology.Calibration;

namespace TrkbSim.Pharmacology.Tests.Calibration;

public sealed class OnsetSensitivityTests
{
    /// <summary>
    /// Under the membrane hypothesis a therapeutic fluoxetine dose saturates the TRKB pocket within days, so the
    /// weeks-long onset is set downstream, by the consolidation of network rewiring, more than by the drug's brain
    /// exposure; the exposure (TRKB affinity) still matters more than the fast immediate-early stage.
    /// </summary>
    [Fact]
    public void FluoxetineOnsetIsDrivenByConsolidationMoreThanByTheFastGeneStage()
    {
        var report = OnsetSensitivity.Run(new OnsetSensitivityOptions
        {
            Weeks = 12, Samples = 6, Seed = 2,
            Parameters = ["fluoxetine_K_TRKB", "fluoxetine_membrane_half_time", "k_rewire", "tau_ieg"],
        });
        var index = report.Ranking.ToDictionary(r => r.Parameter, r => r.Index);
        Assert.True(index["k_rewire"] > 2 * index["tau_ieg"], string.Join(", ", report.Ranking));
        Assert.True(index["k_rewire"] > index["fluoxetine_membrane_half_time"], string.Join(", ", report.Ranking));
        Assert.True(index["fluoxetine_K_TRKB"] > index["tau_ieg"], string.Join(", ", report.Ranking));
        Assert.Equal(6 * 5, report.Evaluations); // Morris: (parameters + 1) runs per trajectory
        Assert.Contains("\"mu_star\"", report.Json);
    }

    [Fact]
    public void AParameterTheModelLacksIsRejected()
    {
        var e = Assert.Throws<PharmacologyInputException>(() => OnsetSensitivity.Run(new OnsetSensitivityOptions { Parameters = ["no_such_parameter"] }));
        Assert.Contains("no_such_parameter", e.Message);
    }
}
