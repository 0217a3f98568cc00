using System.Text.Json;
using TrkbSim.Analysis.Fitting;

namespace TrkbSim.Analysis.Tests.Fitting;

public class FitOutputTests
{
    [Fact]
    public void JsonHoldsEstimatesIntervalsObjectiveAndConvergence()
    {
        var data = ExponentialDecay.Data(2, 0.2);
        var r = ParameterEstimator.Fit(ExponentialDecay.Evaluator(), data, ExponentialDecay.Parameters(),
            new FitOptions { Starts = 3, ProfileLikelihood = true });
        using var doc = JsonDocument.Parse(FitResultJson.Serialize(r));
        var root = doc.RootElement;
        var k = root.GetProperty("parameters").GetProperty("k");
        Assert.Equal(r.Estimates["k"], k.GetProperty("estimate").GetDouble());
        Assert.Equal(r.Parameters[1].CiLow, k.GetProperty("ci_low").GetDouble());
        Assert.Equal(r.Parameters[1].CiHigh, k.GetProperty("ci_high").GetDouble());
        Assert.True(k.TryGetProperty("profile_ci_low", out _));
        Assert.Equal(r.MinusTwoLogLikelihood, root.GetProperty("objective").GetProperty("minus_two_log_likelihood").GetDouble());
        Assert.Equal(r.Aic, root.GetProperty("aic").GetDouble());
        Assert.Equal("additive", root.GetProperty("error_model").GetString());
        Assert.Equal(15, root.GetProperty("residuals").GetArrayLength());
        var c = root.GetProperty("convergence");
        Assert.Equal(3, c.GetProperty("starts").GetArrayLength());
        Assert.True(c.GetProperty("converged").GetBoolean());
    }

    [Fact]
    public void NonFiniteIntervalsAreWrittenAsNull()
    {
        var model = new TrkbSim.Analysis.Evaluation.DelegateModelEvaluator([new("a", 1.0), new("b", 1.0)], ["y"], (p, t, _) => p[0] * p[1] * t);
        var t = Enumerable.Range(1, 6).Select(i => (double)i).ToArray();
        var r = ParameterEstimator.Fit(model, new ObservedData(t, ["y"], [t.Select(x => 2 * x + 0.01 * Math.Cos(x)).ToArray()]),
            [new FitParameter("a", 0.01, 100), new FitParameter("b", 0.01, 100)]);
        using var doc = JsonDocument.Parse(FitResultJson.Serialize(r));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("parameters").GetProperty("a").GetProperty("ci_high").ValueKind);
    }

    [Fact]
    public void PlotRendersAPng()
    {
        var data = ExponentialDecay.Data(2, 0.2);
        var evaluator = ExponentialDecay.Evaluator();
        var r = ParameterEstimator.Fit(evaluator, data, ExponentialDecay.Parameters());
        var path = Path.Combine(Path.GetTempPath(), $"trkbsim-fit-{Guid.NewGuid():N}.png");
        try
        {
            FitPlot.SavePng(path, evaluator, data, r);
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length > 5000, $"PNG of {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("TRKBSIM_KEEP_PLOT") is not { } keep) File.Delete(path);
            else File.Copy(path, keep, overwrite: true);
        }
    }
}
