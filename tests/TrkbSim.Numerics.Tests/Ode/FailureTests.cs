using TrkbSim.Numerics.Ode;

namespace TrkbSim.Numerics.Tests.Ode;

/// <summary>Numerical failures are reported as <see cref="OdeSolverException"/> naming the time and component.</summary>
public sealed class FailureTests
{
    public static TheoryData<string> AllSolvers => new(SolverFactory.Names);

    [Theory]
    [MemberData(nameof(AllSolvers))]
    public void BlowUpNamesTheDivergingComponent(string solverName)
    {
        OdeSolver solver = SolverFactory.Create(solverName);
        var ex = Assert.Throws<OdeSolverException>(() => Run.To(solver, new BlowUp(), 0, [1.0, 1.0], 2, new OdeOptions()));
        Assert.True(ex.Failure is OdeFailure.StepSizeTooSmall or OdeFailure.NonFiniteValue, ex.Failure.ToString());
        Assert.Equal(1, ex.Component);
        // The solution 1 / (1 - t) is singular at t = 1 (an explicit step may land just past the pole).
        Assert.InRange(ex.Time, 0.99, 1.01);
        Assert.Contains("state 1", ex.Message);
    }

    [Theory]
    [MemberData(nameof(AllSolvers))]
    public void MaxStepsEndsWithTooManySteps(string solverName)
    {
        OdeSolver solver = SolverFactory.Create(solverName);
        var ex = Assert.Throws<OdeSolverException>(() =>
            Run.To(solver, new DampedRotation(), 0, [1.0, 0.0], 100, new OdeOptions { MaxSteps = 10, RelTol = 1e-10 }));
        Assert.Equal(OdeFailure.TooManySteps, ex.Failure);
        Assert.True(ex.Time > 0 && ex.Time < 100);
        Assert.Equal(10, solver.Statistics.AcceptedSteps + solver.Statistics.RejectedSteps);
    }

    [Theory]
    [MemberData(nameof(AllSolvers))]
    public void NonFiniteInitialDerivativeNamesTheComponent(string solverName)
    {
        OdeSolver solver = SolverFactory.Create(solverName);
        solver.Initialize(new NaNAtStart(), 0, [1.0, 1.0, 1.0], new OdeOptions());
        var ex = Assert.Throws<OdeSolverException>(() => solver.Step(1));
        Assert.Equal(OdeFailure.NonFiniteValue, ex.Failure);
        Assert.Equal(2, ex.Component);
        Assert.Equal(0, ex.Time);
    }

    [Fact]
    public void StepToTheCurrentTimeIsAnArgumentError()
    {
        var solver = new Tsit5Solver();
        solver.Initialize(new ForcedDecay(), 1, [1.0], new OdeOptions());
        Assert.Throws<ArgumentException>(() => solver.Step(1));
    }

    [Fact]
    public void MismatchedAbsTolVectorIsRejected()
    {
        var solver = new Rodas5PSolver();
        var ex = Assert.Throws<ArgumentException>(() =>
            solver.Initialize(new DampedRotation(), 0, [1.0, 0.0], new OdeOptions { AbsTolVector = [1e-6] }));
        Assert.Contains("AbsTolVector", ex.Message);
    }

    private sealed class NaNAtStart : IOdeSystem
    {
        public int Dimension => 3;
        public bool HasJacobian => false;

        public void Derivatives(double t, double[] y, double[] dydt)
        {
            dydt[0] = -y[0];
            dydt[1] = -y[1];
            dydt[2] = Math.Log(y[2] - 1);
        }

        public void Jacobian(double t, double[] y, double[] jac) => throw new NotSupportedException();
    }
}
