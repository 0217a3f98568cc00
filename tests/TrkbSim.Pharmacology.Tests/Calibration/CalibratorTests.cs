using TrkbSim.Pharmacology.Calibration;

namespace TrkbSim.Pharmacology.Tests.Calibration;

/// <summary>The calibration command: targets derived as documented, deterministic, and the model holds the fitted values.</summary>
public sealed class CalibratorTests
{
    [Fact]
    public void TargetDerivationsFollowTheStatedFormulas()
    {
        // OR 9.87 on a 10 % placebo rate gives 52.3 % responders (odds 0.111 x 9.87 = 1.097).
        Assert.Equal(0.523, CalibrationTargets.RateFromOddsRatio(0.10, 9.87), 3);
        // A 50 % share reaching the threshold puts the median at the threshold.
        Assert.Equal(50, CalibrationTargets.MedianFromShare(0.5, 50), 9);
        Assert.Equal(5, CalibrationTargets.Default.Count);
    }

    [Fact]
    public void CalibrationIsDeterministicAndTheCoreHoldsTheFittedValues()
    {
        var a = Calibrator.Run(seed: 3, starts: 2);
        var b = Calibrator.Run(seed: 3, starts: 2);
        Assert.Equal(a.Fit.Parameters.Select(p => p.Estimate), b.Fit.Parameters.Select(p => p.Estimate));
        // The core's values are the fitted ones (rounded to 3 significant digits in trkb_core.ant).
        foreach (var p in a.Fit.Parameters)
            Assert.True(Math.Abs(a.Nominal[p.Id] / p.Estimate - 1) < 0.02, $"{p.Id}: core {a.Nominal[p.Id]} vs fitted {p.Estimate}");
        var ketamine = a.Rows.Single(r => r.Target.Id == "ketamine-24h");
        Assert.InRange(ketamine.FoldError, 0.9, 1.1);
    }
}
