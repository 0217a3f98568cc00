using System.Globalization;
using System.Text;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Simulation.Tests;

/// <summary>
/// A 10,000-species model end to end: the build (Antimony, then compilation, where thousands of statements of a few
/// shapes become loops over index tables), the Jacobian's pattern and values, and a stiff solve with the iterative
/// linear solver against the analytic solution of a closed linear chain.
/// </summary>
public sealed class LargeNetworkTests
{
    private const int Species = 10_000;

    /// <summary>Rate constant of S_i -> S_i+1: every third one 1000x larger (stiff).</summary>
    private static double K(int i) => (0.5 + 0.25 * (i % 7)) * (i % 3 == 0 ? 1000 : 1);

    /// <summary>
    /// A closed chain S_0 -> S_1 -> ... -> S_n-1, each S_i = 1 at t = 0; the flux of each step goes through an assignment
    /// rule (r_i := k_i * S_i), so the rules and the rates depend on each other in two levels.
    /// </summary>
    private static CompiledModel Chain()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("model chain\n  compartment cell = 1;\n");
        for (int i = 0; i < Species; i++) sb.Append(inv, $"  species S{i} in cell = 1;\n");
        for (int i = 0; i < Species - 1; i++)
            sb.Append(inv, $"  k{i} = {K(i):R};\n  r{i} := k{i}*S{i};\n  J{i}: S{i} -> S{i + 1}; r{i};\n");
        sb.Append("end\n");
        return ModelCompiler.Compile(AntimonyReader.Parse(sb.ToString(), "chain.ant"));
    }

    private static readonly Lazy<CompiledModel> Model = new(Chain);

    [Fact]
    public void TheChainsRightHandSideAndJacobianAreExact()
    {
        var model = Model.Value;
        Assert.Equal(Species, model.StateCount);
        var sim = model.CreateSimulator();
        var system = (ISparseJacobianSystem)sim.OdeSystem;
        var y = Enumerable.Range(0, Species).Select(i => 1.0 + i % 5).ToArray();
        var f = new double[Species];
        system.Derivatives(0, y, f);
        for (int i = 0; i < Species; i++)
        {
            double expected = (i > 0 ? K(i - 1) * y[i - 1] : 0) - (i < Species - 1 ? K(i) * y[i] : 0);
            Assert.Equal(expected, f[i], 1e-12 * (1 + Math.Abs(expected)));
        }

        // Row i holds d/dS_i-1 = k_i-1 and d/dS_i = -k_i (row 0 and the last row one of them).
        var pattern = model.JacobianPattern;
        Assert.Equal(2 * Species - 2, pattern.NonZeros);
        var values = new double[pattern.NonZeros];
        system.SparseJacobian(0, y, values);
        for (int i = 0; i < Species; i++)
        {
            var expected = new List<(int Column, double Value)>();
            if (i > 0) expected.Add((i - 1, K(i - 1)));
            if (i < Species - 1) expected.Add((i, -K(i)));
            Assert.Equal(expected.Select(e => e.Column), pattern.Line(i).ToArray());
            for (int q = 0; q < expected.Count; q++) Assert.Equal(expected[q].Value, values[pattern.Starts[i] + q]);
        }
    }

    [Fact]
    public void TheChainSolvedIterativelyMatchesTheAnalyticSolutionAndKeepsItsMass()
    {
        var sim = Model.Value.CreateSimulator();
        const double end = 1;
        var result = sim.Run(new SimulationSettings { End = end, Steps = 4, Solver = "bdf", LinearSolver = LinearSolverKind.Iterative, RelTol = 1e-8, AbsTol = 1e-12 });
        // S0' = -k0 S0; S1' = k0 S0 - k1 S1, both from 1.
        double k0 = K(0), k1 = K(1);
        double s0 = Math.Exp(-k0 * end);
        double s1 = Math.Exp(-k1 * end) + k0 / (k1 - k0) * (Math.Exp(-k0 * end) - Math.Exp(-k1 * end));
        Assert.Equal(s0, result.Column("S0")[^1], 1e-9);
        Assert.Equal(s1, result.Column("S1")[^1], 1e-6 * s1);
        double total = 0;
        for (int i = 0; i < Species; i++) total += result.Column($"S{i}")[^1];
        Assert.Equal(Species, total, 1e-6 * Species);
    }
}
