using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Scans;
using TrkbSim.Analysis.Sensitivity;
using TrkbSim.Modeling.Antimony;

namespace TrkbSim.Analysis.Tests.Scans;

public class ParameterScanTests
{
    static SimulatorModelEvaluator Model() => SimulatorModelEvaluator.Create(AntimonyReader.Parse("model m()\n x' = k0 - k1*x; x = 0; k0 = 2; k1 = 0.5;\nend\n", "m.ant"));

    static double Analytic(double k0, double k1, double t) => k0 / k1 * (1 - Math.Exp(-k1 * t));

    [Fact]
    public void AOneParameterScanGivesTheAnalyticValuesAtEachGridPoint()
    {
        var axis = ScanAxis.Parse("k1=0.1:10:9:log");
        var r = ParameterScan.Run(Model(), [axis], [ModelQuantity.Parse("x@3")], [0, 1, 2, 3]);
        Assert.Equal(9, r.Points.Length);
        Assert.Equal(0.1, r.Points[0][0], 12);
        Assert.Equal(1, r.Points[4][0], 12);
        Assert.Equal(10, r.Points[8][0], 12);
        for (int i = 0; i < 9; i++) Assert.Equal(Analytic(2, r.Points[i][0], 3), r.Outputs[i][0], 5);
        Assert.Equal(0, r.Failed);
    }

    [Fact]
    public void ATwoParameterScanVariesTheFirstAxisSlowestAndDoesNotDependOnThreads()
    {
        var axes = new[] { ScanAxis.Parse("k0=1:3:3"), ScanAxis.Parse("k1=0.5:1.5:5") };
        var quantities = new[] { ModelQuantity.Parse("x@2"), ModelQuantity.Parse("max(x)") };
        var one = ParameterScan.Run(Model(), axes, quantities, [0, 1, 2], threads: 1);
        var many = ParameterScan.Run(Model(), axes, quantities, [0, 1, 2], threads: 4);
        Assert.Equal(15, one.Points.Length);
        Assert.Equal([1.0, 0.5], one.Points[0]);
        Assert.Equal([1.0, 0.75], one.Points[1]);
        Assert.Equal([2.0, 0.5], one.Points[5]);
        for (int i = 0; i < 15; i++)
        {
            Assert.Equal(Analytic(one.Points[i][0], one.Points[i][1], 2), one.Outputs[i][0], 5);
            Assert.Equal(one.Outputs[i], many.Outputs[i]);
        }
        Assert.Equal("k0,k1,x@2,max(x)", ScanOutput.Csv(one).Split('\n')[0]);
    }

    [Theory]
    [InlineData("k1", "expected a parameter id and '='")]
    [InlineData("k1=1:2", "expected lo:hi:n")]
    [InlineData("k1=2:1:5", "hi must be greater than lo")]
    [InlineData("k1=0:1:5:log", "a log scale needs lo > 0")]
    [InlineData("k1=0.1:1:0", "is not a count from 1 to 10000")]
    [InlineData("k1=0.1:1:5:ln", "allowed: log")]
    public void BadAxesAreRefusedWithTheForm(string text, string expected)
    {
        var e = Assert.Throws<AnalysisException>(() => ScanAxis.Parse(text));
        Assert.Contains(expected, e.Message);
        Assert.Contains("form: P=lo:hi:n", e.Message);
    }

    [Fact]
    public void UnknownParametersAndTooManyAxesAreRefused()
    {
        Assert.Contains("not in the model", Assert.Throws<AnalysisException>(() =>
            ParameterScan.Run(Model(), [ScanAxis.Parse("q=1:2:3")], [ModelQuantity.Parse("x@1")], [0, 1])).Message);
        Assert.Contains("one or two", Assert.Throws<AnalysisException>(() =>
            ParameterScan.Run(Model(), [ScanAxis.Parse("k0=1:2:2"), ScanAxis.Parse("k1=1:2:2"), ScanAxis.Parse("x=1:2:2")], [ModelQuantity.Parse("x@1")], [0, 1])).Message);
    }
}
