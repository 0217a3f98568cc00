using TrkbSim.Modeling;
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
}
