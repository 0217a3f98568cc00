using System.Runtime.CompilerServices;
using TrkbSim.Numerics.LinearAlgebra;

namespace TrkbSim.Numerics.Ode;

/// <summary>
/// Which linear solver a stiff solver uses for a system, and the names of the choices (the values accepted by
/// <c>--linear-solver</c>). <see cref="LinearSolverKind.Auto"/> picks sparse when the system has an analytic Jacobian
/// with a known pattern, at least <see cref="SparseMinimumDimension"/> states, and a pattern (diagonal included) no
/// denser than <see cref="SparseMaximumDensity"/>; thresholds measured on generated reaction networks
/// (docs/performance.md, "Sparse linear solver"). Among those, systems of at least <see cref="IterativeMinimumDimension"/>
/// states whose complete LU would hold more than <see cref="IterativeFillRatio"/> times W's entries (predicted from the
/// minimum-degree ordering of W + Wᵀ) are solved iteratively instead (docs/performance.md, "Engine at scale").
/// </summary>
public static class LinearSolverChoice
{
    /// <summary>Smallest number of states for which <c>auto</c> chooses the sparse solver.</summary>
    public const int SparseMinimumDimension = 60;

    /// <summary>Largest share of non-zero entries in the iteration matrix for which <c>auto</c> chooses the sparse solver.</summary>
    public const double SparseMaximumDensity = 0.25;

    /// <summary>Smallest number of states for which <c>auto</c> considers the iterative solver.</summary>
    public const int IterativeMinimumDimension = 2000;

    /// <summary>Predicted L+U entries over W's entries above which <c>auto</c> takes the iterative solver.</summary>
    public const double IterativeFillRatio = 40;

    private static readonly ConditionalWeakTable<SparsePattern, StrongBox<double>> FillRatios = [];

    /// <summary>All accepted names, the default first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "dense", "sparse", "iterative"];

    /// <summary>The kind named (case-insensitive); unknown names throw <see cref="ArgumentException"/> listing the allowed ones.</summary>
    public static LinearSolverKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "auto" => LinearSolverKind.Auto,
            "dense" => LinearSolverKind.Dense,
            "sparse" => LinearSolverKind.Sparse,
            "iterative" => LinearSolverKind.Iterative,
            _ => throw new ArgumentException($"Unknown linear solver '{name}'. Allowed: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>The name of a kind, as <see cref="Parse"/> reads it.</summary>
    public static string Name(LinearSolverKind kind) => Names[(int)kind];

    /// <summary>True when a stiff solver should keep W sparse (direct or iterative); see <see cref="Resolve"/>.</summary>
    public static bool UseSparse(LinearSolverKind kind, IOdeSystem system) => Resolve(kind, system) != LinearSolverKind.Dense;

    /// <summary>
    /// The solver a stiff solver uses: <see cref="LinearSolverKind.Dense"/>, <see cref="LinearSolverKind.Sparse"/> or
    /// <see cref="LinearSolverKind.Iterative"/> (never auto). Sparse or iterative on a system without an analytic Jacobian
    /// pattern throws <see cref="ArgumentException"/>.
    /// </summary>
    public static LinearSolverKind Resolve(LinearSolverKind kind, IOdeSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        bool canSparse = system is ISparseJacobianSystem { HasJacobian: true };
        switch (kind)
        {
            case LinearSolverKind.Dense:
                return LinearSolverKind.Dense;
            case LinearSolverKind.Sparse or LinearSolverKind.Iterative:
                if (!canSparse)
                {
                    throw new ArgumentException($"The {Name(kind)} linear solver needs a system with an analytic Jacobian and its sparsity pattern.", nameof(system));
                }

                return kind;
            default:
                if (!canSparse || system.Dimension < SparseMinimumDimension)
                {
                    return LinearSolverKind.Dense;
                }

                var pattern = ((ISparseJacobianSystem)system).JacobianPattern;
                double n = system.Dimension;
                // The iteration matrix holds the Jacobian's entries plus the diagonal (at most n more).
                if ((pattern.NonZeros + n) / (n * n) > SparseMaximumDensity)
                {
                    return LinearSolverKind.Dense;
                }

                return system.Dimension >= IterativeMinimumDimension && PredictedFillRatio(pattern) > IterativeFillRatio
                    ? LinearSolverKind.Iterative
                    : LinearSolverKind.Sparse;
        }
    }

    /// <summary>
    /// Entries of a complete LU of W (pattern plus diagonal) over W's entries, predicted from the minimum-degree ordering
    /// of W + Wᵀ (L and U as the symmetric factor's columns and rows); computed once per pattern.
    /// </summary>
    public static double PredictedFillRatio(SparsePattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return FillRatios.GetValue(pattern, p =>
        {
            var w = p.WithDiagonal();
            MinimumDegreeOrdering.Order(w, out long fill);
            return new StrongBox<double>((2.0 * fill + w.Dimension) / w.NonZeros);
        }).Value;
    }
}
