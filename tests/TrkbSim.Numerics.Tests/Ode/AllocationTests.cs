using TrkbSim.Numerics.Ode;

namespace TrkbSim.Numerics.Tests.Ode;

/// <summary>Stepping, interpolating and restarting allocate nothing after warm-up.</summary>
public sealed class AllocationTests
{
    [Theory]
    [InlineData("tsit5", 1.0)]
    [InlineData("rodas5p", 1e4)]
    [InlineData("rodas4", 1e4)]
    [InlineData("bdf", 1e4)]
    [InlineData("auto", 1.0)]
    [InlineData("auto", 1e4)]
    public void StepInterpolateAndRestartDoNotAllocate(string solverName, double fastRate)
    {
        var system = new TenStateChain(fastRate);
        OdeSolver solver = SolverFactory.Create(solverName);
        double[] y0 = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
        double[] buffer = new double[10];
        solver.Initialize(system, 0, y0, new OdeOptions { RelTol = 1e-6, AbsTol = 1e-9 });

        // Warm-up: JIT, first-step logic, a restart and (for auto) the stiffness switch.
        for (int i = 0; i < 50; i++)
        {
            solver.Step(1000);
            solver.Interpolate(0.5 * (solver.PreviousTime + solver.Time), buffer);
        }

        solver.Restart(solver.Time, y0);
        for (int i = 0; i < 20; i++)
        {
            solver.Step(1000);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200 && solver.Time < 1000; i++)
        {
            solver.Step(1000);
            solver.Interpolate(0.5 * (solver.PreviousTime + solver.Time), buffer);
            if (i == 100)
            {
                solver.Restart(solver.Time, y0);
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(solver.Statistics.AcceptedSteps > 200);
    }
}
