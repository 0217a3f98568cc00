using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Fitting;

namespace TrkbSim.Analysis.Tests.Fitting;

public class ParameterEstimatorTests
{
    [Fact]
    public void NoiseFreeDataGiveTheTrueValues()
    {
        var data = ExponentialDecay.Data(1, 0.0);
        var r = ParameterEstimator.Fit(ExponentialDecay.Evaluator(), data, ExponentialDecay.Parameters());
        Assert.Equal(ExponentialDecay.TrueA, r.Estimates["A"], 6);
        Assert.Equal(ExponentialDecay.TrueK, r.Estimates["k"], 8);
        Assert.True(r.Convergence.Converged, r.Convergence.Reason.ToString());
    }

    [Theory]
    [InlineData(ErrorModel.Additive, 0.2)]
    [InlineData(ErrorModel.Proportional, 0.05)]
    public void WaldIntervalsCoverTheTrueValuesAtAboutTheNominalRate(ErrorModel model, double noise)
    {
        const int seeds = 40;
        int coverA = 0, coverK = 0;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var data = ExponentialDecay.Data(seed, noise, proportional: model == ErrorModel.Proportional);
            var r = ParameterEstimator.Fit(ExponentialDecay.Evaluator(), data, ExponentialDecay.Parameters(),
                new FitOptions { ErrorModel = model });
            var a = r.Parameters[0];
            var k = r.Parameters[1];
            Assert.InRange(a.Estimate, 0.8 * ExponentialDecay.TrueA, 1.2 * ExponentialDecay.TrueA);
            Assert.InRange(k.Estimate, 0.8 * ExponentialDecay.TrueK, 1.2 * ExponentialDecay.TrueK);
            Assert.True(a.CiLow < a.Estimate && a.Estimate < a.CiHigh);
            if (a.CiLow <= ExponentialDecay.TrueA && ExponentialDecay.TrueA <= a.CiHigh) coverA++;
            if (k.CiLow <= ExponentialDecay.TrueK && ExponentialDecay.TrueK <= k.CiHigh) coverK++;
            Assert.InRange(r.Sigma["y"], 0.4 * noise, 1.8 * noise);
        }
        // 95 % intervals: at least 34 of 40 (P(X <= 33) ~ 1 % for a true 95 % rate).
        Assert.InRange(coverA, 34, seeds);
        Assert.InRange(coverK, 34, seeds);
    }

    [Fact]
    public void ProfileIntervalsAgreeWithWaldForAWellDeterminedProblem()
    {
        var data = ExponentialDecay.Data(7, 0.2);
        var r = ParameterEstimator.Fit(ExponentialDecay.Evaluator(), data, ExponentialDecay.Parameters(),
            new FitOptions { ProfileLikelihood = true });
        foreach (var p in r.Parameters)
        {
            Assert.NotNull(p.ProfileCiLow);
            Assert.NotNull(p.ProfileCiHigh);
            Assert.False(p.ProfileOpenLow || p.ProfileOpenHigh);
            Assert.True(p.ProfileCiLow < p.Estimate && p.Estimate < p.ProfileCiHigh);
            // Profile intervals use chi-square(1), Wald ones Student t(n-p): close, not equal.
            var widthWald = Math.Log(p.CiHigh / p.CiLow);
            var widthProfile = Math.Log(p.ProfileCiHigh!.Value / p.ProfileCiLow!.Value);
            Assert.InRange(widthProfile / widthWald, 0.6, 1.2);
        }
    }

    [Fact]
    public void ObjectiveAicAndBicFollowTheirDefinitions()
    {
        var data = ExponentialDecay.Data(3, 0.2);
        var r = ParameterEstimator.Fit(ExponentialDecay.Evaluator(), data, ExponentialDecay.Parameters());
        var n = r.ObservationCount;
        var sigma2 = r.Ssr / n;
        Assert.Equal(n * (Math.Log(2 * Math.PI * sigma2) + 1), r.MinusTwoLogLikelihood, 9);
        Assert.Equal(3, r.EstimatedCount);
        Assert.Equal(r.MinusTwoLogLikelihood + 6, r.Aic, 12);
        Assert.Equal(r.MinusTwoLogLikelihood + 3 * Math.Log(n), r.Bic, 12);
        Assert.Equal(r.Ssr, r.Residuals.Sum(x => x.Residual * x.Residual), 12);
    }

    [Fact]
    public void MissingValuesAreSkipped()
    {
        var full = ExponentialDecay.Data(5, 0.0);
        var y = (double[])full.Values[0].Clone();
        y[2] = double.NaN; y[9] = double.NaN;
        var data = new ObservedData(full.Times, ["y"], [y]);
        var r = ParameterEstimator.Fit(ExponentialDecay.Evaluator(), data, ExponentialDecay.Parameters());
        Assert.Equal(13, r.ObservationCount);
        Assert.Equal(ExponentialDecay.TrueK, r.Estimates["k"], 8);
    }

    [Fact]
    public void MultipleStartsEscapeALocalMinimumAndDoNotDependOnThreads()
    {
        // y = sin(w t): from w = 0.6 the fit falls into a local minimum; the true w is 2.
        var model = new DelegateModelEvaluator([new("w", 0.6)], ["y"], (p, t, _) => Math.Sin(p[0] * t));
        var t = Enumerable.Range(0, 40).Select(i => 0.25 * i).ToArray();
        var data = new ObservedData(t, ["y"], [t.Select(x => Math.Sin(2.0 * x)).ToArray()]);
        var parameters = new[] { new FitParameter("w", 0.1, 10) };
        var single = ParameterEstimator.Fit(model, data, parameters);
        Assert.NotEqual(2.0, single.Estimates["w"], 3);

        var one = ParameterEstimator.Fit(model, data, parameters, new FitOptions { Starts = 12, Seed = 4, MaxDegreeOfParallelism = 1 });
        var four = ParameterEstimator.Fit(model, data, parameters, new FitOptions { Starts = 12, Seed = 4, MaxDegreeOfParallelism = 4 });
        Assert.Equal(2.0, one.Estimates["w"], 6);
        Assert.Equal(one.Estimates["w"], four.Estimates["w"]);
        Assert.Equal(one.MinusTwoLogLikelihood, four.MinusTwoLogLikelihood);
        Assert.Equal(one.Convergence.BestStart, four.Convergence.BestStart);
        Assert.Equal(12, one.Convergence.Starts.Count);
    }

    [Fact]
    public void TwoVariablesWithDifferentNoiseGetTheirOwnSigma()
    {
        var model = new DelegateModelEvaluator([new("a", 1.0), new("b", 1.0)], ["u", "v"],
            (p, t, k) => k == 0 ? p[0] * Math.Exp(-p[1] * t) : p[0] * (1 - Math.Exp(-p[1] * t)));
        var rng = new Random(11);
        var t = Enumerable.Range(0, 30).Select(i => 0.3 * i).ToArray();
        var u = t.Select(x => 5 * Math.Exp(-0.4 * x) + 0.05 * ExponentialDecay.Gaussian(rng)).ToArray();
        var v = t.Select(x => 5 * (1 - Math.Exp(-0.4 * x)) + 0.5 * ExponentialDecay.Gaussian(rng)).ToArray();
        var r = ParameterEstimator.Fit(model, new ObservedData(t, ["u", "v"], [u, v]),
            [new FitParameter("a", 0.1, 100), new FitParameter("b", 0.01, 10)]);
        Assert.InRange(r.Sigma["u"], 0.03, 0.08);
        Assert.InRange(r.Sigma["v"], 0.3, 0.8);
        Assert.InRange(r.Estimates["b"], 0.38, 0.42);
        Assert.Equal(4, r.EstimatedCount);
    }

    [Fact]
    public void AnUnidentifiableParameterGetsAnInfiniteInterval()
    {
        // Only the product a*b is determined by the data.
        var model = new DelegateModelEvaluator([new("a", 1.0), new("b", 1.0)], ["y"], (p, t, _) => p[0] * p[1] * t);
        var t = Enumerable.Range(1, 10).Select(i => (double)i).ToArray();
        var data = new ObservedData(t, ["y"], [t.Select(x => 2 * x + 0.01 * Math.Sin(7 * x)).ToArray()]);
        var r = ParameterEstimator.Fit(model, data, [new FitParameter("a", 0.01, 100), new FitParameter("b", 0.01, 100)]);
        Assert.Equal(2.0, r.Estimates["a"] * r.Estimates["b"], 2);
        Assert.All(r.Parameters, p => Assert.True(double.IsPositiveInfinity(p.CiHigh)));
    }
}
