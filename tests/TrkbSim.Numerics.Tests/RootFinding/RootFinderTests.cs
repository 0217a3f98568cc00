using TrkbSim.Numerics.Ode;
using TrkbSim.Numerics.RootFinding;
using TrkbSim.Numerics.Tests.Ode;

namespace TrkbSim.Numerics.Tests.RootFinding;

public sealed class RootFinderTests
{
    private struct CosMinusX : IRootFunction
    {
        public int Calls;
        public double Evaluate(double x)
        {
            Calls++;
            return Math.Cos(x) - x;
        }
    }

    [Fact]
    public void FindsTheDottieNumberToMachinePrecision()
    {
        var f = new CosMinusX();
        RootResult r = RootFinder.Brent(ref f, 0, 1, 1, Math.Cos(1) - 1);
        Assert.Equal(0.7390851332151607, r.Root, 1e-15);
        Assert.True(f.Calls < 20, $"calls {f.Calls}");
        Assert.Equal(f.Calls, r.Evaluations);
        // Before keeps the sign of f(0) > 0, After the sign of f(1) < 0.
        Assert.True(Math.Cos(r.Before) - r.Before >= 0);
        Assert.True(Math.Cos(r.After) - r.After <= 0);
        Assert.True(Math.Abs(r.After - r.Before) <= 4 * 2.3e-16);
    }

    [Fact]
    public void RejectsAnIntervalWithoutSignChange()
    {
        var f = new CosMinusX();
        Assert.Throws<ArgumentException>(() => RootFinder.Brent(ref f, 0, 0.5, 1, Math.Cos(0.5) - 0.5));
    }

    private struct StateCrossing(OdeSolver solver, double[] buffer, double level) : IRootFunction
    {
        public double Evaluate(double t)
        {
            solver.Interpolate(t, buffer);
            return buffer[0] - level;
        }
    }

    [Theory]
    [InlineData("tsit5")]
    [InlineData("rodas5p")]
    [InlineData("auto")]
    public void LocatesAnEventThroughDenseOutput(string solverName)
    {
        // y' = -y + sin t from y(0) = 1 first falls to 0.75 (near t = 0.4); find the crossing with the step's interpolant.
        OdeSolver solver = SolverFactory.Create(solverName);
        solver.Initialize(new ForcedDecay(), 0, [1.0], new OdeOptions { RelTol = 1e-11, AbsTol = 1e-13 });
        double[] buffer = new double[1];
        while (true)
        {
            double before = solver.State[0];
            solver.Step(10);
            if (solver.State[0] <= 0.75)
            {
                var g = new StateCrossing(solver, buffer, 0.75);
                RootResult r = RootFinder.Brent(ref g, solver.PreviousTime, solver.Time, before - 0.75, solver.State[0] - 0.75);
                // Reference crossing from the exact solution.
                var exact = new ExactCrossing();
                RootResult reference = RootFinder.Brent(ref exact, 0, 0.7, 0.25, ForcedDecay.Exact(0.7, 1) - 0.75);
                Assert.Equal(reference.Root, r.Root, 1e-9);
                Assert.True(r.After - r.Before <= 1e-15 * 4 + 4 * 2.3e-16 * Math.Abs(r.Root));
                return;
            }
        }
    }

    private struct ExactCrossing : IRootFunction
    {
        public readonly double Evaluate(double t) => ForcedDecay.Exact(t, 1) - 0.75;
    }
}
