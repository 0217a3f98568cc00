namespace TrkbSim.Numerics.Ode;

/// <summary>What <see cref="AutoSolver"/> needs from its stiff method: a stiffness measure, step sizes, and a hand-over.</summary>
internal interface IStiffnessAware
{
    /// <summary>Infinity norm of the last Jacobian: an upper bound of the spectral radius.</summary>
    double JacobianNorm { get; }

    /// <summary>Signed size of the last accepted step (0 before the first).</summary>
    double LastStepSize { get; }

    /// <summary>The step the controller proposes next (signed).</summary>
    double ProposedStep { get; }

    /// <summary>Continues from (t, y) with a step-size hint, as after a switch from another method.</summary>
    void ContinueFrom(double t, ReadOnlySpan<double> y, double stepHint);
}
