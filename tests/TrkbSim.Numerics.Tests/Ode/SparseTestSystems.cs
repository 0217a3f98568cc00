using TrkbSim.Numerics.LinearAlgebra;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Numerics.Tests.Ode;

/// <summary>
/// A generated reaction network in the manner of bench/Shared/NetworkGenerator.cs: a conversion chain S_i -> S_i+1,
/// mass-action bindings S_a + S_b -> S_c, saturable conversions S_a -> S_b, a source and a sink; every third rate
/// constant 1000x larger, which makes it stiff. Gives its Jacobian dense and sparse.
/// </summary>
internal sealed class StiffNetwork : ISparseJacobianSystem
{
    private readonly int _n;
    private readonly List<Reaction> _reactions = [];
    private readonly double[] _rate = new double[3];

    /// <summary>One reaction: rate k * y[a] (first order), k * y[a] * y[b] (binding) or k * y[a] / (km + y[a]) (saturable).</summary>
    private sealed record Reaction(int Kind, int A, int B, double K, double Km, (int Species, double Stoichiometry)[] Effects)
    {
        public int[] Dependencies => Kind switch { 0 => [], 2 => [A, B], _ => [A] };
        public (int Row, int Column, int Slot)[] Slots { get; set; } = [];
    }

    /// <param name="bindings">False: the chain, source and sink only (a bidiagonal Jacobian).</param>
    public StiffNetwork(int species, int seed, bool bindings = true)
    {
        _n = species;
        var rng = new Random(seed);
        int count = 0;
        double K(double baseRate) => baseRate * (count++ % 3 == 0 ? 1000 : 1);
        _reactions.Add(new Reaction(0, 0, 0, 1, 0, [(0, 1)]));
        for (int i = 0; i < species - 1; i++)
        {
            _reactions.Add(new Reaction(1, i, 0, K(0.05 + rng.NextDouble()), 0, [(i, -1), (i + 1, 1)]));
        }

        _reactions.Add(new Reaction(1, species - 1, 0, 0.5, 0, [(species - 1, -1)]));
        for (int j = 0; j < (bindings ? species / 2 : 0); j++)
        {
            int a = rng.Next(species), b = rng.Next(species), c = rng.Next(species);
            if (b == a) b = (a + 1) % species;
            _reactions.Add(new Reaction(2, a, b, K(0.01 + 0.1 * rng.NextDouble()), 0, [(a, -1), (b, -1), (c, 1)]));
        }

        for (int j = 0; j < (bindings ? species / 2 : 0); j++)
        {
            int a = rng.Next(species), b = rng.Next(species);
            if (b == a) b = (a + 1) % species;
            _reactions.Add(new Reaction(3, a, b, K(0.1 + rng.NextDouble()), 0.1 + rng.NextDouble(), [(a, -1), (b, 1)]));
        }

        var rows = Enumerable.Range(0, species).Select(_ => new SortedSet<int>()).ToArray();
        foreach (var r in _reactions)
        {
            foreach (var (s, _) in r.Effects)
            {
                foreach (int d in r.Dependencies)
                {
                    rows[s].Add(d);
                }
            }
        }

        var starts = new int[species + 1];
        for (int i = 0; i < species; i++)
        {
            starts[i + 1] = starts[i] + rows[i].Count;
        }

        JacobianPattern = new SparsePattern(species, starts, [.. rows.SelectMany(r => r)]);
        foreach (var r in _reactions)
        {
            r.Slots = [.. r.Effects.SelectMany(e => r.Dependencies.Select(d => (e.Species, d, JacobianPattern.Find(e.Species, d))))];
        }

        InitialState = [.. Enumerable.Range(0, species).Select(_ => 0.1 + 0.9 * rng.NextDouble())];
    }

    public double[] InitialState { get; }

    public int Dimension => _n;
    public bool HasJacobian => true;
    public SparsePattern JacobianPattern { get; }

    public void Derivatives(double t, double[] y, double[] dydt)
    {
        Array.Clear(dydt, 0, _n);
        foreach (var r in _reactions)
        {
            double v = r.Kind switch
            {
                0 => r.K,
                1 => r.K * y[r.A],
                2 => r.K * y[r.A] * y[r.B],
                _ => r.K * y[r.A] / (r.Km + y[r.A]),
            };
            foreach (var (s, st) in r.Effects)
            {
                dydt[s] += st * v;
            }
        }
    }

    /// <summary>dv/dy for each dependency of the reaction, into _rate.</summary>
    private void RateGradient(Reaction r, double[] y)
    {
        switch (r.Kind)
        {
            case 1: _rate[0] = r.K; break;
            case 2: _rate[0] = r.K * y[r.B]; _rate[1] = r.K * y[r.A]; break;
            case 3: _rate[0] = r.K * r.Km / ((r.Km + y[r.A]) * (r.Km + y[r.A])); break;
        }
    }

    public void Jacobian(double t, double[] y, double[] jac)
    {
        Array.Clear(jac, 0, _n * _n);
        foreach (var r in _reactions)
        {
            RateGradient(r, y);
            int q = 0;
            foreach (var (s, st) in r.Effects)
            {
                foreach (int d in r.Dependencies)
                {
                    jac[s * _n + d] += st * _rate[q++ % r.Dependencies.Length];
                }
            }
        }
    }

    public void SparseJacobian(double t, double[] y, double[] values)
    {
        Array.Clear(values, 0, JacobianPattern.NonZeros);
        foreach (var r in _reactions)
        {
            RateGradient(r, y);
            int q = 0;
            foreach (var (s, st) in r.Effects)
            {
                foreach (int _ in r.Dependencies)
                {
                    values[r.Slots[q].Slot] += st * _rate[q % r.Dependencies.Length];
                    q++;
                }
            }
        }
    }
}

/// <summary>Robertson's kinetics with its Jacobian's pattern, so that the sparse solver can run it.</summary>
internal sealed class SparseRobertson : ISparseJacobianSystem
{
    private readonly Robertson _dense = new();
    public int Dimension => 3;
    public bool HasJacobian => true;
    public SparsePattern JacobianPattern { get; } = new(3, [0, 3, 6, 7], [0, 1, 2, 0, 1, 2, 1]);
    public void Derivatives(double t, double[] y, double[] dydt) => _dense.Derivatives(t, y, dydt);
    public void Jacobian(double t, double[] y, double[] jac) => _dense.Jacobian(t, y, jac);

    public void SparseJacobian(double t, double[] y, double[] values)
    {
        values[0] = -0.04; values[1] = 1e4 * y[2]; values[2] = 1e4 * y[1];
        values[3] = 0.04; values[4] = -1e4 * y[2] - 6e7 * y[1]; values[5] = -1e4 * y[1];
        values[6] = 6e7 * y[1];
    }
}

/// <summary>
/// y' = J y with J diagonal, J_kk = 2^k / (gamma * h0): with a first step h0, W = I/(h gamma) - J is singular at h0 and at
/// each of the five halvings after it, exactly.
/// </summary>
internal sealed class SingularIterationMatrix(double gamma, double h0) : ISparseJacobianSystem
{
    public int Dimension => 6;
    public bool HasJacobian => true;
    public SparsePattern JacobianPattern { get; } = new(6, [0, 1, 2, 3, 4, 5, 6], [0, 1, 2, 3, 4, 5]);

    private double Entry(int k) => Math.ScaleB(1.0, k) / (gamma * h0);

    public void Derivatives(double t, double[] y, double[] dydt)
    {
        for (int k = 0; k < 6; k++)
        {
            dydt[k] = Entry(k) * y[k];
        }
    }

    public void Jacobian(double t, double[] y, double[] jac)
    {
        Array.Clear(jac, 0, 36);
        for (int k = 0; k < 6; k++)
        {
            jac[k * 6 + k] = Entry(k);
        }
    }

    public void SparseJacobian(double t, double[] y, double[] values)
    {
        for (int k = 0; k < 6; k++)
        {
            values[k] = Entry(k);
        }
    }
}
