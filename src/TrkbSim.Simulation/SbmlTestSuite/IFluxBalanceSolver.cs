using TrkbSim.Modeling.Sbml;

namespace TrkbSim.Simulation.SbmlTestSuite;

/// <summary>The optimum of a flux balance problem: the flux of each reaction (in problem order) and the objective's value.</summary>
public sealed record FluxBalanceSolution(double[] Fluxes, double Objective);

/// <summary>Solves flux balance problems (the suite's FluxBalanceSteadyState cases); given to the runner by the front end.</summary>
public interface IFluxBalanceSolver
{
    /// <summary>The optimum; throws <see cref="TrkbSim.Modeling.ModelException"/> when the problem is infeasible or unbounded.</summary>
    FluxBalanceSolution Solve(FluxBalanceProblem problem);
}
