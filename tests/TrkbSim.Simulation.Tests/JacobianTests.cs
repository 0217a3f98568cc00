using TrkbSim.Modeling;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Numerics.Ode;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests;

public class JacobianTests
{
    /// <summary>Nonlinear: Michaelis–Menten, Hill, mass action, chained assignment rules, piecewise, a growing compartment.</summary>
    private static Model Nonlinear() => Model(
        compartments: [new Compartment("V", 1.5) { Constant = false }],
        species: [Conc("A", 2), Conc("B", 0.5), Conc("C", 1), new Species("H", "V") { InitialAmount = 0.7, HasOnlySubstanceUnits = true }],
        parameters: [P("vmax", 1.3), P("km", 0.4), P("n", 2.5), P("k2", 0.8), P("act", null, false), P("sat", null, false)],
        reactions:
        [
            R("mm", "V*vmax*A/(km + A)*act", ["A"], ["B"]),
            R("hill", "V*B^n/(1 + B^n) + sin(time)*0.1", ["B"], ["C"]),
            R("dimer", "k2*C*C*V + piecewise(0.2*H, H > 0.5, 0.1*H^2)", ["C", "C"], ["A"]),
            R("h", "exp(-H)*sat*ln(1 + A)", [], ["H"]),
        ],
        rules:
        [
            new AssignmentRule("act", E("1/(1 + sat)")), new AssignmentRule("sat", E("C/(0.3 + C) + sqrtlike")),
            new RateRule("V", E("0.05*A")),
        ]);

    [Fact]
    public void AnalyticJacobianMatchesCentralDifferences()
    {
        // sqrtlike stands for a user function to exercise inlining inside the differentiated rules.
        var model = Nonlinear() with
        {
            Functions = [new FunctionDefinition("f", ["x"], E("root(2, x + 1)"))],
            Parameters = Nonlinear().Parameters.Add(P("sqrtlike", null, false)),
            Rules = Nonlinear().Rules.Add(new AssignmentRule("sqrtlike", E("f(H)"))),
        };
        var compiled = ModelCompiler.Compile(model);
        var sim = compiled.CreateSimulator();
        sim.Run(Settings(0.7, 7));
        var sys = sim.OdeSystem;
        int n = sys.Dimension;
        Assert.Equal(5, n); // A, B, C, H amounts and V
        var y = sim.GetState();
        double t = sim.Time;
        var jac = new double[n * n];
        sys.Jacobian(t, y, jac);
        var fp = new double[n];
        var fm = new double[n];
        for (int j = 0; j < n; j++)
        {
            var yp = (double[])y.Clone();
            var ym = (double[])y.Clone();
            double h = 1e-6 * Math.Max(1, Math.Abs(y[j]));
            yp[j] += h; ym[j] -= h;
            sys.Derivatives(t, yp, fp);
            sys.Derivatives(t, ym, fm);
            for (int i = 0; i < n; i++)
            {
                double fd = (fp[i] - fm[i]) / (2 * h);
                Assert.True(Math.Abs(fd - jac[i * n + j]) <= 1e-6 * Math.Max(1, Math.Abs(fd)),
                    $"J[{compiled.StateIds[i]},{compiled.StateIds[j]}] analytic {jac[i * n + j]} vs finite difference {fd}");
            }
        }
        Assert.True(compiled.JacobianNonZeros > n);
    }

    [Fact]
    public void JacobianOfLinearChainIsExactAndSparse()
    {
        var model = Model(species: [Amount("A", 1), Amount("B", 0)], parameters: [P("k1", 2), P("k2", 3)],
            reactions: [R("r1", "k1*A", ["A"], ["B"]), R("r2", "k2*B", ["B"], [])]);
        var compiled = ModelCompiler.Compile(model);
        var sim = compiled.CreateSimulator();
        var jac = new double[4];
        sim.OdeSystem.Jacobian(0, [1, 0], jac);
        Assert.Equal([-2, 0, 2, -3], jac);
        Assert.Equal(3, compiled.JacobianNonZeros);
    }

    [Fact]
    public void SparseJacobianHoldsTheDenseValuesInPatternOrder()
    {
        // Rules with large derivatives (temporaries in p), a rate rule, a growing compartment.
        var model = Nonlinear() with
        {
            Functions = [new FunctionDefinition("f", ["x"], E("root(2, x + 1)"))],
            Parameters = Nonlinear().Parameters.Add(P("sqrtlike", null, false)),
            Rules = Nonlinear().Rules.Add(new AssignmentRule("sqrtlike", E("f(H)"))),
        };
        var compiled = ModelCompiler.Compile(model);
        var sim = compiled.CreateSimulator();
        sim.Run(Settings(0.7, 7));
        var sys = Assert.IsAssignableFrom<ISparseJacobianSystem>(sim.OdeSystem);
        int n = sys.Dimension;
        var pattern = sys.JacobianPattern;
        Assert.Same(compiled.JacobianPattern, pattern);
        Assert.Equal(compiled.JacobianNonZeros, pattern.NonZeros);
        var y = sim.GetState();
        var dense = new double[n * n];
        var values = new double[pattern.NonZeros];
        sys.Jacobian(sim.Time, y, dense);
        sys.SparseJacobian(sim.Time, y, values);
        var fromSparse = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int q = pattern.Starts[i]; q < pattern.Starts[i + 1]; q++)
            {
                fromSparse[i * n + pattern.Indices[q]] = values[q];
            }
        }
        Assert.Equal(dense, fromSparse);
    }

    [Fact]
    public void SparseAndDenseLinearSolversSimulateTheSameStiffModel()
    {
        // A stiff chain of 80 species (past the automatic threshold) with fast and slow conversions and a binding.
        var text = new System.Text.StringBuilder("model chain\n  compartment c = 1;\n");
        for (int i = 0; i < 80; i++) text.Append($"  species S{i} in c = {1 + i % 3};\n");
        for (int i = 0; i < 79; i++) text.Append($"  J{i}: S{i} -> S{i + 1}; {(i % 3 == 0 ? 1000 : 1)}*S{i};\n");
        text.Append("  Jb: S3 + S40 -> S70; 0.5*S3*S40;\n  Jout: S79 -> ; 0.3*S79;\nend\n");
        var compiled = ModelCompiler.Compile(AntimonyReader.Parse(text.ToString(), "chain.ant"));
        SimulationResult Run(LinearSolverKind kind) =>
            compiled.CreateSimulator().Run(Settings(20, 20, 1e-8) with { Solver = "rodas5p", LinearSolver = kind });
        var dense = Run(LinearSolverKind.Dense);
        var sparse = Run(LinearSolverKind.Sparse);
        var auto = Run(LinearSolverKind.Auto);
        Assert.True(LinearSolverChoice.UseSparse(LinearSolverKind.Auto, compiled.CreateSimulator().OdeSystem));
        for (int c = 0; c < dense.Values.Length; c++)
        {
            for (int k = 0; k < dense.Times.Length; k++)
            {
                Assert.Equal(dense.Values[c][k], sparse.Values[c][k], 1e-10 * (1 + Math.Abs(dense.Values[c][k])));
                Assert.Equal(sparse.Values[c][k], auto.Values[c][k]);
            }
        }
    }
}
