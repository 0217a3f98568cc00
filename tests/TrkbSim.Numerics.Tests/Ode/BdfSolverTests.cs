using TrkbSim.Numerics.Ode;

namespace TrkbSim.Numerics.Tests.Ode;

/// <summary>
/// The variable-order BDF (NDF) solver against known solutions: error proportional to the tolerance, the stiff test set
/// references, dense output, restarts, the sparse path, Jacobian and LU reuse, and the automatic choice of BDF for large
/// stiff systems.
/// </summary>
public sealed class BdfSolverTests
{
    // Test set ROBER at t = 1e11 and HIRES at t = 321.8122 (Hairer-Wanner / Mazzia IVP test set).
    private static readonly double[] Robertson1e11 = [0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050];

    private static readonly double[] Hires321 =
    [
        0.7371312573325668e-3, 0.1442485726316185e-3, 0.5888729740967575e-4, 0.1175651343283149e-2,
        0.2386356198831331e-2, 0.6238968252742796e-2, 0.2849998395185769e-2, 0.2850001604814231e-2,
    ];

    private static double MaxRelativeError(double[] expected, ReadOnlySpan<double> actual)
    {
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / Math.Abs(expected[i]));
        }

        return worst;
    }

    [Fact]
    public void GlobalErrorIsProportionalToTheTolerance()
    {
        // y' = -y + sin t (linear, known solution): the global error at t = 10 falls about tenfold per decade of rtol.
        double[] tolerances = [1e-5, 1e-6, 1e-7, 1e-8, 1e-9];
        var errors = new double[tolerances.Length];
        for (int k = 0; k < tolerances.Length; k++)
        {
            var options = new OdeOptions { RelTol = tolerances[k], AbsTol = tolerances[k] };
            var solver = (BdfSolver)Run.To(new BdfSolver(), new ForcedDecay(), 0, [1.0], 10, options);
            errors[k] = Math.Abs(solver.State[0] - ForcedDecay.Exact(10, 1.0));
            Assert.True(errors[k] < 30 * tolerances[k], $"rtol {tolerances[k]}: error {errors[k]}");
            Assert.True(solver.Order >= 3, $"rtol {tolerances[k]}: order {solver.Order}; a smooth solution should raise the order");
        }

        double slope = Math.Log(errors[0] / errors[^1]) / Math.Log(tolerances[0] / tolerances[^1]);
        Assert.InRange(slope, 0.7, 1.3);
    }

    [Theory]
    [InlineData(1, 1e-3, 1e-7)]
    [InlineData(2, 1e-4, 1e-9)]
    [InlineData(3, 1e-7, 1e-12)]
    [InlineData(4, 1e-7, 1e-12)]
    [InlineData(5, 1e-7, 1e-12)]
    public void EachOrderConvergesAtItsOrder(int order, double loose, double tight)
    {
        // Held to one highest order, the global error of y' = -y + sin t at t = 100 falls as the number of steps to the
        // power -order: the least-squares slope of log(error) against log(steps) over nine tolerances from loose to tight.
        // The higher orders need small steps to reach their asymptotic rate (order 4 looks like 4.5 over rtol 1e-4 to
        // 1e-9, and 4.5 and 6.0 for orders 4 and 5 over a run to t = 10, where the start at order 1 takes a large share
        // of the steps). Measured with these ranges: 1.00, 2.08, 3.10, 4.00, 5.18.
        const double end = 100;
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < 9; i++)
        {
            double tol = loose * Math.Pow(tight / loose, i / 8.0);
            var solver = new BdfSolver { OrderLimit = order };
            Run.To(solver, new ForcedDecay(), 0, [1.0], end, new OdeOptions { RelTol = tol, AbsTol = tol });
            Assert.True(solver.Order <= order, $"order {solver.Order} above the limit {order}");
            x.Add(Math.Log(solver.Statistics.AcceptedSteps));
            y.Add(Math.Log(Math.Abs(solver.State[0] - ForcedDecay.Exact(end, 1.0))));
        }
        double mx = x.Average(), my = y.Average();
        double slope = -x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / x.Sum(a => (a - mx) * (a - mx));
        Assert.True(Math.Abs(slope - order) < 0.3, $"order {order}: observed order {slope:F2} over {Math.Exp(x[0]):F0} to {Math.Exp(x[^1]):F0} steps");
    }

    [Fact]
    public void RobertsonTo1e11MatchesTheTestSet()
    {
        var solver = Run.To(new BdfSolver(), new Robertson(), 0, [1.0, 0, 0], 1e11, new OdeOptions { RelTol = 1e-10, AbsTol = 1e-20 });
        Assert.True(MaxRelativeError(Robertson1e11, solver.State) < 2e-8, $"relative error {MaxRelativeError(Robertson1e11, solver.State)}");
        // The Jacobian and W's LU serve many steps each.
        SolverStatistics st = solver.Statistics;
        Assert.True(st.JacobianEvaluations * 20 < st.AcceptedSteps, st.ToString());
        Assert.True(st.LuDecompositions * 5 < st.AcceptedSteps, st.ToString());
    }

    [Fact]
    public void HiresMatchesTheTestSet()
    {
        var solver = Run.To(new BdfSolver(), new Hires(), 0, [1, 0, 0, 0, 0, 0, 0, 0.0057], 321.8122, new OdeOptions { RelTol = 1e-10, AbsTol = 1e-12 });
        Assert.True(MaxRelativeError(Hires321, solver.State) < 2e-7, $"relative error {MaxRelativeError(Hires321, solver.State)}");
    }

    [Fact]
    public void FiniteDifferenceJacobianGivesTheAnalyticAnswer()
    {
        var options = new OdeOptions { RelTol = 1e-8, AbsTol = 1e-14 };
        var analytic = Run.To(new BdfSolver(), new Robertson(), 0, [1.0, 0, 0], 1e5, options);
        var numeric = Run.To(new BdfSolver(), new WithoutJacobian(new Robertson()), 0, [1.0, 0, 0], 1e5, options);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(analytic.State[i], numeric.State[i], 1e-6 * Math.Abs(analytic.State[i]));
        }
    }

    [Fact]
    public void InterpolantIsAsAccurateAsTheStepEnds()
    {
        const double tol = 1e-8;
        var solver = new BdfSolver();
        solver.Initialize(new DampedRotation(), 0, [1.0, 0.0], new OdeOptions { RelTol = tol, AbsTol = tol });
        Span<double> y = stackalloc double[2];
        Span<double> exact = stackalloc double[2];
        double worstInside = 0, worstEnds = 0;
        int samples = 0;
        while (solver.Time < 8)
        {
            solver.Step(8);
            DampedRotation.Exact(solver.Time, exact);
            worstEnds = Math.Max(worstEnds, Math.Max(Math.Abs(solver.State[0] - exact[0]), Math.Abs(solver.State[1] - exact[1])));
            // The ends of the step are reproduced exactly.
            solver.Interpolate(solver.Time, y);
            Assert.Equal(solver.State[0], y[0], 1e-15);
            foreach (double frac in new[] { 0.1, 0.5, 0.9 })
            {
                double t = solver.PreviousTime + frac * (solver.Time - solver.PreviousTime);
                solver.Interpolate(t, y);
                DampedRotation.Exact(t, exact);
                worstInside = Math.Max(worstInside, Math.Max(Math.Abs(y[0] - exact[0]), Math.Abs(y[1] - exact[1])));
                samples++;
            }
        }

        Assert.True(samples > 100);
        Assert.True(worstInside < 2 * worstEnds + tol, $"interpolation error {worstInside}, step-end error {worstEnds}");
        Assert.True(worstEnds < 30 * tol, $"step-end error {worstEnds}");
    }

    [Fact]
    public void RestartAfterAJumpFollowsTheNewSolution()
    {
        // y' = -y + sin t; at t = 3 the state jumps by +2 (a dose): afterwards y follows the solution through (3, y(3-) + 2).
        var options = new OdeOptions { RelTol = 1e-8, AbsTol = 1e-10 };
        var solver = new BdfSolver();
        solver.Initialize(new ForcedDecay(), 0, [1.0], options);
        while (solver.Time < 3)
        {
            solver.Step(3);
        }

        Assert.Equal(3.0, solver.Time);
        double before = solver.State[0];
        solver.Restart(3, [before + 2]);
        Assert.Equal(1, solver.Statistics.Restarts);
        Assert.Equal(3.0, solver.PreviousTime);
        int order = solver.Order;
        Assert.Equal(1, order);
        while (solver.Time < 10)
        {
            solver.Step(10);
        }

        // Exact: y = (c + 1/2) e^-t + (sin t - cos t)/2 with c chosen so that y(3) = before + 2.
        double c = (before + 2 - 0.5 * (Math.Sin(3) - Math.Cos(3))) * Math.Exp(3) - 0.5;
        Assert.Equal(ForcedDecay.Exact(10, c), solver.State[0], 1e-6);
    }

    [Fact]
    public void StiffNetworkGivesTheSameSolutionDenseAndSparse()
    {
        var net = new StiffNetwork(100, 1);
        var options = new OdeOptions { RelTol = 1e-8, AbsTol = 1e-12, LinearSolver = LinearSolverKind.Dense };
        var dense = (BdfSolver)Run.To(new BdfSolver(), net, 0, net.InitialState, 5, options);
        var sparse = (BdfSolver)Run.To(new BdfSolver(), net, 0, net.InitialState, 5, options with { LinearSolver = LinearSolverKind.Sparse });
        Assert.False(dense.UsesSparseLinearSolver);
        Assert.True(sparse.UsesSparseLinearSolver);
        Assert.Equal(dense.Statistics.AcceptedSteps, sparse.Statistics.AcceptedSteps);
        for (int i = 0; i < net.Dimension; i++)
        {
            Assert.Equal(dense.State[i], sparse.State[i], 1e-9 * (1 + Math.Abs(dense.State[i])));
        }

        // Reference: Rodas5P at a tighter tolerance (its global error is about the tolerance; BDF's is tens of times it).
        var reference = Run.To(new Rodas5PSolver(), net, 0, net.InitialState, 5, new OdeOptions { RelTol = 1e-9, AbsTol = 1e-13 });
        for (int i = 0; i < net.Dimension; i++)
        {
            Assert.Equal(reference.State[i], sparse.State[i], 1e-5 * (1e-3 + Math.Abs(reference.State[i])));
        }
    }

    [Fact]
    public void AutoTakesBdfForALargeStiffSystemAndRodasForASmallOne()
    {
        var net = new StiffNetwork(AutoSolver.BdfMinimumDimension, 3);
        var auto = (AutoSolver)Run.To(new AutoSolver(), net, 0, net.InitialState, 5, new OdeOptions { RelTol = 1e-6, AbsTol = 1e-10 });
        Assert.Equal("bdf", auto.StiffMethod);
        Assert.True(auto.Switches >= 1);
        var reference = Run.To(new Rodas5PSolver(), net, 0, net.InitialState, 5, new OdeOptions { RelTol = 1e-8, AbsTol = 1e-12 });
        for (int i = 0; i < net.Dimension; i++)
        {
            Assert.Equal(reference.State[i], auto.State[i], 1e-3 * (1e-3 + Math.Abs(reference.State[i])));
        }

        var small = (AutoSolver)Run.To(new AutoSolver(), new Robertson(), 0, [1.0, 0, 0], 1e5, new OdeOptions { RelTol = 1e-6, AbsTol = 1e-12 });
        Assert.Equal("rodas5p", small.StiffMethod);
    }
}
