using TrkbSim.Numerics.Ode;

namespace TrkbSim.Numerics.Tests.Ode;

/// <summary>Continuing after a discontinuous state change, as after a dose or event.</summary>
public sealed class RestartTests
{
    [Theory]
    [InlineData("tsit5")]
    [InlineData("rodas5p")]
    [InlineData("bdf")]
    [InlineData("rodas4")]
    [InlineData("auto")]
    public void RestartContinuesFromTheNewState(string solverName)
    {
        // y' = -y + sin t on [0, 3], then y jumps by +2 (a bolus) and continues to 6.
        OdeSolver solver = SolverFactory.Create(solverName);
        var options = new OdeOptions { RelTol = 1e-9, AbsTol = 1e-12 };
        solver.Initialize(new ForcedDecay(), 0, [1.0], options);
        while (solver.Time < 3)
        {
            solver.Step(3);
        }

        double atJump = ForcedDecay.Exact(3, 1.0);
        Assert.Equal(atJump, solver.State[0], 1e-8);
        double after = solver.State[0] + 2;
        solver.Restart(3, [after]);
        Assert.Equal(3, solver.Time);
        Assert.Equal(3, solver.PreviousTime);
        Assert.Equal(after, solver.State[0]);
        Span<double> y = stackalloc double[1];
        solver.Interpolate(3, y);
        Assert.Equal(after, y[0]);
        while (solver.Time < 6)
        {
            solver.Step(6);
        }

        // Exact continuation: same equation with a shifted start.
        double c = after - 0.5 * (Math.Sin(3) - Math.Cos(3));
        double expected = c * Math.Exp(-(6 - 3)) + 0.5 * (Math.Sin(6) - Math.Cos(6));
        Assert.Equal(expected, solver.State[0], 1e-8);
        Assert.Equal(1, solver.Statistics.Restarts);
    }

    [Theory]
    [InlineData("tsit5")]
    [InlineData("rodas5p")]
    [InlineData("bdf")]
    [InlineData("rodas4")]
    [InlineData("auto")]
    public void RestartWhereAStateIsAboutZeroButChanging(string solverName)
    {
        // y' = 1 restarted at t = 5.3 with y = 2e-15 (a clock that just crossed the threshold 0 of an event), tight
        // absolute tolerance: ||y|| / ||f|| in tolerance units is ~1e-15, which once made the first step so small that
        // the solver stopped with a step-size underflow right after the restart.
        OdeSolver solver = SolverFactory.Create(solverName);
        solver.Initialize(new Clock(), 0, [-5.3], new OdeOptions { RelTol = 1e-10, AbsTol = 1e-12 });
        solver.Restart(5.3, [2e-15]);
        while (solver.Time < 8)
        {
            solver.Step(8);
        }

        Assert.Equal(2.7, solver.State[0], 1e-12);
        Assert.True(solver.Statistics.AcceptedSteps < 100, $"{solver.Statistics.AcceptedSteps} steps");
    }

    /// <summary>y' = 1.</summary>
    private sealed class Clock : IOdeSystem
    {
        public int Dimension => 1;
        public bool HasJacobian => true;
        public void Derivatives(double t, double[] y, double[] dydt) => dydt[0] = 1;
        public void Jacobian(double t, double[] y, double[] jac) => jac[0] = 0;
    }

    [Fact]
    public void AutoInterpolatesAcrossMethodSwitches()
    {
        var solver = new AutoSolver();
        solver.Initialize(new VanDerPol(1000), 0, [2.0, 0.0], new OdeOptions { RelTol = 1e-6, AbsTol = 1e-6 });
        Span<double> y = stackalloc double[2];
        double[] previous = [2.0, 0.0];
        int switchesSeen = 0;
        bool wasStiff = solver.UsingStiffMethod;
        while (solver.Time < 3000)
        {
            solver.Step(3000);
            solver.Interpolate(solver.PreviousTime, y);
            AssertClose(previous[0], y[0]);
            AssertClose(previous[1], y[1]);
            solver.Interpolate(solver.Time, y);
            AssertClose(solver.State[0], y[0]);
            AssertClose(solver.State[1], y[1]);
            previous[0] = solver.State[0];
            previous[1] = solver.State[1];
            if (solver.UsingStiffMethod != wasStiff)
            {
                switchesSeen++;
                wasStiff = solver.UsingStiffMethod;
            }
        }

        Assert.True(switchesSeen >= 2);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{actual:R} vs {expected:R}");
}
