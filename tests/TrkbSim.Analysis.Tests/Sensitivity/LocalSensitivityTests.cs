using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Sensitivity;
using TrkbSim.Analysis.Tests.Fitting;

namespace TrkbSim.Analysis.Tests.Sensitivity;

public class LocalSensitivityTests
{
    [Fact]
    public void ExponentialDecayMatchesAnalyticDerivatives()
    {
        var times = new[] { 0.0, 1, 2, 5, 10 };
        var r = LocalSensitivity.Compute(ExponentialDecay.Evaluator(), ["A", "k"], ["y"], times,
            new Dictionary<string, double> { ["A"] = 10, ["k"] = 0.3 });
        for (var i = 0; i < times.Length; i++)
        {
            var t = times[i];
            var y = 10 * Math.Exp(-0.3 * t);
            // d ln y / d ln A = 1; d ln y / d ln k = -k t; dy/dk = -t y.
            Assert.Equal(1.0, r.Normalized[0][0][i], 7);
            Assert.Equal(-0.3 * t, r.Normalized[0][1][i], 7);
            Assert.Equal(-t * y, r.Absolute[0][1][i], 6);
            Assert.Equal(y, r.Values[0][i], 12);
        }
    }

    [Fact]
    public void ZeroParameterAndZeroOutput()
    {
        // y = b + c t: at b = 0 the normalised sensitivity to b is 0; at t = 0, y = 0 leaves d ln y undefined.
        var model = new DelegateModelEvaluator([new("b", 0.0), new("c", 2.0)], ["y"], (p, t, _) => p[0] + p[1] * t);
        var r = LocalSensitivity.Compute(model, ["b", "c"], ["y"], [0.0, 1.0]);
        Assert.Equal(1.0, r.Absolute[0][0][1], 9);
        Assert.Equal(0.0, r.Normalized[0][0][1]);
        Assert.True(double.IsNaN(r.Normalized[0][1][0]));
        Assert.Equal(1.0, r.Normalized[0][1][1], 7);
    }

    [Fact]
    public void UnknownNamesAreRejected()
    {
        var e = Assert.Throws<AnalysisException>(() => LocalSensitivity.Compute(ExponentialDecay.Evaluator(), ["q"], ["y"], [1.0]));
        Assert.Equal("q", e.Subject);
        e = Assert.Throws<AnalysisException>(() => LocalSensitivity.Compute(ExponentialDecay.Evaluator(), ["k"], ["z"], [1.0]));
        Assert.Equal("z", e.Subject);
    }
}
