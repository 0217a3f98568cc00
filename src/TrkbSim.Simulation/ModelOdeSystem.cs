using TrkbSim.Numerics.LinearAlgebra;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Simulation;

/// <summary>
/// A compiled model bound to one simulator's parameter array, as the solvers see it; fills delayed values from the
/// history first when the rates read any, and the fast fluxes when the model has fast reactions. Gives the Jacobian
/// dense or in its sparsity pattern (by central differences for fast reactions, whose fluxes depend on every state).
/// Allocation-free.
/// </summary>
internal sealed class ModelOdeSystem(CompiledModel model, double[] p, DelayHistory? delays, FastEquilibrium? fast) : ISparseJacobianSystem
{
    private readonly DelayHistory? _delays = delays is { AffectsRates: true } ? delays : null;
    private readonly double[] _yd = fast is null ? [] : new double[model.StateCount];
    private readonly double[] _fPlus = fast is null ? [] : new double[model.StateCount];
    private readonly double[] _fMinus = fast is null ? [] : new double[model.StateCount];

    public int Dimension => model.StateCount;
    public bool HasJacobian => true;

    public void Derivatives(double t, double[] y, double[] dydt)
    {
        _delays?.Fill(t, y, p);
        fast?.Fill(t, y, p);
        model.Rhs(t, y, p, dydt);
    }

    public void Jacobian(double t, double[] y, double[] jac)
    {
        int n = model.StateCount;
        Array.Clear(jac, 0, n * n);
        if (fast is not null)
        {
            Differences(t, y, jac);
            return;
        }
        _delays?.Fill(t, y, p);
        model.Jacobian(t, y, p, jac);
    }

    /// <summary>Central differences of the derivatives, row-major (the fast fluxes have no analytic Jacobian).</summary>
    private void Differences(double t, double[] y, double[] jac)
    {
        int n = model.StateCount;
        double scale = 0;
        foreach (double v in y) scale = System.Math.Max(scale, System.Math.Abs(v));
        Array.Copy(y, _yd, n);
        for (int j = 0; j < n; j++)
        {
            double h = 6e-6 * System.Math.Max(System.Math.Abs(y[j]), System.Math.Max(scale * 1e-6, 1e-12));
            _yd[j] = y[j] + h;
            Derivatives(t, _yd, _fPlus);
            _yd[j] = y[j] - h;
            Derivatives(t, _yd, _fMinus);
            _yd[j] = y[j];
            for (int i = 0; i < n; i++) jac[i * n + j] = (_fPlus[i] - _fMinus[i]) / (2 * h);
        }
        // Leave p as the derivatives at y itself would.
        fast?.Fill(t, y, p);
    }

    public SparsePattern JacobianPattern => model.JacobianPattern;

    public void SparseJacobian(double t, double[] y, double[] values)
    {
        if (fast is not null)
        {
            // The pattern of a model with fast reactions is dense, row by row.
            Jacobian(t, y, values);
            return;
        }
        _delays?.Fill(t, y, p);
        model.SparseJacobian(t, y, p, values);
    }
}
