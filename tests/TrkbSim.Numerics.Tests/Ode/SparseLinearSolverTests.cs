using TrkbSim.Numerics.Ode;

namespace TrkbSim.Numerics.Tests.Ode;

/// <summary>Rosenbrock solvers with the sparse linear solver against the dense one, and the automatic choice between them.</summary>
public sealed class SparseLinearSolverTests
{
    private static OdeOptions Options(LinearSolverKind kind, double rtol = 1e-8, double atol = 1e-12) =>
        new() { RelTol = rtol, AbsTol = atol, LinearSolver = kind };

    [Fact]
    public void NetworkJacobianIsTheSameDenseAndSparse()
    {
        var net = new StiffNetwork(60, 4);
        int n = net.Dimension;
        var dense = new double[n * n];
        var values = new double[net.JacobianPattern.NonZeros];
        net.Jacobian(0, net.InitialState, dense);
        net.SparseJacobian(0, net.InitialState, values);
        var sparseAsDense = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int q = net.JacobianPattern.Starts[i]; q < net.JacobianPattern.Starts[i + 1]; q++)
            {
                sparseAsDense[i * n + net.JacobianPattern.Indices[q]] = values[q];
            }
        }

        Assert.Equal(dense, sparseAsDense);
    }

    [Theory]
    [InlineData("rodas5p", 150)]
    [InlineData("rodas4", 150)]
    [InlineData("rodas5p", 400)]
    public void StiffNetworkGivesTheSameSolutionDenseAndSparse(string solverName, int species)
    {
        var net = new StiffNetwork(species, 1);
        var dense = (RosenbrockSolver)Run.To(SolverFactory.Create(solverName), net, 0, net.InitialState, 20, Options(LinearSolverKind.Dense));
        var sparse = (RosenbrockSolver)Run.To(SolverFactory.Create(solverName), net, 0, net.InitialState, 20, Options(LinearSolverKind.Sparse));
        Assert.False(dense.UsesSparseLinearSolver);
        Assert.True(sparse.UsesSparseLinearSolver);
        Assert.Equal(dense.Statistics.AcceptedSteps, sparse.Statistics.AcceptedSteps);
        for (int i = 0; i < species; i++)
        {
            Assert.Equal(dense.State[i], sparse.State[i], 1e-10 * (1 + Math.Abs(dense.State[i])));
        }

        // The row order of the first factorisation serves (almost) every later one.
        Assert.True(sparse.SparseFactors!.Refactorisations > 0.9 * sparse.Statistics.LuDecompositions);
    }

    [Fact]
    public void RobertsonGivesTheSameSolutionDenseAndSparse()
    {
        var dense = Run.To(SolverFactory.Create("rodas5p"), new SparseRobertson(), 0, [1.0, 0, 0], 1e11, Options(LinearSolverKind.Dense, 1e-8, 1e-14));
        var sparse = Run.To(SolverFactory.Create("rodas5p"), new SparseRobertson(), 0, [1.0, 0, 0], 1e11, Options(LinearSolverKind.Sparse, 1e-8, 1e-14));
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(dense.State[i], sparse.State[i], 1e-12 * Math.Abs(dense.State[i]));
        }

        // Test set ROBER at t = 1e11.
        Assert.Equal(0.2083340149701255e-07, sparse.State[0], 1e-6 * 0.2083340149701255e-07);
    }

    [Fact]
    public void AutoSolverSwitchesToTheSparseStiffMethodOnALargeNetwork()
    {
        var net = new StiffNetwork(200, 2);
        var auto = (AutoSolver)Run.To(new AutoSolver(), net, 0, net.InitialState, 20, Options(LinearSolverKind.Auto, 1e-6, 1e-10));
        var dense = (AutoSolver)Run.To(new AutoSolver(), net, 0, net.InitialState, 20, Options(LinearSolverKind.Dense, 1e-6, 1e-10));
        Assert.True(auto.Switches > 0);
        for (int i = 0; i < net.Dimension; i++)
        {
            Assert.Equal(dense.State[i], auto.State[i], 1e-8 * (1 + Math.Abs(dense.State[i])));
        }
    }

    [Fact]
    public void AutoPicksSparseForLargeSparseSystemsOnly()
    {
        Assert.True(LinearSolverChoice.UseSparse(LinearSolverKind.Auto, new StiffNetwork(300, 1)));
        Assert.True(LinearSolverChoice.UseSparse(LinearSolverKind.Auto, new StiffNetwork(LinearSolverChoice.SparseMinimumDimension, 1)));
        Assert.False(LinearSolverChoice.UseSparse(LinearSolverKind.Auto, new StiffNetwork(LinearSolverChoice.SparseMinimumDimension - 1, 1)));
        Assert.False(LinearSolverChoice.UseSparse(LinearSolverKind.Auto, new SparseRobertson()));
        Assert.False(LinearSolverChoice.UseSparse(LinearSolverKind.Dense, new StiffNetwork(300, 1)));
        Assert.True(LinearSolverChoice.UseSparse(LinearSolverKind.Sparse, new SparseRobertson()));
        // Without a pattern (or without an analytic Jacobian): dense, and sparse is refused.
        Assert.False(LinearSolverChoice.UseSparse(LinearSolverKind.Auto, new Robertson()));
        Assert.Throws<ArgumentException>(() => LinearSolverChoice.UseSparse(LinearSolverKind.Sparse, new Robertson()));
        Assert.Throws<ArgumentException>(() => LinearSolverChoice.UseSparse(LinearSolverKind.Sparse, new WithoutJacobian(new SparseRobertson())));

        var solver = (RosenbrockSolver)SolverFactory.Create("rodas5p");
        var net = new StiffNetwork(300, 1);
        solver.Initialize(net, 0, net.InitialState, new OdeOptions());
        Assert.True(solver.UsesSparseLinearSolver);
        solver.Initialize(new SparseRobertson(), 0, [1.0, 0, 0], new OdeOptions());
        Assert.False(solver.UsesSparseLinearSolver);
    }

    [Fact]
    public void NamesParseAndPrint()
    {
        Assert.Equal(LinearSolverKind.Sparse, LinearSolverChoice.Parse(" SPARSE "));
        Assert.Equal("dense", LinearSolverChoice.Name(LinearSolverKind.Dense));
        Assert.Equal("auto", LinearSolverChoice.Names[0]);
        var e = Assert.Throws<ArgumentException>(() => LinearSolverChoice.Parse("klu"));
        Assert.Contains("auto, dense, sparse", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LinearSolverKind.Dense)]
    [InlineData(LinearSolverKind.Sparse)]
    public void ASingularIterationMatrixFailsTheSameWayDenseAndSparse(LinearSolverKind kind)
    {
        const double h0 = 0.01;
        var system = new SingularIterationMatrix(RosenbrockTableau.Rodas5P.Gamma, h0);
        var solver = SolverFactory.Create("rodas5p");
        solver.Initialize(system, 0, [1, 1, 1, 1, 1, 1], new OdeOptions { InitialStep = h0, LinearSolver = kind });
        var e = Assert.Throws<OdeSolverException>(() => solver.Step(10));
        Assert.Equal(OdeFailure.SingularMatrix, e.Failure);
        Assert.Contains("singular", e.Message, StringComparison.Ordinal);
    }
}
