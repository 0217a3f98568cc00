using TrkbSim.Numerics.Ode;

namespace TrkbSim.Simulation;

/// <summary>A compiled model bound to one simulator's parameter array, as the solvers see it. Allocation-free.</summary>
internal sealed class ModelOdeSystem(CompiledModel model, double[] p) : IOdeSystem
{
    public int Dimension => model.StateCount;
    public bool HasJacobian => true;

    public void Derivatives(double t, double[] y, double[] dydt) => model.Rhs(t, y, p, dydt);

    public void Jacobian(double t, double[] y, double[] jac)
    {
        int n = model.StateCount;
        Array.Clear(jac, 0, n * n);
        model.Jacobian(t, y, p, jac);
    }
}
