namespace TrkbSim.Numerics.Ode;

/// <summary>
/// Which linear solver a stiff solver uses for a system, and the names of the choices (the values accepted by
/// <c>--linear-solver</c>). <see cref="LinearSolverKind.Auto"/> picks sparse when the system has an analytic Jacobian
/// with a known pattern, at least <see cref="SparseMinimumDimension"/> states, and a pattern (diagonal included) no
/// denser than <see cref="SparseMaximumDensity"/>; thresholds measured on generated reaction networks
/// (docs/performance.md, "Sparse linear solver").
/// </summary>
public static class LinearSolverChoice
{
    /// <summary>Smallest number of states for which <c>auto</c> chooses the sparse solver.</summary>
    public const int SparseMinimumDimension = 60;

    /// <summary>Largest share of non-zero entries in the iteration matrix for which <c>auto</c> chooses the sparse solver.</summary>
    public const double SparseMaximumDensity = 0.25;

    /// <summary>All accepted names, the default first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "dense", "sparse"];

    /// <summary>The kind named (case-insensitive); unknown names throw <see cref="ArgumentException"/> listing the allowed ones.</summary>
    public static LinearSolverKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "auto" => LinearSolverKind.Auto,
            "dense" => LinearSolverKind.Dense,
            "sparse" => LinearSolverKind.Sparse,
            _ => throw new ArgumentException($"Unknown linear solver '{name}'. Allowed: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>The name of a kind, as <see cref="Parse"/> reads it.</summary>
    public static string Name(LinearSolverKind kind) => Names[(int)kind];

    /// <summary>
    /// True when a stiff solver should factorise sparsely. <see cref="LinearSolverKind.Sparse"/> on a system without an
    /// analytic Jacobian pattern throws <see cref="ArgumentException"/>.
    /// </summary>
    public static bool UseSparse(LinearSolverKind kind, IOdeSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        bool canSparse = system is ISparseJacobianSystem { HasJacobian: true };
        switch (kind)
        {
            case LinearSolverKind.Dense:
                return false;
            case LinearSolverKind.Sparse:
                if (!canSparse)
                {
                    throw new ArgumentException("The sparse linear solver needs a system with an analytic Jacobian and its sparsity pattern.", nameof(system));
                }

                return true;
            default:
                if (!canSparse || system.Dimension < SparseMinimumDimension)
                {
                    return false;
                }

                var pattern = ((ISparseJacobianSystem)system).JacobianPattern;
                double n = system.Dimension;
                // The iteration matrix holds the Jacobian's entries plus the diagonal (at most n more).
                return (pattern.NonZeros + n) / (n * n) <= SparseMaximumDensity;
        }
    }
}
