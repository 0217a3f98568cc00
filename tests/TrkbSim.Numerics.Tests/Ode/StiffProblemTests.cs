using TrkbSim.Numerics.Ode;

namespace TrkbSim.Numerics.Tests.Ode;

/// <summary>Stiff test problems against published reference solutions (Hairer-Wanner / Mazzia IVP test set) or cross-checked references.</summary>
public sealed class StiffProblemTests
{
    // Test set ROBER at t = 1e11.
    private static readonly double[] Robertson1e11 = [0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050];

    // At t = 1e5: Rodas5P and Rodas4 at RelTol 1e-12 (AbsTol 1e-20) agree to 2e-11 relative.
    private static readonly double[] Robertson1e5 = [0.0178659211421, 7.2747514684e-08, 0.98213400611];

    // Test set VDPOL (eps = 1e-6) at t = 2.
    private static readonly double[] VanDerPolScaled2 = [0.1706167732170483e1, -0.8928097010247975e0];

    // Unscaled mu = 1000 at t = 3000: Rodas5P, Rodas4 and auto at RelTol 1e-12 agree to 5e-12 relative.
    private static readonly double[] VanDerPol3000 = [-1.51060693674, 1.17838000066e-3];

    private static readonly double[] Hires321 =
    [
        0.7371312573325668e-3, 0.1442485726316185e-3, 0.5888729740967575e-4, 0.1175651343283149e-2,
        0.2386356198831331e-2, 0.6238968252742796e-2, 0.2849998395185769e-2, 0.2850001604814231e-2,
    ];

    private static readonly double[] Orego360 = [0.1000814870318523e1, 0.1228178521549917e4, 0.1320554942846706e3];

    private static void AssertRelativeClose(double[] expected, ReadOnlySpan<double> actual, double relTol)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double rel = Math.Abs(actual[i] - expected[i]) / Math.Abs(expected[i]);
            Assert.True(rel < relTol, $"component {i}: {actual[i]:R} vs {expected[i]:R} (relative error {rel:G3})");
        }
    }

    [Theory]
    [InlineData("rodas5p")]
    [InlineData("rodas4")]
    [InlineData("auto")]
    public void RobertsonTo1e5(string solverName)
    {
        OdeSolver solver = Run.To(SolverFactory.Create(solverName), new Robertson(), 0, [1.0, 0, 0], 1e5, new OdeOptions { RelTol = 1e-8, AbsTol = 1e-14 });
        AssertRelativeClose(Robertson1e5, solver.State, 1e-7);
        Assert.Equal(1.0, solver.State[0] + solver.State[1] + solver.State[2], 1e-12);
    }

    [Theory]
    [InlineData("rodas5p")]
    [InlineData("rodas4")]
    [InlineData("auto")]
    public void RobertsonTo1e11(string solverName)
    {
        OdeSolver solver = Run.To(SolverFactory.Create(solverName), new Robertson(), 0, [1.0, 0, 0], 1e11, new OdeOptions { RelTol = 1e-8, AbsTol = 1e-14 });
        AssertRelativeClose(Robertson1e11, solver.State, 1e-6);
    }

    [Theory]
    [InlineData("rodas5p")]
    [InlineData("bdf")]
    [InlineData("rodas4")]
    [InlineData("auto")]
    public void VanDerPolScaledTestSet(string solverName)
    {
        OdeSolver solver = Run.To(SolverFactory.Create(solverName), new VanDerPolScaled(), 0, [2.0, 0.0], 2, new OdeOptions { RelTol = 1e-8, AbsTol = 1e-8 });
        AssertRelativeClose(VanDerPolScaled2, solver.State, 1e-6);
    }

    [Theory]
    [InlineData("rodas5p")]
    [InlineData("rodas4")]
    [InlineData("auto")]
    public void VanDerPolMu1000(string solverName)
    {
        OdeSolver solver = SolverFactory.Create(solverName);
        solver.Initialize(new VanDerPol(1000), 0, [2.0, 0.0], new OdeOptions { RelTol = 1e-8, AbsTol = 1e-8 });
        while (solver.Time < 2000)
        {
            solver.Step(2000);
        }

        // Time-scaled test set VDPOL: x(2000) = y1(2), x'(2000) = y2(2) / mu.
        AssertRelativeClose([VanDerPolScaled2[0], VanDerPolScaled2[1] / 1000], solver.State, 1e-6);
        while (solver.Time < 3000)
        {
            solver.Step(3000);
        }

        AssertRelativeClose(VanDerPol3000, solver.State, 1e-6);
    }

    [Theory]
    [InlineData("rodas5p")]
    [InlineData("rodas4")]
    [InlineData("auto")]
    public void Hires(string solverName)
    {
        OdeSolver solver = Run.To(SolverFactory.Create(solverName), new Hires(), 0, [1, 0, 0, 0, 0, 0, 0, 0.0057], 321.8122, new OdeOptions { RelTol = 1e-8, AbsTol = 1e-10 });
        AssertRelativeClose(Hires321, solver.State, 1e-6);
    }

    [Theory]
    [InlineData("rodas5p")]
    [InlineData("bdf")]
    [InlineData("rodas4")]
    [InlineData("auto")]
    public void Orego(string solverName)
    {
        OdeSolver solver = Run.To(SolverFactory.Create(solverName), new Orego(), 0, [1.0, 2.0, 3.0], 360, new OdeOptions { RelTol = 1e-8, AbsTol = 1e-8 });
        AssertRelativeClose(Orego360, solver.State, 1e-6);
    }

    [Theory]
    [InlineData("rodas5p")]
    [InlineData("rodas4")]
    public void FiniteDifferenceJacobianGivesTheAnalyticAnswer(string solverName)
    {
        var options = new OdeOptions { RelTol = 1e-8, AbsTol = 1e-14 };
        OdeSolver analytic = Run.To(SolverFactory.Create(solverName), new Robertson(), 0, [1.0, 0, 0], 1e5, options);
        OdeSolver numeric = Run.To(SolverFactory.Create(solverName), new WithoutJacobian(new Robertson()), 0, [1.0, 0, 0], 1e5, options);
        AssertRelativeClose(analytic.State.ToArray(), numeric.State, 1e-7);
        AssertRelativeClose(Robertson1e5, numeric.State, 1e-7);
        Assert.True(numeric.Statistics.FunctionEvaluations > analytic.Statistics.FunctionEvaluations);

        // At t ~ 1e11 y2 ~ 1e-13 and steps ~ 1e9: difference increments must follow y2's own size, or the Jacobian error
        // times h wrecks the step-size sequence.
        OdeSolver analyticLong = Run.To(SolverFactory.Create(solverName), new Robertson(), 0, [1.0, 0, 0], 1e11, options);
        OdeSolver numericLong = Run.To(SolverFactory.Create(solverName), new WithoutJacobian(new Robertson()), 0, [1.0, 0, 0], 1e11, options);
        AssertRelativeClose(Robertson1e11, numericLong.State, 1e-6);
        Assert.InRange(numericLong.Statistics.AcceptedSteps, 1, 1.2 * analyticLong.Statistics.AcceptedSteps);

        var vdpOptions = new OdeOptions { RelTol = 1e-8, AbsTol = 1e-8 };
        OdeSolver vdp = Run.To(SolverFactory.Create(solverName), new WithoutJacobian(new VanDerPolScaled()), 0, [2.0, 0.0], 2, vdpOptions);
        AssertRelativeClose(VanDerPolScaled2, vdp.State, 1e-6);
    }

    [Fact]
    public void AutoSwitchesToTheStiffMethodAndBack()
    {
        var solver = new AutoSolver();
        solver.Initialize(new VanDerPol(1000), 0, [2.0, 0.0], new OdeOptions { RelTol = 1e-6, AbsTol = 1e-6 });
        var stiffness = new List<bool>();
        while (solver.Time < 3000)
        {
            solver.Step(3000);
            stiffness.Add(solver.UsingStiffMethod);
        }

        // Slow manifold segments are stiff; the fast jumps are not.
        Assert.True(solver.Switches >= 2, $"switches: {solver.Switches}");
        Assert.Contains(true, stiffness);
        AssertRelativeClose(VanDerPol3000, solver.State, 1e-4);
    }

    [Fact]
    public void AutoStaysExplicitOnANonStiffProblem()
    {
        var solver = new AutoSolver();
        Run.To(solver, new DampedRotation(), 0, [1.0, 0.0], 20, new OdeOptions { RelTol = 1e-8 });
        Assert.Equal(0, solver.Switches);
        Assert.Equal(0, solver.Statistics.JacobianEvaluations);
    }
}
