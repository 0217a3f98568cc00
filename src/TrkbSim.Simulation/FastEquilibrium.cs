using TrkbSim.Modeling;
using TrkbSim.Numerics.LinearAlgebra;
using TrkbSim.Simulation.Compilation;

namespace TrkbSim.Simulation;

/// <summary>
/// Keeps a model's fast reactions at equilibrium for one simulator (SBML <c>fast="true"</c>: the fast subsystem is
/// instantaneous). With v the fast kinetic laws, N their stoichiometry columns and g the rates without fast fluxes, the
/// fluxes w solve (dv/dy N) w = -(dv/dy g + dv/dt), so that v stays 0 along the solution (an index-1 reduction);
/// <see cref="Project"/> moves a state onto v = 0 along N (Newton, the conserved sums of the fast subsystem kept) at
/// the start and after events. Allocation-free after construction.
/// </summary>
internal sealed class FastEquilibrium
{
    private const int MaxIterations = 1000;
    private readonly CompiledModel _m;
    private readonly CompiledFastSystem _f;
    private readonly int _n, _r;
    private readonly double[] _g, _col, _stoich, _a, _b, _v, _d, _trial;
    private readonly int[] _pivots;

    public FastEquilibrium(CompiledModel model, CompiledFastSystem fast)
    {
        (_m, _f) = (model, fast);
        _n = model.StateCount;
        _r = fast.FluxSlots.Length;
        _g = new double[_n];
        _col = new double[_n];
        _stoich = new double[_n * _r];
        _a = new double[_r * _r];
        _b = new double[_r];
        _v = new double[_r];
        _trial = new double[_n];
        _d = new double[_r];
        _pivots = new int[_r];
    }

    /// <summary>Writes the fluxes that keep the fast laws at zero into their p slots (the delayed values must be current).</summary>
    public void Fill(double t, double[] y, double[] p)
    {
        Stoichiometry(t, y, p);
        Direction(p, _g, 1);
        _f.Directional(t, y, p, _b);
        for (int k = 0; k < _r; k++) _b[k] = -_b[k];
        Sensitivities(t, y, p);
        for (int k = 0; k < _r; k++)
        {
            if (!ZeroRow(k)) continue;
            // A law that no fast flux changes: held at zero only if nothing else moves it; its own flux is then 0.
            if (_b[k] != 0)
                throw new ModelException(
                    $"fast reaction '{_f.Reactions[k]}' cannot stay at equilibrium at time {t:G6}: its rate changes but not with the species it converts");
            _a[k * _r + k] = 1;
        }
        Factor(t);
        DenseLu.Solve(_a, _r, _pivots, _b);
        for (int k = 0; k < _r; k++) p[_f.FluxSlots[k]] = _b[k];
    }

    /// <summary>
    /// Moves <paramref name="y"/> along the fast stoichiometry until every fast law is zero, to the equilibrium that
    /// running the fast reactions alone reaches: pseudo-transient continuation, implicit Euler steps in the fast
    /// reactions' own time whose step grows as the laws shrink, ending in Newton steps.
    /// </summary>
    public void Project(double t, double[] y, double[] p)
    {
        _f.Laws(t, y, p, _v);
        double norm = MaxAbs(_v);
        if (norm == 0) return;
        double scale = MaxAbs(y);
        double dtau = double.NaN, previousNorm = norm, firstDtau = double.NaN;
        for (int iter = 0; iter < MaxIterations; iter++)
        {
            for (int k = 0; k < _r; k++) _b[k] = _v[k];
            Stoichiometry(t, y, p);
            Sensitivities(t, y, p);
            if (double.IsNaN(dtau))
            {
                // First step: a change of about a thousandth of the state's scale.
                double rate = 0;
                for (int j = 0; j < _n; j++)
                {
                    double s = 0;
                    for (int l = 0; l < _r; l++) s += _stoich[j * _r + l] * _v[l];
                    rate = System.Math.Max(rate, System.Math.Abs(s));
                }
                dtau = firstDtau = rate > 0 && scale > 0 ? 1e-3 * scale / rate : 1;
            }
            // (I / dtau - A) dxi = v
            for (int k = 0; k < _r * _r; k++) _a[k] = -_a[k];
            for (int k = 0; k < _r; k++) _a[k * _r + k] += 1 / dtau;
            Factor(t);
            DenseLu.Solve(_a, _r, _pivots, _b);
            bool small = true, negative = false;
            for (int j = 0; j < _n; j++)
            {
                double s = 0;
                for (int l = 0; l < _r; l++) s += _stoich[j * _r + l] * _b[l];
                _trial[j] = y[j] + s;
                if (System.Math.Abs(s) > 1e-13 * System.Math.Max(System.Math.Abs(y[j]), 1e-12 * scale)) small = false;
                if (y[j] >= 0 && _trial[j] < -1e-14 * scale) negative = true;
            }
            if (negative)
            {
                // A step past zero: the fast reactions would have stopped before; take a shorter one.
                dtau /= 4;
                continue;
            }
            Array.Copy(_trial, y, _n);
            _f.Laws(t, y, p, _v);
            norm = MaxAbs(_v);
            bool newton = dtau >= 1e12 * firstDtau;
            if (norm == 0 || (small && newton)) return;
            // The step grows at least twofold while the laws shrink (more when they shrink fast, at most tenfold).
            double growth = norm <= previousNorm ? System.Math.Clamp(2 * previousNorm / norm, 2, 10) : 1;
            dtau = System.Math.Min(dtau * growth, 1e15 * firstDtau);
            previousNorm = norm;
        }
        throw new ModelException(
            $"the fast reactions ({string.Join(", ", _f.Reactions)}) reach no equilibrium at time {t:G6} (largest fast rate {norm:G3})");
    }

    /// <summary>g: the rates with every fast flux 0; the columns of N: what a unit flux of each fast reaction adds.</summary>
    private void Stoichiometry(double t, double[] y, double[] p)
    {
        foreach (int s in _f.FluxSlots) p[s] = 0;
        _m.Rhs(t, y, p, _g);
        for (int l = 0; l < _r; l++)
        {
            p[_f.FluxSlots[l]] = 1;
            _m.Rhs(t, y, p, _col);
            p[_f.FluxSlots[l]] = 0;
            for (int j = 0; j < _n; j++) _stoich[j * _r + l] = _col[j] - _g[j];
        }
    }

    /// <summary>A = dv/dy N: how each fast law changes with each fast flux.</summary>
    private void Sensitivities(double t, double[] y, double[] p)
    {
        for (int l = 0; l < _r; l++)
        {
            for (int j = 0; j < _n; j++) p[_f.DirectionBase + j] = _stoich[j * _r + l];
            p[_f.DirectionTime] = 0;
            _f.Directional(t, y, p, _d);
            for (int k = 0; k < _r; k++) _a[k * _r + l] = _d[k];
        }
    }

    private bool ZeroRow(int k)
    {
        for (int l = 0; l < _r; l++) if (_a[k * _r + l] != 0) return false;
        return true;
    }

    private void Factor(double t)
    {
        if (!DenseLu.Factor(_a, _r, _pivots))
            throw new ModelException(
                $"the fast reactions ({string.Join(", ", _f.Reactions)}) do not determine their equilibrium at time {t:G6}: their rates do not change with the species they convert");
    }

    private void Direction(double[] p, double[] stateDirection, double timeDirection)
    {
        Array.Copy(stateDirection, 0, p, _f.DirectionBase, _n);
        p[_f.DirectionTime] = timeDirection;
    }

    private static double MaxAbs(double[] v)
    {
        double m = 0;
        foreach (double x in v) m = System.Math.Max(m, System.Math.Abs(x));
        return double.IsNaN(m) ? double.PositiveInfinity : m;
    }
}
