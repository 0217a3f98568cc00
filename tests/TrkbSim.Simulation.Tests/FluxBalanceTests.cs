using TrkbSim.FluxBalance;
using TrkbSim.Modeling.Sbml;

namespace TrkbSim.Simulation.Tests;

/// <summary>Flux balance linear programmes small enough to solve by hand.</summary>
public class FluxBalanceTests
{
    /// <summary>-> X (v0 in [0, 10]), X -> 2 Y (v1, free), Y -> (v2 in [0, 4]); X and Y balanced.</summary>
    private static FluxBalanceProblem Chain(bool maximise, double[] objective, double lower2 = 0, double lower0 = 0) => new(
        ["in", "convert", "out"],
        [[(0, 1.0), (1, -1.0)], [(1, 2.0), (2, -1.0)]],
        [lower0, double.NegativeInfinity, lower2],
        [10, double.PositiveInfinity, 4],
        "obj", maximise, [.. objective]);

    [Fact]
    public void MaximisesThroughTheNarrowestBound()
    {
        // Steady state: v0 = v1, 2 v1 = v2 <= 4, so at most v1 = 2.
        var s = new FluxBalanceSolver().Solve(Chain(true, [0, 1, 0]));
        Assert.Equal(2, s.Objective, 9);
        Assert.Equal(new[] { 2.0, 2.0, 4.0 }, s.Fluxes.Select(f => Math.Round(f, 9)).ToArray());
    }

    [Fact]
    public void MinimisesWithALowerBound()
    {
        // v2 >= 3 forces v1 = v0 >= 1.5; minimising v0 + v2 gives 1.5 + 3.
        var s = new FluxBalanceSolver().Solve(Chain(false, [1, 0, 1], lower2: 3));
        Assert.Equal(4.5, s.Objective, 9);
        Assert.Equal(1.5, s.Fluxes[0], 9);
    }

    [Fact]
    public void InfeasibleProblemsHaveNoOptimum()
    {
        // v0 >= 3 forces v2 = 2 v0 >= 6 at steady state, but v2 <= 4.
        var s = new FluxBalanceSolver().Solve(Chain(true, [0, 1, 0], lower0: 3));
        Assert.True(double.IsNaN(s.Objective));
        Assert.All(s.Fluxes, f => Assert.True(double.IsNaN(f)));
        // A flux whose lower bound is above its upper bound.
        Assert.True(double.IsNaN(new FluxBalanceSolver().Solve(Chain(true, [0, 1, 0], lower2: 5)).Objective));
    }
}
