using TrkbSim.Analysis.Sensitivity;

namespace TrkbSim.Analysis.Tests.Sensitivity;

public class MorrisScreeningTests
{
    /// <summary>
    /// Exact mu* and sigma of the elementary effects over the Morris grid: the lower point's level of the moved
    /// parameter is uniform over the lower half of the levels, every other parameter uniform over all levels.
    /// </summary>
    private static (double[] MuStar, double[] Sigma) GridExpectation(int p)
    {
        var delta = p / (2.0 * (p - 1));
        var levels = Enumerable.Range(0, p).Select(k => k / (p - 1.0)).ToArray();
        double X(double u) => -Math.PI + 2 * Math.PI * u;
        var muStar = new double[3];
        var sigma = new double[3];
        for (var i = 0; i < 3; i++)
        {
            var effects = new List<double>();
            foreach (var l in levels.Take(p / 2))
                foreach (var a in levels)
                    foreach (var b in levels)
                    {
                        var others = new[] { a, b };
                        var x = new double[3];
                        for (int c = 0, o = 0; c < 3; c++) x[c] = c == i ? l : others[o++];
                        var y = (double[])x.Clone();
                        y[i] = l + delta;
                        effects.Add((Ishigami.Value(y.Select(X).ToArray()) - Ishigami.Value(x.Select(X).ToArray())) / delta);
                    }
            muStar[i] = effects.Average(Math.Abs);
            var m = effects.Average();
            sigma[i] = Math.Sqrt(effects.Sum(e => (e - m) * (e - m)) / effects.Count);
        }
        return (muStar, sigma);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    public void IshigamiEffectsMatchTheirGridExpectationAndRanking(int levels)
    {
        var (muStar, sigma) = GridExpectation(levels);
        var r = MorrisScreening.Run(Ishigami.Function(), Ishigami.Parameters(),
            new MorrisOptions { Trajectories = 2000, Levels = levels, Seed = 5 });
        var o = Assert.Single(r.Outputs);
        Assert.Equal(2000 * 4, r.Evaluations);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(muStar[i], o.MuStar[$"x{i + 1}"], muStar[i] * 0.07);
            Assert.Equal(sigma[i], o.Sigma[$"x{i + 1}"], sigma[i] * 0.07);
        }
        // x3 matters only through its interaction with x1: mu* well above 0 but sigma larger than mu*.
        Assert.True(o.MuStar["x3"] > 0.5 * o.MuStar["x1"]);
        Assert.True(o.Sigma["x3"] > o.MuStar["x3"]);
        var expectedOrder = Enumerable.Range(0, 3).OrderByDescending(i => muStar[i]).Select(i => $"x{i + 1}");
        if (levels == 8)
            Assert.Equal(expectedOrder, o.MuStar.OrderByDescending(kv => kv.Value).Select(kv => kv.Key));
    }

    [Fact]
    public void LinearFunctionHasConstantEffects()
    {
        // y = 2 x1 - 5 x2 on unit ranges [0,1] and [0,10]: effects per unit range are 2 and -50, sigma 0.
        var f = new DelegateSampleFunction(["y"], (x, y) => y[0] = 2 * x[0] - 5 * x[1]);
        var p = new[] { ParameterDistribution.Parse("a=uniform(0,1)"), ParameterDistribution.Parse("b=uniform(0,10)") };
        var o = MorrisScreening.Run(f, p, new MorrisOptions { Trajectories = 10 }).Outputs[0];
        Assert.Equal(2, o.Mu["a"], 10);
        Assert.Equal(-50, o.Mu["b"], 10);
        Assert.Equal(50, o.MuStar["b"], 10);
        Assert.Equal(0, o.Sigma["a"], 10);
    }

    [Fact]
    public void SameSeedSameAnswerForOneAndFourThreads()
    {
        MorrisEffects Run(int threads) => MorrisScreening.Run(Ishigami.Function(), Ishigami.Parameters(),
            new MorrisOptions { Trajectories = 100, Seed = 3, MaxDegreeOfParallelism = threads }).Outputs[0];
        var a = Run(1);
        var b = Run(4);
        Assert.Equal(a.MuStar, b.MuStar);
        Assert.Equal(a.Sigma, b.Sigma);
    }
}
