using TrkbSim.Numerics.LinearAlgebra;

namespace TrkbSim.Numerics.Ode;

/// <summary>
/// An ODE system that also knows which Jacobian entries can be non-zero and writes just those, so that stiff solvers can
/// factorise the iteration matrix as a sparse matrix (see <see cref="LinearSolverChoice"/>). Implementations must not
/// allocate.
/// </summary>
public interface ISparseJacobianSystem : IOdeSystem
{
    /// <summary>The Jacobian's structural non-zeros by rows: line i holds the columns j of the entries df_i/dy_j.</summary>
    SparsePattern JacobianPattern { get; }

    /// <summary>Writes df_i/dy_j for every entry of <see cref="JacobianPattern"/>, in the pattern's order.</summary>
    void SparseJacobian(double t, double[] y, double[] values);
}
