using TrkbSim.Analysis.Sensitivity;

namespace TrkbSim.Analysis.Tests.Sensitivity;

public class ParameterDistributionTests
{
    [Fact]
    public void ParsesEachKind()
    {
        var u = Assert.IsType<UniformDistribution>(ParameterDistribution.Parse("k1=uniform(0.1,1)"));
        Assert.Equal(("k1", 0.1, 1.0), (u.Id, u.Low, u.High));
        Assert.Equal(0.55, u.Quantile(0.5), 12);
        var ln = Assert.IsType<LogNormalDistribution>(ParameterDistribution.Parse(" Vmax = lognormal(0, 0.5) "));
        Assert.Equal(1.0, ln.Quantile(0.5), 12);
        Assert.Equal(Math.Exp(0.5 * 1.959963984540054), ln.Quantile(0.975), 6);
        var n = Assert.IsType<NormalDistribution>(ParameterDistribution.Parse("x=normal(2,3)"));
        Assert.Equal(2 - 3 * 1.959963984540054, n.Quantile(0.025), 6);
        var lu = Assert.IsType<LogUniformDistribution>(ParameterDistribution.Parse("kd=loguniform(1e-3,1e1)"));
        Assert.Equal(0.1, lu.Quantile(0.5), 12);
    }

    [Theory]
    [InlineData("k1=uniform(1,0.1)", "k1")]
    [InlineData("k1=loguniform(0,1)", "k1")]
    [InlineData("k1=lognormal(0,-1)", "k1")]
    [InlineData("k1=gamma(1,2)", "k1")]
    [InlineData("k1=uniform(1)", "k1")]
    [InlineData("k1=uniform(a,2)", "k1")]
    [InlineData("uniform(0,1)", "uniform(0,1)")]
    public void RejectsMalformedText(string text, string subject)
    {
        var e = Assert.Throws<AnalysisException>(() => ParameterDistribution.Parse(text));
        Assert.Equal(subject, e.Subject);
    }
}
