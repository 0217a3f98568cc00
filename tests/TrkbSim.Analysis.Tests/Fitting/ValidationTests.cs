using TrkbSim.Analysis.Fitting;

namespace TrkbSim.Analysis.Tests.Fitting;

public class ValidationTests
{
    private static AnalysisException FitError(ObservedData data, params FitParameter[] parameters) =>
        Assert.Throws<AnalysisException>(() => ParameterEstimator.Fit(ExponentialDecay.Evaluator(), data, parameters));

    [Fact]
    public void ParameterNotInTheModel()
    {
        var e = FitError(ExponentialDecay.Data(1, 0.1), new FitParameter("kk", 0.1, 1));
        Assert.Equal("kk", e.Subject);
        Assert.Contains("not in the model", e.Message);
    }

    [Fact]
    public void LowAboveHigh()
    {
        var e = FitError(ExponentialDecay.Data(1, 0.1), new FitParameter("k", 2, 1));
        Assert.Equal("k", e.Subject);
        Assert.Contains("must be below", e.Message);
    }

    [Fact]
    public void NonPositiveBoundInLogScale()
    {
        var e = FitError(ExponentialDecay.Data(1, 0.1), new FitParameter("A", 0, 10));
        Assert.Equal("A", e.Subject);
        Assert.Contains("positive", e.Message);
        // The same bound is fine on a linear scale.
        var r = ParameterEstimator.Fit(ExponentialDecay.Evaluator(), ExponentialDecay.Data(1, 0.0),
            [new FitParameter("A", 0, 100) { LogScale = false }, new FitParameter("k", 0.01, 1)]);
        Assert.Equal(ExponentialDecay.TrueA, r.Estimates["A"], 6);
    }

    [Fact]
    public void DataColumnNotInTheModel()
    {
        var data = new ObservedData([0, 1, 2, 3], ["y", "z"], [[1, 2, 3, 4], [1, 2, 3, 4]]);
        var e = FitError(data, new FitParameter("k", 0.1, 1));
        Assert.Equal("z", e.Subject);
    }

    [Fact]
    public void TooFewDataPoints()
    {
        var data = new ObservedData([0, 1, 2], ["y"], [[10, double.NaN, 5]]);
        var e = FitError(data, ExponentialDecay.Parameters());
        Assert.Contains("too few data points", e.Message);
        Assert.Contains("2 observations for 2 parameters", e.Message);
    }

    [Fact]
    public void NoTimeColumn()
    {
        var e = Assert.Throws<AnalysisException>(() => ObservedData.ParseCsv("t,y\n0,1\n1,2\n", "obs.csv"));
        Assert.Equal("time", e.Subject);
        Assert.Contains("no time column", e.Message);
    }

    [Fact]
    public void NonMonotoneTimes()
    {
        var e = Assert.Throws<AnalysisException>(() => ObservedData.ParseCsv("time,y\n0,1\n2,2\n1,3\n", "obs.csv"));
        Assert.Equal("time", e.Subject);
        Assert.Contains("not monotone", e.Message);
        Assert.Contains("row 3", e.Message);
    }

    [Fact]
    public void BadNumberNamesLineAndColumn()
    {
        var e = Assert.Throws<AnalysisException>(() => ObservedData.ParseCsv("time,y\n0,1\n1,abc\n", "obs.csv"));
        Assert.Equal("y", e.Subject);
        Assert.StartsWith("obs.csv:3:2:", e.Message);
    }

    [Fact]
    public void CsvWithMissingValuesAndReplicates()
    {
        var d = ObservedData.ParseCsv("# comment\ntime,y,z\n0,1,\n1,NaN,2\n1,3,4\n", "obs.csv");
        Assert.Equal(["y", "z"], d.Variables);
        Assert.Equal([0.0, 1, 1], d.Times);
        Assert.True(double.IsNaN(d.Values[1][0]));
        Assert.True(double.IsNaN(d.Values[0][1]));
        Assert.Equal(4, d.ObservationCount);
    }
}

public class FitParameterParseTests
{
    [Fact]
    public void ParsesBoundsInitialAndScale()
    {
        Assert.Equal(new FitParameter("k1", 0.01, 10), FitParameter.Parse("k1=0.01:10"));
        Assert.Equal(new FitParameter("V", 1, 100, 20), FitParameter.Parse(" V = 1:100:20 "));
        var p = FitParameter.Parse("offset=-1:1:0:lin");
        Assert.False(p.LogScale);
        Assert.Equal((-1.0, 1.0, (double?)0.0), (p.Low, p.High, p.Initial));
    }

    [Theory]
    [InlineData("k1")]
    [InlineData("k1=1")]
    [InlineData("k1=1:x")]
    [InlineData("=1:2")]
    public void RejectsMalformedText(string text) =>
        Assert.Throws<AnalysisException>(() => FitParameter.Parse(text));
}
