namespace TrkbSim.Numerics.RootFinding;

/// <summary>Brent's method (inverse quadratic interpolation, secant and bisection safeguards) for bracketed roots.</summary>
public static class RootFinder
{
    /// <summary>
    /// Finds x in [a, b] where <paramref name="function"/> changes sign, given fa = f(a) and fb = f(b) of opposite signs (or one zero).
    /// The bracket shrinks to 4 eps |x| + <paramref name="absoluteTolerance"/> (0 asks for machine precision).
    /// </summary>
    public static RootResult Brent<TFunction>(ref TFunction function, double a, double b, double fa, double fb,
        double absoluteTolerance = 0, int maxIterations = 200)
        where TFunction : IRootFunction
    {
        if (double.IsNaN(fa) || double.IsNaN(fb))
        {
            throw new ArgumentException("Function values at the bracket ends must not be NaN.");
        }

        if (fa == 0)
        {
            return new RootResult(a, a, a, 0);
        }

        if (fb == 0)
        {
            return new RootResult(b, b, b, 0);
        }

        if (Math.Sign(fa) == Math.Sign(fb))
        {
            throw new ArgumentException($"f(a) = {fa} and f(b) = {fb} have the same sign; the interval does not bracket a root.");
        }

        double startSign = Math.Sign(fa);
        // b is the best estimate, c the contrapoint (f(b), f(c) of opposite signs), a the previous b.
        double c = a, fc = fa;
        double d = b - a, e = d;
        int evaluations = 0;
        for (int iter = 0; iter < maxIterations; iter++)
        {
            if (Math.Sign(fb) == Math.Sign(fc))
            {
                c = a;
                fc = fa;
                d = b - a;
                e = d;
            }

            if (Math.Abs(fc) < Math.Abs(fb))
            {
                a = b; b = c; c = a;
                fa = fb; fb = fc; fc = fa;
            }

            double tol = 2.0 * 2.220446049250313e-16 * Math.Abs(b) + 0.5 * absoluteTolerance;
            double m = 0.5 * (c - b);
            if (Math.Abs(m) <= tol || fb == 0)
            {
                return Result(b, fb, c, startSign, evaluations);
            }

            if (Math.Abs(e) >= tol && Math.Abs(fa) > Math.Abs(fb))
            {
                double s = fb / fa, p, q;
                if (a == c)
                {
                    p = 2.0 * m * s;
                    q = 1.0 - s;
                }
                else
                {
                    double qa = fa / fc, r = fb / fc;
                    p = s * (2.0 * m * qa * (qa - r) - (b - a) * (r - 1.0));
                    q = (qa - 1.0) * (r - 1.0) * (s - 1.0);
                }

                if (p > 0)
                {
                    q = -q;
                }
                else
                {
                    p = -p;
                }

                if (2.0 * p < Math.Min(3.0 * m * q - Math.Abs(tol * q), Math.Abs(e * q)))
                {
                    e = d;
                    d = p / q;
                }
                else
                {
                    d = m;
                    e = m;
                }
            }
            else
            {
                d = m;
                e = m;
            }

            a = b;
            fa = fb;
            b += Math.Abs(d) > tol ? d : (m > 0 ? tol : -tol);
            fb = function.Evaluate(b);
            evaluations++;
            if (double.IsNaN(fb))
            {
                throw new ArgumentException($"The function returned NaN at x = {b}.");
            }
        }

        return Result(b, fb, c, startSign, evaluations);
    }

    private static RootResult Result(double b, double fb, double c, double startSign, int evaluations)
    {
        if (fb == 0)
        {
            return new RootResult(b, b, b, evaluations);
        }

        return Math.Sign(fb) == startSign
            ? new RootResult(b, b, c, evaluations)
            : new RootResult(b, c, b, evaluations);
    }
}
