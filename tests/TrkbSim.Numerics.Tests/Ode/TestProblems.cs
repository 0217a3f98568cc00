using TrkbSim.Numerics.Ode;

namespace TrkbSim.Numerics.Tests.Ode;

/// <summary>y' = -y + sin t, y(0) = y0: y = (y0 + 1/2) e^-t + (sin t - cos t) / 2. Non-autonomous.</summary>
internal sealed class ForcedDecay : IOdeSystem
{
    public int Dimension => 1;
    public bool HasJacobian => true;
    public void Derivatives(double t, double[] y, double[] dydt) => dydt[0] = -y[0] + Math.Sin(t);
    public void Jacobian(double t, double[] y, double[] jac) => jac[0] = -1;
    public static double Exact(double t, double y0) => (y0 + 0.5) * Math.Exp(-t) + 0.5 * (Math.Sin(t) - Math.Cos(t));
}

/// <summary>y' = [[-1, 2], [-2, -1]] y, y(0) = (1, 0): y = e^-t (cos 2t, -sin 2t).</summary>
internal sealed class DampedRotation : IOdeSystem
{
    public int Dimension => 2;
    public bool HasJacobian => true;

    public void Derivatives(double t, double[] y, double[] dydt)
    {
        dydt[0] = -y[0] + 2 * y[1];
        dydt[1] = -2 * y[0] - y[1];
    }

    public void Jacobian(double t, double[] y, double[] jac)
    {
        jac[0] = -1; jac[1] = 2;
        jac[2] = -2; jac[3] = -1;
    }

    public static void Exact(double t, Span<double> y)
    {
        y[0] = Math.Exp(-t) * Math.Cos(2 * t);
        y[1] = -Math.Exp(-t) * Math.Sin(2 * t);
    }
}

/// <summary>Logistic growth y' = y (1 - y): y = 1 / (1 + (1/y0 - 1) e^-t). Nonlinear.</summary>
internal sealed class Logistic : IOdeSystem
{
    public int Dimension => 1;
    public bool HasJacobian => true;
    public void Derivatives(double t, double[] y, double[] dydt) => dydt[0] = y[0] * (1 - y[0]);
    public void Jacobian(double t, double[] y, double[] jac) => jac[0] = 1 - 2 * y[0];
    public static double Exact(double t, double y0) => 1 / (1 + (1 / y0 - 1) * Math.Exp(-t));
}

/// <summary>Robertson's chemical kinetics (Hairer-Wanner test set ROBER).</summary>
internal sealed class Robertson : IOdeSystem
{
    public int Dimension => 3;
    public bool HasJacobian => true;

    public void Derivatives(double t, double[] y, double[] dydt)
    {
        dydt[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
        dydt[2] = 3e7 * y[1] * y[1];
        dydt[1] = -dydt[0] - dydt[2];
    }

    public void Jacobian(double t, double[] y, double[] jac)
    {
        jac[0] = -0.04; jac[1] = 1e4 * y[2]; jac[2] = 1e4 * y[1];
        jac[6] = 0; jac[7] = 6e7 * y[1]; jac[8] = 0;
        jac[3] = 0.04; jac[4] = -1e4 * y[2] - 6e7 * y[1]; jac[5] = -1e4 * y[1];
    }
}

/// <summary>Van der Pol oscillator x'' = mu (1 - x^2) x' - x, y = (x, x'), in unscaled time.</summary>
internal sealed class VanDerPol(double mu) : IOdeSystem
{
    public int Dimension => 2;
    public bool HasJacobian => true;

    public void Derivatives(double t, double[] y, double[] dydt)
    {
        dydt[0] = y[1];
        dydt[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
    }

    public void Jacobian(double t, double[] y, double[] jac)
    {
        jac[0] = 0; jac[1] = 1;
        jac[2] = -2 * mu * y[0] * y[1] - 1; jac[3] = mu * (1 - y[0] * y[0]);
    }
}

/// <summary>Van der Pol in the test set's scaled form (VDPOL): y2' = ((1 - y1^2) y2 - y1) / eps, eps = 1e-6, t in [0, 2].</summary>
internal sealed class VanDerPolScaled : IOdeSystem
{
    private const double Eps = 1e-6;
    public int Dimension => 2;
    public bool HasJacobian => true;

    public void Derivatives(double t, double[] y, double[] dydt)
    {
        dydt[0] = y[1];
        dydt[1] = ((1 - y[0] * y[0]) * y[1] - y[0]) / Eps;
    }

    public void Jacobian(double t, double[] y, double[] jac)
    {
        jac[0] = 0; jac[1] = 1;
        jac[2] = (-2 * y[0] * y[1] - 1) / Eps; jac[3] = (1 - y[0] * y[0]) / Eps;
    }
}

/// <summary>HIRES: high irradiance response of photomorphogenesis (test set), 8 states, t in [0, 321.8122].</summary>
internal sealed class Hires : IOdeSystem
{
    public int Dimension => 8;
    public bool HasJacobian => false;

    public void Derivatives(double t, double[] y, double[] f)
    {
        f[0] = -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007;
        f[1] = 1.71 * y[0] - 8.75 * y[1];
        f[2] = -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4];
        f[3] = 8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3];
        f[4] = -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6];
        f[5] = -280 * y[5] * y[7] + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6];
        f[6] = 280 * y[5] * y[7] - 1.81 * y[6];
        f[7] = -280 * y[5] * y[7] + 1.81 * y[6];
    }

    public void Jacobian(double t, double[] y, double[] jac) => throw new NotSupportedException();
}

/// <summary>OREGO: the Oregonator (test set), 3 states, t in [0, 360].</summary>
internal sealed class Orego : IOdeSystem
{
    public int Dimension => 3;
    public bool HasJacobian => false;

    public void Derivatives(double t, double[] y, double[] f)
    {
        const double s = 77.27, w = 0.161, q = 8.375e-6;
        f[0] = s * (y[1] - y[0] * y[1] + y[0] - q * y[0] * y[0]);
        f[1] = (-y[1] - y[0] * y[1] + y[2]) / s;
        f[2] = w * (y[0] - y[2]);
    }

    public void Jacobian(double t, double[] y, double[] jac) => throw new NotSupportedException();
}

/// <summary>Hides a system's analytic Jacobian so that solvers fall back to finite differences.</summary>
internal sealed class WithoutJacobian(IOdeSystem inner) : IOdeSystem
{
    public int Dimension => inner.Dimension;
    public bool HasJacobian => false;
    public void Derivatives(double t, double[] y, double[] dydt) => inner.Derivatives(t, y, dydt);
    public void Jacobian(double t, double[] y, double[] jac) => throw new NotSupportedException();
}

/// <summary>y0' = -y0, y1' = y1^2 with y1(0) = 1: component 1 blows up at t = 1.</summary>
internal sealed class BlowUp : IOdeSystem
{
    public int Dimension => 2;
    public bool HasJacobian => true;

    public void Derivatives(double t, double[] y, double[] dydt)
    {
        dydt[0] = -y[0];
        dydt[1] = y[1] * y[1];
    }

    public void Jacobian(double t, double[] y, double[] jac)
    {
        jac[0] = -1; jac[1] = 0;
        jac[2] = 0; jac[3] = 2 * y[1];
    }
}

/// <summary>A ten-state reaction chain with one fast reversible pair (stiff when <paramref name="fastRate"/> is large) and a forcing term.</summary>
internal sealed class TenStateChain(double fastRate) : IOdeSystem
{
    public int Dimension => 10;
    public bool HasJacobian => false;

    public void Derivatives(double t, double[] y, double[] f)
    {
        double input = 1 + 0.5 * Math.Sin(t);
        f[0] = input - 0.5 * y[0];
        for (int i = 1; i < 10; i++)
        {
            f[i] = 0.5 * y[i - 1] / (1 + y[i - 1]) - 0.3 * y[i];
        }

        // Fast exchange between states 8 and 9.
        double ex = fastRate * (y[8] - 0.5 * y[9]);
        f[8] -= ex;
        f[9] += ex;
    }

    public void Jacobian(double t, double[] y, double[] jac) => throw new NotSupportedException();
}

/// <summary>Drives a solver to an end time.</summary>
internal static class Run
{
    public static OdeSolver To(OdeSolver solver, IOdeSystem system, double t0, double[] y0, double tEnd, OdeOptions options)
    {
        solver.Initialize(system, t0, y0, options);
        while (solver.Time != tEnd)
        {
            solver.Step(tEnd);
        }

        return solver;
    }
}
