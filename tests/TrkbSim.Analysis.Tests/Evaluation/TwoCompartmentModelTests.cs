using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Fitting;
using TrkbSim.Analysis.Sensitivity;
using TrkbSim.Analysis.Tests.Fitting;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation;

namespace TrkbSim.Analysis.Tests.Evaluation;

/// <summary>Fitting and sensitivity on an ODE model: a two-compartment system with first-order exchange and elimination.</summary>
public class TwoCompartmentModelTests
{
    private const string Text = """
        model two_compartment
          compartment central = 1, peripheral = 1
          species C in central, P in peripheral
          C = 10; P = 0
          distribution: C -> P; k12*C
          redistribution: P -> C; k21*P
          elimination: C -> ; kel*C
          k12 = 0.5; k21 = 0.2; kel = 0.3
        end
        """;

    private static readonly Dictionary<string, double> Truth = new() { ["k12"] = 0.5, ["k21"] = 0.2, ["kel"] = 0.3 };


    private static SimulatorModelEvaluator Evaluator() => SimulatorModelEvaluator.Create(AntimonyReader.Parse(Text));

    /// <summary>Analytic C(t): the bi-exponential solution of the linear system.</summary>
    private static double AnalyticC(double t, double k12, double k21, double kel)
    {
        var sum = k12 + k21 + kel;
        var disc = Math.Sqrt(sum * sum - 4 * k21 * kel);
        var alpha = (sum + disc) / 2;
        var beta = (sum - disc) / 2;
        return 10 * ((alpha - k21) * Math.Exp(-alpha * t) + (k21 - beta) * Math.Exp(-beta * t)) / (alpha - beta);
    }

    [Fact]
    public void EvaluatorMatchesTheAnalyticSolution()
    {
        var e = Evaluator();
        Assert.True(e.HasParameter("k12"));
        Assert.True(e.HasOutput("C"));
        Assert.False(e.HasParameter("nope"));
        Assert.Equal(0.5, e.NominalValue("k12"));
        var times = new[] { 0.0, 0.5, 2, 8, 24 };
        var y = new[] { new double[times.Length] };
        e.Bind(["k12", "kel"], ["C"], times).Evaluate([0.8, 0.1], y);
        for (var i = 0; i < times.Length; i++) Assert.Equal(AnalyticC(times[i], 0.8, 0.2, 0.1), y[0][i], 6);
    }

    [Fact]
    public void RecoversRateConstantsWithIntervalsCoveringTheTruth()
    {
        var evaluator = Evaluator();
        var times = new[] { 0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 10, 12, 16, 20, 24 };
        var covered = new Dictionary<string, int> { ["k12"] = 0, ["k21"] = 0, ["kel"] = 0 };
        const int seeds = 8;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var rng = new Random(100 + seed);
            var c = times.Select(t => AnalyticC(t, 0.5, 0.2, 0.3) * (1 + 0.05 * ExponentialDecay.Gaussian(rng))).ToArray();
            var data = new ObservedData(times, ["C"], [c]);
            var r = ParameterEstimator.Fit(evaluator, data,
                [new FitParameter("k12", 0.01, 10), new FitParameter("k21", 0.01, 10), new FitParameter("kel", 0.01, 10)],
                new FitOptions { ErrorModel = ErrorModel.Proportional, Starts = 3, Seed = seed });
            Assert.True(r.Convergence.Converged, r.Convergence.Reason.ToString());
            foreach (var e in r.Parameters)
            {
                Assert.InRange(e.Estimate, 0.5 * Truth[e.Id], 2 * Truth[e.Id]);
                if (e.CiLow <= Truth[e.Id] && Truth[e.Id] <= e.CiHigh) covered[e.Id]++;
            }
        }
        // 95 % intervals over 8 data sets: at least 6 cover (P(X <= 5) ~ 0.6 % at a true 95 % rate).
        Assert.All(covered, kv => Assert.InRange(kv.Value, 6, seeds));
    }

    [Fact]
    public void LocalSensitivityOfTheOdeMatchesAnalyticDerivatives()
    {
        var times = new[] { 1.0, 4, 12 };
        var r = LocalSensitivity.Compute(Evaluator(), ["k12", "kel"], ["C"], times, step: 1e-3);
        for (var i = 0; i < times.Length; i++)
        {
            const double h = 1e-6;
            var dk = (AnalyticC(times[i], 0.5 * (1 + h), 0.2, 0.3) - AnalyticC(times[i], 0.5 * (1 - h), 0.2, 0.3)) / (2 * h)
                / AnalyticC(times[i], 0.5, 0.2, 0.3);
            Assert.Equal(dk, r.Normalized[0][0][i], 4);
        }
    }

    [Fact]
    public void SobolOnTheOdeModelIsThreadIndependent()
    {
        var f = new ModelSampleFunction(Evaluator(), ["k12", "kel"], [ModelQuantity.Parse("auc(C)"), ModelQuantity.Parse("C@4")],
            Enumerable.Range(0, 1601).Select(i => i * 0.25).ToArray());
        var p = new[] { ParameterDistribution.Parse("k12=uniform(0.3,0.7)"), ParameterDistribution.Parse("kel=lognormal(-1.2,0.3)") };
        SobolResult Run(int threads) => SobolAnalysis.Run(f, p, new SobolOptions { SampleSize = 128, BootstrapSamples = 20, MaxDegreeOfParallelism = threads });
        var a = Run(1);
        var b = Run(4);
        Assert.Equal(a.Outputs[0].TotalOrder, b.Outputs[0].TotalOrder);
        Assert.Equal(a.Outputs[1].FirstOrder, b.Outputs[1].FirstOrder);
        // AUC of C to infinity is 10/kel whatever k12 is (400 h is near infinity here): kel carries all of its variance.
        Assert.True(a.Outputs[0].TotalOrder["kel"] > 0.95);
        Assert.True(a.Outputs[0].TotalOrder["k12"] < 0.05);
    }

    [Fact]
    public void SamplesSharingLanesGiveTheRowByRowResults()
    {
        // The sample runner hands blocks of rows to a worker, which runs them on shared vector lanes: every output must
        // be bit-identical to evaluating the row alone, and a row whose run fails (a step limit) gets NaN as before.
        var evaluator = SimulatorModelEvaluator.Create(AntimonyReader.Parse(Text), new SimulationSettings { RelTol = 1e-8, AbsTol = 1e-11, MaxSteps = 400 });
        var f = new ModelSampleFunction(evaluator, ["k12", "kel"], [ModelQuantity.Parse("auc(C)"), ModelQuantity.Parse("C@4"), ModelQuantity.Parse("max(P)")],
            Enumerable.Range(0, 97).Select(i => i * 0.25).ToArray());
        var rng = new Random(3);
        var rows = Enumerable.Range(0, 100).Select(_ => new[] { 0.2 + rng.NextDouble(), 0.1 + rng.NextDouble() }).ToArray();
        rows[5] = [0.5, -40.0]; // C grows as exp(40 t) and overflows long before the end
        Assert.True(LaneBatch.Supports(evaluator.Compiled, new SimulationSettings()) || !Lanes.Accelerated);
        var together = SampleRunner.Run(f, rows, 1); // blocks of 6 rows
        var all = rows.Select(_ => new double[3]).ToArray();
        f.CreateWorker().EvaluateMany(rows, all); // one block of 100
        var worker = f.CreateWorker();
        for (int i = 0; i < rows.Length; i++)
        {
            var alone = new double[3];
            try { worker.Evaluate(rows[i], alone); }
            catch (OdeSolverException) { Array.Fill(alone, double.NaN); }
            Assert.Equal(alone.Select(BitConverter.DoubleToInt64Bits), together[i].Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(alone.Select(BitConverter.DoubleToInt64Bits), all[i].Select(BitConverter.DoubleToInt64Bits));
        }
        Assert.True(double.IsNaN(together[5][0]));
        Assert.False(double.IsNaN(together[6][0]));
    }
}
