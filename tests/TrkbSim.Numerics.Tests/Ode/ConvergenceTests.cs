using TrkbSim.Numerics.Ode;

namespace TrkbSim.Numerics.Tests.Ode;

/// <summary>Observed orders of accuracy against analytic solutions.</summary>
public sealed class ConvergenceTests
{
    // Least-squares slope of -log(error) against log(steps).
    private static double ObservedOrder(IReadOnlyList<(double Steps, double Error)> points)
    {
        double mx = points.Average(p => Math.Log(p.Steps)), my = points.Average(p => Math.Log(p.Error));
        double sxy = points.Sum(p => (Math.Log(p.Steps) - mx) * (Math.Log(p.Error) - my));
        double sxx = points.Sum(p => Math.Pow(Math.Log(p.Steps) - mx, 2));
        return -sxy / sxx;
    }

    private static double FixedStepError(string solverName, int steps)
    {
        const double tEnd = 4.0;
        double h = tEnd / steps;
        // A huge tolerance accepts every step, and MaxStep pins the step size: a fixed-step integration.
        var options = new OdeOptions { RelTol = 1, AbsTol = 1, InitialStep = h, MaxStep = h };
        OdeSolver solver = Run.To(SolverFactory.Create(solverName), new Logistic(), 0, [0.1], tEnd, options);
        Assert.Equal(steps, solver.Statistics.AcceptedSteps);
        Assert.Equal(0, solver.Statistics.RejectedSteps);
        return Math.Abs(solver.State[0] - Logistic.Exact(tEnd, 0.1));
    }

    [Theory]
    [InlineData("tsit5", 4.6, 6.2)]
    [InlineData("rodas5p", 4.6, 6.2)]
    [InlineData("rodas4", 3.6, 4.6)]
    public void FixedStepErrorFallsWithTheMethodsOrder(string solverName, double minOrder, double maxOrder)
    {
        var points = new[] { 10, 20, 40, 80 }.Select(n => ((double)n, FixedStepError(solverName, n))).ToList();
        double order = ObservedOrder(points);
        Assert.InRange(order, minOrder, maxOrder);
    }

    [Theory]
    [InlineData("tsit5")]
    [InlineData("rodas5p")]
    public void AdaptiveErrorAgainstStepCountShowsFifthOrder(string solverName)
    {
        var points = new List<(double, double)>();
        foreach (double tol in new[] { 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10 })
        {
            var options = new OdeOptions { RelTol = tol, AbsTol = tol * 1e-2 };
            OdeSolver solver = Run.To(SolverFactory.Create(solverName), new ForcedDecay(), 0, [1.0], 10, options);
            double error = Math.Abs(solver.State[0] - ForcedDecay.Exact(10, 1.0));
            points.Add((solver.Statistics.AcceptedSteps, error));
        }

        double order = ObservedOrder(points);
        Assert.InRange(order, 4.3, 6.5);
    }

    [Theory]
    [InlineData("tsit5")]
    [InlineData("rodas5p")]
    [InlineData("rodas4")]
    [InlineData("auto")]
    public void GlobalErrorFollowsTheTolerance(string solverName)
    {
        Span<double> exact = stackalloc double[2];
        foreach (double tol in new[] { 1e-4, 1e-7, 1e-10 })
        {
            var options = new OdeOptions { RelTol = tol, AbsTol = tol };
            OdeSolver solver = Run.To(SolverFactory.Create(solverName), new DampedRotation(), 0, [1.0, 0.0], 5, options);
            DampedRotation.Exact(5, exact);
            double error = Math.Max(Math.Abs(solver.State[0] - exact[0]), Math.Abs(solver.State[1] - exact[1]));
            Assert.True(error < 20 * tol, $"{solverName} at tol {tol}: error {error}");
        }
    }
}
