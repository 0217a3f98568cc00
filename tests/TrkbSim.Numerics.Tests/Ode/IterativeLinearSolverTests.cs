using TrkbSim.Numerics.LinearAlgebra;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Numerics.Tests.Ode;

/// <summary>The stiff solvers with W solved by GMRES and ILU(0), against the sparse LU, and auto's choice of it.</summary>
public sealed class IterativeLinearSolverTests
{
    private static OdeOptions Options(LinearSolverKind kind, double rtol, double atol) =>
        new() { RelTol = rtol, AbsTol = atol, LinearSolver = kind };

    [Theory]
    [InlineData("bdf", 300)]
    [InlineData("rodas5p", 150)]
    public void StiffNetworkGivesTheSameSolutionIterativeAndSparse(string solverName, int species)
    {
        var net = new StiffNetwork(species, 5);
        var sparse = Run.To(SolverFactory.Create(solverName), net, 0, net.InitialState, 20, Options(LinearSolverKind.Sparse, 1e-6, 1e-10));
        var iterative = Run.To(SolverFactory.Create(solverName), net, 0, net.InitialState, 20, Options(LinearSolverKind.Iterative, 1e-6, 1e-10));
        bool usesIterative = iterative is BdfSolver b ? b.UsesIterativeLinearSolver : ((RosenbrockSolver)iterative).UsesIterativeLinearSolver;
        Assert.True(usesIterative);
        Assert.Null(iterative is BdfSolver bi ? bi.SparseFactors : ((RosenbrockSolver)iterative).SparseFactors);
        // The solves agree to GMRES's tolerance, far below the integration's: the same steps, the same answer.
        Assert.Equal(sparse.Statistics.AcceptedSteps, iterative.Statistics.AcceptedSteps, 2.0);
        for (int i = 0; i < species; i++)
        {
            Assert.Equal(sparse.State[i], iterative.State[i], 1e-7 * (1 + Math.Abs(sparse.State[i])));
        }
    }

    [Fact]
    public void AutoPicksIterativeOnlyForLargeSystemsThatWouldFillIn()
    {
        // A chain fills nothing; a network with random bindings (an expander graph) fills a complete LU far beyond W.
        var chain = new StiffNetwork(LinearSolverChoice.IterativeMinimumDimension, 1, bindings: false);
        var network = new StiffNetwork(LinearSolverChoice.IterativeMinimumDimension, 1);
        var smallNetwork = new StiffNetwork(LinearSolverChoice.IterativeMinimumDimension - 1, 1);
        Assert.True(LinearSolverChoice.PredictedFillRatio(chain.JacobianPattern) < 3);
        Assert.True(LinearSolverChoice.PredictedFillRatio(network.JacobianPattern) > LinearSolverChoice.IterativeFillRatio);
        Assert.True(LinearSolverChoice.PredictedFillRatio(smallNetwork.JacobianPattern) > LinearSolverChoice.IterativeFillRatio);
        Assert.Equal(LinearSolverKind.Sparse, LinearSolverChoice.Resolve(LinearSolverKind.Auto, chain));
        Assert.Equal(LinearSolverKind.Iterative, LinearSolverChoice.Resolve(LinearSolverKind.Auto, network));
        Assert.Equal(LinearSolverKind.Sparse, LinearSolverChoice.Resolve(LinearSolverKind.Auto, smallNetwork));
        Assert.Equal(LinearSolverKind.Sparse, LinearSolverChoice.Resolve(LinearSolverKind.Sparse, network));
        Assert.Equal(LinearSolverKind.Iterative, LinearSolverChoice.Resolve(LinearSolverKind.Iterative, new SparseRobertson()));
        Assert.True(LinearSolverChoice.UseSparse(LinearSolverKind.Iterative, new SparseRobertson()));
        Assert.Throws<ArgumentException>(() => LinearSolverChoice.Resolve(LinearSolverKind.Iterative, new Robertson()));
    }

    [Fact]
    public void PredictedFillMatchesTheSymmetricEliminationOfAnArrow()
    {
        // Arrow matrix: row and column 0 full. Minimum degree eliminates the leaves first: no fill, L holds n - 1 entries.
        const int n = 50;
        var starts = new int[n + 1];
        var indices = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (i == 0) indices.AddRange(Enumerable.Range(0, n));
            else { indices.Add(0); indices.Add(i); }
            starts[i + 1] = indices.Count;
        }

        var pattern = new SparsePattern(n, starts, [.. indices]);
        MinimumDegreeOrdering.Order(pattern, out long fill);
        Assert.Equal(n - 1, fill);
        Assert.Equal((2.0 * (n - 1) + n) / pattern.NonZeros, LinearSolverChoice.PredictedFillRatio(pattern), 1e-12);
    }

    [Fact]
    public void IterativeNamesParse()
    {
        Assert.Equal(LinearSolverKind.Iterative, LinearSolverChoice.Parse("Iterative"));
        Assert.Equal("iterative", LinearSolverChoice.Name(LinearSolverKind.Iterative));
    }

    private static StiffJacobian LinearSystemOf(OdeSolver solver) =>
        solver is BdfSolver b ? b.LinearSystem : ((RosenbrockSolver)solver).LinearSystem;

    [Theory]
    [InlineData("bdf")]
    [InlineData("rodas5p")]
    public void AnUnconvergedIterativeSolveRejectsTheStepAndTheRunRecovers(string solverName)
    {
        // Three solves in a row report that GMRES did not converge: each rejects its step (whose stages or Newton
        // iterate would be wrong) and halves it; the run then goes on to the same answer as an undisturbed one.
        var net = new StiffNetwork(150, 5);
        var clean = Run.To(SolverFactory.Create(solverName), net, 0, net.InitialState, 20, Options(LinearSolverKind.Iterative, 1e-6, 1e-10));
        var solver = SolverFactory.Create(solverName);
        LinearSystemOf(solver).InjectedSolveFailures = 3;
        var disturbed = Run.To(solver, net, 0, net.InitialState, 20, Options(LinearSolverKind.Iterative, 1e-6, 1e-10));
        Assert.Equal(0, LinearSystemOf(solver).InjectedSolveFailures);
        // (The halved steps can spare later rejections by the error test, so only the three are certain.)
        Assert.True(disturbed.Statistics.RejectedSteps >= 3, $"{disturbed.Statistics.RejectedSteps} rejected steps");
        for (int i = 0; i < 150; i++)
        {
            Assert.Equal(clean.State[i], disturbed.State[i], 1e-5 * (1 + Math.Abs(clean.State[i])));
        }
    }

    [Theory]
    [InlineData("bdf")]
    [InlineData("rodas5p")]
    public void AnIterativeSolveThatNeverConvergesEndsWithAClearError(string solverName)
    {
        var net = new StiffNetwork(150, 5);
        var solver = SolverFactory.Create(solverName);
        LinearSystemOf(solver).InjectedSolveFailures = int.MaxValue;
        var e = Assert.Throws<OdeSolverException>(() => Run.To(solver, net, 0, net.InitialState, 20, Options(LinearSolverKind.Iterative, 1e-6, 1e-10)));
        Assert.Equal(OdeFailure.LinearSolverFailed, e.Failure);
        Assert.Contains("GMRES", e.Message);
        Assert.Contains("--linear-solver sparse", e.Message);
        Assert.Equal(0, e.Time);
    }
}
