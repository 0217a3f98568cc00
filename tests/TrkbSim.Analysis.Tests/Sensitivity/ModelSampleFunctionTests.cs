using TrkbSim.Analysis.Sensitivity;
using TrkbSim.Analysis.Tests.Fitting;

namespace TrkbSim.Analysis.Tests.Sensitivity;

public class ModelSampleFunctionTests
{
    [Fact]
    public void SummariesOfExponentialDecay()
    {
        var grid = Enumerable.Range(0, 2001).Select(i => i * 0.005).ToArray();
        var quantities = new[] { "y", "y@2.5", "max(y)", "min(y)", "auc(y)" }.Select(ModelQuantity.Parse).ToArray();
        var f = new ModelSampleFunction(ExponentialDecay.Evaluator(), ["A", "k"], quantities, grid);
        Assert.Equal(["y", "y@2.5", "max(y)", "min(y)", "auc(y)"], f.OutputNames);
        var y = new double[5];
        f.CreateWorker().Evaluate([4.0, 0.5], y);
        Assert.Equal(4 * Math.Exp(-5), y[0], 12);
        Assert.Equal(4 * Math.Exp(-1.25), y[1], 12);
        Assert.Equal(4, y[2], 12);
        Assert.Equal(4 * Math.Exp(-5), y[3], 12);
        Assert.Equal(8 * (1 - Math.Exp(-5)), y[4], 4);
    }

    [Fact]
    public void SobolOnAModelOutputApportionsItsVariance()
    {
        // Over a long horizon auc(y) = A/k, a product of independent log-normals (ln A sd 0.3, ln k sd 0.15).
        var grid = Enumerable.Range(0, 401).Select(i => i * 0.5).ToArray();
        var f = new ModelSampleFunction(ExponentialDecay.Evaluator(), ["A", "k"], [ModelQuantity.Parse("auc(y)")], grid);
        var p = new[] { ParameterDistribution.Parse("A=lognormal(2.3,0.3)"), ParameterDistribution.Parse("k=lognormal(-1.2,0.15)") };
        var r = SobolAnalysis.Run(f, p, new SobolOptions { SampleSize = 2048, BootstrapSamples = 50 });
        var o = r.Outputs[0];
        // For a product of independent log-normals, S_A = (e^{sA^2} - 1) / (e^{sA^2 + sk^2} - 1).
        var sA = 0.09; var sk = 0.0225;
        var exact = (Math.Exp(sA) - 1) / (Math.Exp(sA + sk) - 1);
        Assert.Equal(exact, o.FirstOrder["A"], 0.03);
        Assert.Equal((Math.Exp(sk) - 1) / (Math.Exp(sA + sk) - 1), o.FirstOrder["k"], 0.03);
    }

    [Theory]
    [InlineData("y@", "y@")]
    [InlineData("mean(y)", "mean(y)")]
    [InlineData("1y", "1y")]
    public void RejectsMalformedQuantities(string text, string subject) =>
        Assert.Equal(subject, Assert.Throws<AnalysisException>(() => ModelQuantity.Parse(text)).Subject);
}
