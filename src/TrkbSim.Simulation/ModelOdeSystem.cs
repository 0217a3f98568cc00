using TrkbSim.Numerics.LinearAlgebra;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Simulation;

/// <summary>
/// A compiled model bound to one simulator's parameter array, as the solvers see it; fills delayed values from the
/// history first when the rates read any. Gives the Jacobian dense or in its sparsity pattern. Allocation-free.
/// </summary>
internal sealed class ModelOdeSystem(CompiledModel model, double[] p, DelayHistory? delays) : ISparseJacobianSystem
{
    private readonly DelayHistory? _delays = delays is { AffectsRates: true } ? delays : null;

    public int Dimension => model.StateCount;
    public bool HasJacobian => true;

    public void Derivatives(double t, double[] y, double[] dydt)
    {
        _delays?.Fill(t, y, p);
        model.Rhs(t, y, p, dydt);
    }

    public void Jacobian(double t, double[] y, double[] jac)
    {
        int n = model.StateCount;
        Array.Clear(jac, 0, n * n);
        _delays?.Fill(t, y, p);
        model.Jacobian(t, y, p, jac);
    }

    public SparsePattern JacobianPattern => model.JacobianPattern;

    public void SparseJacobian(double t, double[] y, double[] values)
    {
        _delays?.Fill(t, y, p);
        model.SparseJacobian(t, y, p, values);
    }
}
