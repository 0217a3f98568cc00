namespace TrkbSim.Numerics.Ode;

/// <summary>
/// A first-order ODE system dy/dt = f(t, y). Arrays (not spans) so that compiled delegates can implement it;
/// implementations must not allocate.
/// </summary>
public interface IOdeSystem
{
    /// <summary>Number of state variables.</summary>
    int Dimension { get; }

    /// <summary>Writes f(t, y) into <paramref name="dydt"/>.</summary>
    void Derivatives(double t, double[] y, double[] dydt);

    /// <summary>True when <see cref="Jacobian"/> is analytic; otherwise solvers use finite differences.</summary>
    bool HasJacobian { get; }

    /// <summary>Writes the dense Jacobian df_i/dy_j, row-major (<c>jac[i * n + j]</c>).</summary>
    void Jacobian(double t, double[] y, double[] jac);
}
