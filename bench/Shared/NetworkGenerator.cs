using System.Globalization;
using System.Text;

namespace TrkbSim.Bench;

/// <summary>
/// Writes a synthetic reaction network of a given size as Antimony text, for measuring how model build
/// time grows with model size. Same size and seed give the same text on every machine.
/// </summary>
public static class NetworkGenerator
{
    /// <summary>
    /// A network of <paramref name="species"/> species in one compartment with about two reactions per species:
    /// a first-order conversion chain (S_i -> S_i+1), mass-action bindings (S_a + S_b -> S_c), saturable
    /// conversions (Michaelis-Menten) and a source and a sink, each reaction with its own rate parameters.
    /// <paramref name="stiff"/>: every third rate constant (k and V) is 1000x larger, so that time scales differ by
    /// about three orders of magnitude and stiff solvers take over (the same random draws, so the same network).
    /// </summary>
    public static string Antimony(int species, ulong seed = 1, bool stiff = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(species, 2);
        var rng = new SplitMix64(seed);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(species * 160);
        int rate = 0;
        double Scale(double k) => stiff && rate++ % 3 == 0 ? 1000 * k : k;
        string name = $"network{species}{(stiff ? "s" : "")}";
        sb.Append(inv, $"// Synthetic reaction network: {species} species{(stiff ? ", every third rate 1000x (stiff)" : "")} (bench/Shared/NetworkGenerator.cs, seed {seed}).\n");
        sb.Append(inv, $"model {name}\n  compartment cell = 1;\n");
        for (int i = 0; i < species; i++)
            sb.Append(inv, $"  species S{i} in cell = {0.1 + 0.9 * rng.NextDouble():R};\n");

        int r = 0;
        sb.Append(inv, $"  k_in = 1;\n  J_in: -> S0; k_in;\n");
        for (int i = 0; i < species - 1; i++, r++)
            sb.Append(inv, $"  k{r} = {Scale(0.05 + rng.NextDouble()):R};\n  J{r}: S{i} -> S{i + 1}; k{r}*S{i};\n");
        sb.Append(inv, $"  k_out = 0.5;\n  J_out: S{species - 1} -> ; k_out*S{species - 1};\n");

        for (int j = 0; j < species / 2; j++, r++)
        {
            int a = rng.Next(species), b = rng.Next(species), c = rng.Next(species);
            if (b == a) b = (a + 1) % species;
            sb.Append(inv, $"  k{r} = {Scale(0.01 + 0.1 * rng.NextDouble()):R};\n  J{r}: S{a} + S{b} -> S{c}; k{r}*S{a}*S{b};\n");
        }
        for (int j = 0; j < species / 2; j++, r++)
        {
            int a = rng.Next(species), b = rng.Next(species);
            if (b == a) b = (a + 1) % species;
            sb.Append(inv, $"  V{r} = {Scale(0.1 + rng.NextDouble()):R}; K{r} = {0.1 + rng.NextDouble():R};\n");
            sb.Append(inv, $"  J{r}: S{a} -> S{b}; V{r}*S{a}/(K{r} + S{a});\n");
        }
        sb.Append("end\n");
        return sb.ToString();
    }

    /// <summary>Small, fully specified random stream, so that the network does not depend on the runtime's Random.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong NextUInt64()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        public int Next(int maxExclusive) => (int)(NextUInt64() % (ulong)maxExclusive);
    }
}
