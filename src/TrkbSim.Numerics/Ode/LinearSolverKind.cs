namespace TrkbSim.Numerics.Ode;

/// <summary>How stiff solvers factorise their iteration matrix.</summary>
public enum LinearSolverKind
{
    /// <summary>Sparse for large systems with a sparse Jacobian pattern, dense otherwise (<see cref="LinearSolverChoice"/>).</summary>
    Auto,
    /// <summary>Dense LU with partial pivoting.</summary>
    Dense,
    /// <summary>Sparse LU; needs a system that gives its Jacobian's pattern (<see cref="ISparseJacobianSystem"/>).</summary>
    Sparse,
    /// <summary>
    /// GMRES preconditioned by an incomplete LU without fill, for large systems whose complete LU would fill in far beyond
    /// the Jacobian; needs a system that gives its Jacobian's pattern (<see cref="ISparseJacobianSystem"/>).
    /// </summary>
    Iterative,
}
