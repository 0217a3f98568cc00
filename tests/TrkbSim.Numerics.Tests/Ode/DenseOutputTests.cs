using TrkbSim.Numerics.Ode;

namespace TrkbSim.Numerics.Tests.Ode;

/// <summary>Interpolated states inside steps against analytic solutions.</summary>
public sealed class DenseOutputTests
{
    [Theory]
    [InlineData("tsit5")]
    [InlineData("rodas5p")]
    [InlineData("rodas4")]
    [InlineData("auto")]
    public void InterpolantMatchesTheExactSolutionInsideSteps(string solverName)
    {
        const double tol = 1e-8;
        var options = new OdeOptions { RelTol = tol, AbsTol = tol };
        OdeSolver solver = SolverFactory.Create(solverName);
        solver.Initialize(new DampedRotation(), 0, [1.0, 0.0], options);
        Span<double> y = stackalloc double[2];
        Span<double> exact = stackalloc double[2];
        double worstInside = 0, worstEnds = 0;
        int samples = 0;
        while (solver.Time < 8)
        {
            solver.Step(8);
            DampedRotation.Exact(solver.Time, exact);
            worstEnds = Math.Max(worstEnds, Math.Max(Math.Abs(solver.State[0] - exact[0]), Math.Abs(solver.State[1] - exact[1])));
            foreach (double frac in new[] { 0.25, 0.5, 0.75 })
            {
                double t = solver.PreviousTime + frac * (solver.Time - solver.PreviousTime);
                solver.Interpolate(t, y);
                DampedRotation.Exact(t, exact);
                worstInside = Math.Max(worstInside, Math.Max(Math.Abs(y[0] - exact[0]), Math.Abs(y[1] - exact[1])));
                samples++;
            }
        }

        Assert.True(samples > 30);
        Assert.True(worstInside < 10 * tol, $"interpolation error {worstInside}, step-end error {worstEnds}");
    }

    [Theory]
    [InlineData("tsit5")]
    [InlineData("rodas5p")]
    [InlineData("bdf")]
    [InlineData("rodas4")]
    public void InterpolantReproducesTheStepEnds(string solverName)
    {
        OdeSolver solver = SolverFactory.Create(solverName);
        solver.Initialize(new ForcedDecay(), 0, [2.0], new OdeOptions { RelTol = 1e-6 });
        Span<double> y = stackalloc double[1];
        solver.Interpolate(0, y);
        Assert.Equal(2.0, y[0]);
        double previous = solver.State[0];
        for (int i = 0; i < 20; i++)
        {
            solver.Step(10);
            solver.Interpolate(solver.PreviousTime, y);
            Assert.Equal(previous, y[0], 1e-12);
            solver.Interpolate(solver.Time, y);
            Assert.Equal(solver.State[0], y[0], 1e-12);
            previous = solver.State[0];
        }
    }

    [Theory]
    [InlineData("tsit5")]
    [InlineData("rodas5p")]
    [InlineData("bdf")]
    [InlineData("auto")]
    public void StepLandsExactlyOnTStop(string solverName)
    {
        OdeSolver solver = SolverFactory.Create(solverName);
        solver.Initialize(new ForcedDecay(), 0, [1.0], new OdeOptions());
        double[] stops = [0.1, 0.30000000000000004, 1.7, 1.7000001, 5];
        foreach (double stop in stops)
        {
            while (solver.Time < stop)
            {
                solver.Step(stop);
                Assert.True(solver.Time <= stop);
            }

            Assert.Equal(stop, solver.Time);
        }

        Assert.Equal(ForcedDecay.Exact(5, 1.0), solver.State[0], 1e-5);
    }
}
