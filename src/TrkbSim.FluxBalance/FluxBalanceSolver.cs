using Google.OrTools.LinearSolver;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Sbml;
using TrkbSim.Simulation.SbmlTestSuite;

namespace TrkbSim.FluxBalance;

/// <summary>
/// Flux balance analysis: the linear programme of a <see cref="FluxBalanceProblem"/> (steady state N v = 0, flux
/// bounds, a linear objective) solved by the GLOP simplex solver of Google OR-Tools. The only place TrkbSim calls it.
/// </summary>
public sealed class FluxBalanceSolver : IFluxBalanceSolver
{
    public FluxBalanceSolution Solve(FluxBalanceProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        using var solver = Solver.CreateSolver("GLOP")
            ?? throw new InvalidOperationException("the OR-Tools GLOP linear solver is not available on this platform");
        int n = problem.Reactions.Length;
        var v = new Variable[n];
        for (int r = 0; r < n; r++)
            v[r] = solver.MakeNumVar(problem.Lower[r], problem.Upper[r], problem.Reactions[r]);
        foreach (var row in problem.Balances)
        {
            var balance = solver.MakeConstraint(0, 0);
            foreach (var (r, s) in row) balance.SetCoefficient(v[r], balance.GetCoefficient(v[r]) + s);
        }
        var objective = solver.Objective();
        for (int r = 0; r < n; r++)
            if (problem.Objective[r] != 0) objective.SetCoefficient(v[r], problem.Objective[r]);
        if (problem.Maximise) objective.SetMaximization(); else objective.SetMinimization();

        var fluxes = new double[n];
        bool crossedBounds = Enumerable.Range(0, n).Any(r => problem.Lower[r] > problem.Upper[r]);
        var status = crossedBounds ? Solver.ResultStatus.INFEASIBLE : solver.Solve();
        // No flux vector meets the constraints: the optimum is undefined (NaN, as the SBML Test Suite expects).
        if (status == Solver.ResultStatus.INFEASIBLE)
        {
            Array.Fill(fluxes, double.NaN);
            return new FluxBalanceSolution(fluxes, double.NaN);
        }
        if (status != Solver.ResultStatus.OPTIMAL)
            throw new ModelException($"flux balance objective '{problem.ObjectiveId}': the linear programme is {Describe(status)}");
        for (int r = 0; r < n; r++) fluxes[r] = v[r].SolutionValue();
        return new FluxBalanceSolution(fluxes, objective.Value());
    }

    private static string Describe(Solver.ResultStatus status) => status switch
    {
        Solver.ResultStatus.UNBOUNDED => "unbounded (the objective has no finite optimum)",
        _ => $"not solved ({status})",
    };
}
