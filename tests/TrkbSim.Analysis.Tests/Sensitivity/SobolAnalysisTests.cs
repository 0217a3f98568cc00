using System.Text.Json;
using TrkbSim.Analysis.Sensitivity;

namespace TrkbSim.Analysis.Tests.Sensitivity;

public class SobolAnalysisTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void IshigamiIndicesMatchTheAnalyticValues(int seed)
    {
        var r = SobolAnalysis.Run(Ishigami.Function(), Ishigami.Parameters(),
            new SobolOptions { SampleSize = 1 << 13, Seed = seed, BootstrapSamples = 300 });
        var o = Assert.Single(r.Outputs);
        Assert.Equal(5 * (1 << 13), r.Evaluations);
        // Analytic variance: a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2.
        var variance = 49 / 8.0 + 0.1 * Math.Pow(Math.PI, 4) / 5 + 0.01 * Math.Pow(Math.PI, 8) / 18 + 0.5;
        Assert.Equal(variance, o.Variance, variance * 0.02);
        int covered = 0;
        for (var i = 0; i < 3; i++)
        {
            var id = $"x{i + 1}";
            Assert.Equal(Ishigami.FirstOrder[i], o.FirstOrder[id], 0.03);
            Assert.Equal(Ishigami.TotalOrder[i], o.TotalOrder[id], 0.03);
            var (lo1, hi1) = o.FirstOrderCi[id];
            var (loT, hiT) = o.TotalOrderCi[id];
            Assert.True(lo1 <= o.FirstOrder[id] && o.FirstOrder[id] <= hi1);
            Assert.InRange(hi1 - lo1, 0.001, 0.15);
            Assert.InRange(hiT - loT, 0.001, 0.15);
            if (lo1 <= Ishigami.FirstOrder[i] && Ishigami.FirstOrder[i] <= hi1) covered++;
            if (loT <= Ishigami.TotalOrder[i] && Ishigami.TotalOrder[i] <= hiT) covered++;
        }
        Assert.InRange(covered, 5, 6);
    }

    [Fact]
    public void SameSeedSameAnswerForOneAndFourThreads()
    {
        SobolResult Run(int threads) => SobolAnalysis.Run(Ishigami.Function(), Ishigami.Parameters(),
            new SobolOptions { SampleSize = 1024, Seed = 9, BootstrapSamples = 100, MaxDegreeOfParallelism = threads });
        var a = Run(1).Outputs[0];
        var b = Run(4).Outputs[0];
        foreach (var id in new[] { "x1", "x2", "x3" })
        {
            Assert.Equal(a.FirstOrder[id], b.FirstOrder[id]);
            Assert.Equal(a.TotalOrder[id], b.TotalOrder[id]);
            Assert.Equal(a.FirstOrderCi[id], b.FirstOrderCi[id]);
            Assert.Equal(a.TotalOrderCi[id], b.TotalOrderCi[id]);
        }
    }

    [Fact]
    public void AdditiveLinearFunctionHasIndicesFromItsCoefficients()
    {
        // y = 1*x1 + 2*x2 + 3*x3 with x ~ N(0,1): S_i = ST_i = c_i^2 / 14.
        var f = new DelegateSampleFunction(["y"], (x, y) => y[0] = x[0] + 2 * x[1] + 3 * x[2]);
        var p = new[] { "x1=normal(0,1)", "x2=normal(0,1)", "x3=normal(0,1)" }.Select(ParameterDistribution.Parse).ToArray();
        var r = SobolAnalysis.Run(f, p, new SobolOptions { SampleSize = 1 << 12, BootstrapSamples = 50 });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((i + 1) * (i + 1) / 14.0, r.Outputs[0].FirstOrder[$"x{i + 1}"], 0.02);
            Assert.Equal((i + 1) * (i + 1) / 14.0, r.Outputs[0].TotalOrder[$"x{i + 1}"], 0.02);
        }
    }

    [Fact]
    public void JsonHoldsFirstAndTotalOrderMapsWithIntervals()
    {
        var r = SobolAnalysis.Run(Ishigami.Function(), Ishigami.Parameters(), new SobolOptions { SampleSize = 512, BootstrapSamples = 50 });
        using var doc = JsonDocument.Parse(SensitivityJson.Serialize(r));
        var root = doc.RootElement;
        Assert.Equal("sobol", root.GetProperty("method").GetString());
        Assert.Equal(r.Outputs[0].FirstOrder["x1"], root.GetProperty("first_order").GetProperty("x1").GetDouble());
        Assert.Equal(r.Outputs[0].TotalOrder["x3"], root.GetProperty("total_order").GetProperty("x3").GetDouble());
        var ci = root.GetProperty("first_order_ci").GetProperty("x2");
        Assert.Equal(r.Outputs[0].FirstOrderCi["x2"].Low, ci[0].GetDouble());
        Assert.Equal(1, root.GetProperty("outputs").GetArrayLength());
    }
}
