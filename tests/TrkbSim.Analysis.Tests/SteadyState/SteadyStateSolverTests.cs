using TrkbSim.Analysis.SteadyState;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Simulation;

namespace TrkbSim.Analysis.Tests.SteadyState;

/// <summary>Steady states, conservation laws and stability against analytic answers.</summary>
public class SteadyStateSolverTests
{
    static Simulator Sim(string body) => ModelCompiler.Compile(AntimonyReader.Parse($"model m()\n{body}\nend\n", "m.ant")).CreateSimulator();

    static double State(SteadyStateResult r, string id) => r.State[r.StateIds.IndexOf(id)];

    [Theory]
    [InlineData(SteadyStateMethod.Newton)]
    [InlineData(SteadyStateMethod.Simulate)]
    [InlineData(SteadyStateMethod.Auto)]
    public void ProductionAndDegradation(SteadyStateMethod method)
    {
        // x' = k0 - k1 x: x* = k0/k1, eigenvalue -k1.
        var r = SteadyStateSolver.Solve(Sim("x' = k0 - k1*x; x = 0; k0 = 2; k1 = 0.5;"), new SteadyStateOptions { Method = method });
        Assert.Equal(4, State(r, "x"), 9);
        Assert.Equal(-0.5, r.MaxRealEigenvalue!.Value, 9);
        Assert.True(r.Stable);
        Assert.Equal(0, r.Laws.Count);
    }

    [Fact]
    public void TwoLongReversibleChainsSolvedSparseKeepTheirTotalsAndGeometricProfiles()
    {
        // X0 <-> X1 <-> ... <-> X59 and Y0 <-> ... <-> Y39 (forward 1, back 1/r): 100 states, two laws (each chain's
        // total). At steady state each step holds the ratio r: X_i = Tx r^i (1 - r) / (1 - r^60), likewise Y.
        const double r = 0.95, tx = 10, ty = 5;
        var text = new System.Text.StringBuilder("compartment C = 1;\n");
        foreach (var (name, length, total) in new[] { ("X", 60, tx), ("Y", 40, ty) })
        {
            for (int i = 0; i < length; i++) text.Append($"species {name}{i} in C = {(i == 0 ? total : 0)};\n");
            for (int i = 0; i + 1 < length; i++) text.Append($"{name}f{i}: {name}{i} -> {name}{i + 1}; {name}{i};\n{name}b{i}: {name}{i + 1} -> {name}{i}; {name}{i + 1} / {r};\n");
        }
        var sim = Sim(text.ToString());
        var laws = ConservationLaws.Find(sim.OdeSystem, sim.GetState(), 0);
        Assert.Equal(2, laws.Count);
        Assert.True(new NewtonMatrix(sim.OdeSystem, laws).IsSparse, "a 100-state network with a sparse Jacobian should be solved sparse");

        var result = SteadyStateSolver.Solve(sim, new SteadyStateOptions { Method = SteadyStateMethod.Newton });
        // The rates are linear: an exact Newton matrix lands on the steady state in one step.
        Assert.InRange(result.NewtonIterations, 1, 2);
        foreach (var (name, length, total) in new[] { ("X", 60, tx), ("Y", 40, ty) })
            for (int i = 0; i < length; i++)
            {
                double expected = total * Math.Pow(r, i) * (1 - r) / (1 - Math.Pow(r, length));
                Assert.True(Math.Abs(State(result, $"{name}{i}") / expected - 1) < 1e-9, $"{name}{i} = {State(result, $"{name}{i}")}, expected {expected}");
            }
        Assert.True(result.Stable);
    }

    [Fact]
    public void AReversibleReactionKeepsItsTotal()
    {
        // A <-> B: A* = T k2/(k1+k2); one law A + B = T; the other eigenvalue is -(k1+k2).
        var r = SteadyStateSolver.Solve(Sim("""
            compartment C = 2;
            species A in C = 10, B in C = 0;
            r1: A -> B; k1*A*C;
            r2: B -> A; k2*B*C;
            k1 = 0.3; k2 = 0.1;
            """), new SteadyStateOptions());
        Assert.Equal(1, r.Laws.Count);
        Assert.Equal([1.0, 1.0], r.Laws.Rows[0]);
        // States are amounts: 10 mM in 2 L.
        Assert.Equal(20, r.Totals[0], 9);
        Assert.Equal(20 * 0.1 / 0.4, State(r, "A"), 9);
        Assert.Equal(20 * 0.3 / 0.4, State(r, "B"), 9);
        Assert.Equal(-0.4, r.MaxRealEigenvalue!.Value, 9);
    }

    [Fact]
    public void AnEnzymeWithInputAndOutputHasItsTotalEnzymeConserved()
    {
        // S in at v; E + S <-> ES -> E + P; P out. At steady state the flux is v: ES* = v/kcat, E* = Et - ES*,
        // S* = (km1 + kcat) ES* / (k1 E*), P* = v/kd.
        const double v = 0.5, k1 = 2, km1 = 1, kcat = 3, kd = 0.25, et = 1;
        var r = SteadyStateSolver.Solve(Sim($"""
            compartment C = 1;
            species S in C = 0, E in C = {et}, ES in C = 0, P in C = 0;
            feed: -> S; {v};
            bind: E + S -> ES; {k1}*E*S;
            unbind: ES -> E + S; {km1}*ES;
            cat: ES -> E + P; {kcat}*ES;
            drain: P -> ; {kd}*P;
            """), new SteadyStateOptions());
        double es = v / kcat, e = et - es;
        Assert.Equal(1, r.Laws.Count);
        Assert.Equal(et, r.Totals[0], 9);
        Assert.Equal(es, State(r, "ES"), 8);
        Assert.Equal(e, State(r, "E"), 8);
        Assert.Equal((km1 + kcat) * es / (k1 * e), State(r, "S"), 8);
        Assert.Equal(v / kd, State(r, "P"), 8);
        Assert.True(r.Stable);
    }

    [Fact]
    public void AnUnstableSteadyStateIsFoundAndCalledUnstable()
    {
        // x' = x - x^3 from 0.1: Newton lands on x = 0, where the eigenvalue is +1.
        var r = SteadyStateSolver.Solve(Sim("x' = x - x^3; x = 0.1;"), new SteadyStateOptions { Method = SteadyStateMethod.Newton });
        Assert.Equal(0, State(r, "x"), 9);
        Assert.Equal(1, r.MaxRealEigenvalue!.Value, 9);
        Assert.False(r.Stable);
        // Integration goes to the stable state x = 1 (eigenvalue -2).
        var s = SteadyStateSolver.Solve(Sim("x' = x - x^3; x = 0.1;"), new SteadyStateOptions { Method = SteadyStateMethod.Simulate });
        Assert.Equal(1, State(s, "x"), 9);
        Assert.Equal(-2, s.MaxRealEigenvalue!.Value, 9);
    }

    [Fact]
    public void AModelWithoutASteadyStateIsReportedAsSuch()
    {
        var e = Assert.Throws<NoSteadyStateException>(() =>
            SteadyStateSolver.Solve(Sim("x' = 1; x = 0;"), new SteadyStateOptions { MaxSimulatedTime = 1e4 }));
        Assert.Contains("no steady state found", e.Message);
    }

    /// <summary>
    /// Two reversible chains (60 and 40 states) and a binding cycle B + C &lt;-&gt; D, D -&gt; B + E, E -&gt; C: 105
    /// states with three laws (the X total, the Y total and C + D + E).
    /// </summary>
    static Simulator ChainsAndACycle()
    {
        var text = new System.Text.StringBuilder("compartment V = 1;\n");
        foreach (var (name, length) in new[] { ("X", 60), ("Y", 40) })
        {
            for (int i = 0; i < length; i++) text.Append($"species {name}{i} in V = {1 + 0.01 * i};\n");
            for (int i = 0; i + 1 < length; i++) text.Append($"{name}f{i}: {name}{i} -> {name}{i + 1}; 2*{name}{i};\n{name}b{i}: {name}{i + 1} -> {name}{i}; 0.7*{name}{i + 1};\n");
        }
        text.Append("species B in V = 1; species C in V = 2; species D in V = 0.5; species E in V = 0.2; species F in V = 1;\n");
        text.Append("bind: B + C -> D; 3*B*C;\nfree: D -> B + C; 0.4*D;\nlose: D -> B + E; 0.8*D;\nback: E -> C; 1.1*E;\n");
        text.Append("feed: -> B; 0.3;\ndrain: B -> ; 0.2*B;\nmake: B -> F; F + 0.1*B;\nloss: F -> ; 2*F;\n");
        return Sim(text.ToString());
    }

    [Fact]
    public void SparseAndDenseConservationLawsSpanTheSameSpace()
    {
        var sim = ChainsAndACycle();
        var system = sim.OdeSystem;
        Assert.True(NewtonMatrix.UsesSparse(system), "the 105-state network should take the sparse path");
        var points = ConservationLaws.SamplePoints(sim.GetState(), 1);
        var sparse = ConservationLaws.FindSparse((TrkbSim.Numerics.Ode.ISparseJacobianSystem)system, points, 0);
        var dense = ConservationLaws.FindDense(system, points, 0);
        Assert.Equal(3, dense.Count);
        Assert.Equal(dense.Count, sparse.Count);
        // Both are in reduced row echelon form: a law lies in the dense laws' span when it equals the combination of
        // the dense rows weighted by its own coefficients at their pivots.
        foreach (var law in sparse.Rows)
        {
            var combination = new double[law.Length];
            for (int k = 0; k < dense.Count; k++)
                for (int i = 0; i < law.Length; i++) combination[i] += law[dense.Pivots[k]] * dense.Rows[k][i];
            for (int i = 0; i < law.Length; i++) Assert.Equal(combination[i], law[i], 9);
        }
        // And each holds: L·f = 0 at a point away from the initial state.
        var f = new double[system.Dimension];
        system.Derivatives(0, points[2], f);
        foreach (var law in sparse.Rows)
            Assert.True(Math.Abs(law.Zip(f, (l, v) => l * v).Sum()) < 1e-12 * law.Zip(f, (l, v) => Math.Abs(l * v)).Sum() + 1e-15);
    }

    [Fact]
    public void AnOpenNetworkHasNoLawsOnEitherPath()
    {
        // A source into S0, a chain S0 -> ... -> S149, a sink from S149, and bindings S_i + S_(i+50) -> S_(i+1): every
        // species can be made or lost, so no combination is conserved (the sparse path's LU certificate applies).
        var text = new System.Text.StringBuilder("compartment V = 1;\n");
        for (int i = 0; i < 150; i++) text.Append($"species S{i} in V = {0.5 + 0.01 * i};\n");
        text.Append("feed: -> S0; 1;\ndrain: S149 -> ; 0.5*S149;\n");
        for (int i = 0; i + 1 < 150; i++) text.Append($"c{i}: S{i} -> S{i + 1}; {1 + 0.1 * (i % 5)}*S{i};\n");
        for (int i = 0; i + 50 < 150; i += 3) text.Append($"b{i}: S{i} + S{i + 50} -> S{i + 1}; 0.2*S{i}*S{i + 50};\n");
        var sim = Sim(text.ToString());
        var points = ConservationLaws.SamplePoints(sim.GetState(), 1);
        Assert.Equal(0, ConservationLaws.FindDense(sim.OdeSystem, points, 0).Count);
        Assert.Equal(0, ConservationLaws.FindSparse((TrkbSim.Numerics.Ode.ISparseJacobianSystem)sim.OdeSystem, points, 0).Count);
    }

    [Fact]
    public void ALongSymmetricChainHasTheAnalyticSlowestModeFromTheSparseEigenvalueSearch()
    {
        // X0 <-> X1 <-> ... <-> X599, rate 1 each way: J = -(path Laplacian), eigenvalues -(2 - 2 cos(pi j / 600)); j = 0
        // is the total's zero, so the largest real part is -(2 - 2 cos(pi / 600)) = -2.74e-5. 600 states is above the
        // dense eigenvalue limit, so the eigenvalues nearest zero come from shift-invert Arnoldi.
        const int length = 600;
        Assert.True(length > SteadyStateSolver.DenseEigenvalueLimit);
        var text = new System.Text.StringBuilder("compartment V = 1;\n");
        for (int i = 0; i < length; i++) text.Append($"species X{i} in V = {(i % 7) * 0.5};\n");
        for (int i = 0; i + 1 < length; i++) text.Append($"f{i}: X{i} -> X{i + 1}; X{i};\nb{i}: X{i + 1} -> X{i}; X{i + 1};\n");
        var sim = Sim(text.ToString());
        double total = sim.GetState().Sum();

        var result = SteadyStateSolver.Solve(sim, new SteadyStateOptions { Method = SteadyStateMethod.Newton });
        Assert.Equal("shift-invert Arnoldi", result.EigenvalueMethod);
        Assert.InRange(result.EigenvaluesExamined, 8, length - 1);
        Assert.Equal(1, result.Laws.Count);
        for (int i = 0; i < length; i++) Assert.Equal(total / length, result.State[i], 9);
        double expected = -(2 - 2 * Math.Cos(Math.PI / length));
        Assert.True(Math.Abs(result.MaxRealEigenvalue!.Value / expected - 1) < 1e-8, $"largest real part {result.MaxRealEigenvalue}, expected {expected}");
        Assert.True(result.Stable);
    }

    [Fact]
    public void TheSparseEigenvalueSearchFindsComplexPairsOfABlockTriangularSystem()
    {
        // 60 rotating pairs, pair k: u' = 1 - a_k u + w_k v + 0.5 v_(k-1), v' = -w_k u - a_k v, a_k = 0.01 (k + 1),
        // w_k = 1 + k. The Jacobian is block lower triangular, so its eigenvalues are -a_k ± i w_k: those nearest zero
        // are -0.01 ± i, -0.02 ± 2i, ..., and the largest real part is -0.01.
        const int pairs = 60;
        var text = new System.Text.StringBuilder();
        for (int k = 0; k < pairs; k++)
        {
            double a = 0.01 * (k + 1), w = 1 + k;
            string coupling = k > 0 ? $" + 0.5*v{k - 1}" : "";
            text.Append($"u{k}' = 1 - {a}*u{k} + {w}*v{k}{coupling}; u{k} = 0;\nv{k}' = -{w}*u{k} - {a}*v{k}; v{k} = 0;\n");
        }
        var sim = Sim(text.ToString());
        var result = SteadyStateSolver.Solve(sim, new SteadyStateOptions { Method = SteadyStateMethod.Newton });
        Assert.Equal(-0.01, result.MaxRealEigenvalue!.Value, 10);   // dense: all 120 eigenvalues

        var system = (TrkbSim.Numerics.Ode.ISparseJacobianSystem)sim.OdeSystem;
        var outcome = SparseStability.NearestToZero(system, result.Laws, 0, [.. result.State]);
        Assert.True(outcome.Converged >= 8, $"{outcome.Converged} Ritz values converged in a space of {outcome.Dimension}");
        Assert.Equal(-0.01, outcome.MaxReal!.Value, 10);
    }

    /// <summary>
    /// An open random network of 2,000 species (a source, a conversion chain, a sink, first-order loss of every species,
    /// 1,000 random bindings and 1,000 random saturable conversions, fixed seed) whose complete LU would fill in more than 40-fold: the Newton matrix
    /// solves by GMRES with ILU(0).
    /// </summary>
    static Simulator RandomOpenNetwork(int species)
    {
        var rng = new Random(5);
        var text = new System.Text.StringBuilder("compartment V = 1;\n");
        for (int i = 0; i < species; i++) text.Append($"species S{i} in V = {0.1 + 0.9 * rng.NextDouble()};\n");
        text.Append($"feed: -> S0; 1;\ndrain: S{species - 1} -> ; 0.5*S{species - 1};\n");
        for (int i = 0; i + 1 < species; i++) text.Append($"c{i}: S{i} -> S{i + 1}; {(i % 3 == 0 ? 1000 : 1) * (0.05 + rng.NextDouble())}*S{i};\n");
        for (int i = 0; i < species; i++) text.Append($"d{i}: S{i} -> ; 0.1*S{i};\n");
        for (int k = 0; k < species / 2; k++)
        {
            int a = rng.Next(species), b = (a + 1 + rng.Next(species - 1)) % species, c = rng.Next(species);
            text.Append($"b{k}: S{a} + S{b} -> S{c}; {0.01 + 0.1 * rng.NextDouble()}*S{a}*S{b};\n");
            int d = rng.Next(species), e = (d + 1 + rng.Next(species - 1)) % species;
            text.Append($"m{k}: S{d} -> S{e}; {0.1 + rng.NextDouble()}*S{d}/({0.1 + rng.NextDouble()} + S{d});\n");
        }
        return Sim(text.ToString());
    }

    [Fact]
    public void TheLargestNetworksSolveNewtonStepsByGmresAsTheLuWould()
    {
        var sim = RandomOpenNetwork(2000);
        var system = sim.OdeSystem;
        var laws = ConservationLaws.Find(system, sim.GetState(), 0);
        Assert.Equal(0, laws.Count);
        var iterative = new NewtonMatrix(system, laws);
        var direct = new NewtonMatrix(system, laws, allowIterative: false);
        Assert.True(iterative.IsIterative, "a 2,000-species random network should be solved iteratively");
        Assert.False(direct.IsIterative);
        var y = sim.GetState();
        Assert.True(iterative.Factor(0, y));
        Assert.True(direct.Factor(0, y));
        var random = new Random(3);
        var b = Enumerable.Range(0, y.Length).Select(_ => random.NextDouble() - 0.5).ToArray();
        var x1 = (double[])b.Clone();
        var x2 = (double[])b.Clone();
        Assert.True(iterative.Solve(x1));
        Assert.True(direct.Solve(x2));
        Assert.Equal((1, 0), (iterative.IterativeSolves, iterative.DirectSolves));
        double scale = x2.Max(Math.Abs);
        for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(x1[i] - x2[i]) <= 1e-7 * scale, $"x[{i}]: GMRES {x1[i]}, LU {x2[i]}");

        // Where GMRES cannot converge (here: not allowed a single restart) the LU takes over, with the same answer.
        iterative.GmresCycles = 0;
        var x3 = (double[])b.Clone();
        Assert.True(iterative.Solve(x3));
        Assert.Equal((1, 1), (iterative.IterativeSolves, iterative.DirectSolves));
        Assert.Equal(x2, x3);

        // And the whole steady state (damped Newton alone stalls from this start, so integration comes first): the rates
        // vanish, and the slowest modes come from Arnoldi over GMRES solves.
        var result = SteadyStateSolver.Solve(sim, new SteadyStateOptions { Method = SteadyStateMethod.Auto });
        Assert.True(result.Residual <= 1e-10, $"residual {result.Residual}");
        Assert.Equal("shift-invert Arnoldi", result.EigenvalueMethod);
        Assert.True(result.EigenvaluesExamined >= 8);
    }

    /// <summary>
    /// Closed modules of 100 species, each a reversible chain with 20 catalysed conversions A + B -> C + B inside it:
    /// every module's total is conserved and nothing else, so there is exactly one law per module, 1 on its species.
    /// </summary>
    static string ClosedModules(int modules)
    {
        var rng = new Random(3);
        var text = new System.Text.StringBuilder("compartment V = 1;\n");
        for (int m = 0; m < modules; m++)
        {
            for (int i = 0; i < 100; i++) text.Append($"species M{m}_{i} in V = {0.5 + rng.NextDouble()};\n");
            for (int i = 0; i + 1 < 100; i++)
                text.Append($"f{m}_{i}: M{m}_{i} -> M{m}_{i + 1}; {1 + rng.NextDouble()}*M{m}_{i};\nb{m}_{i}: M{m}_{i + 1} -> M{m}_{i}; {0.5 + rng.NextDouble()}*M{m}_{i + 1};\n");
            for (int k = 0; k < 20; k++)
            {
                int a = rng.Next(100), b = (a + 1 + rng.Next(98)) % 100, c = (b + 1 + rng.Next(98)) % 100;
                if (c == a) c = (c + 1) % 100;
                text.Append($"c{m}_{k}: M{m}_{a} + M{m}_{b} -> M{m}_{c} + M{m}_{b}; {0.1 * rng.NextDouble()}*M{m}_{a}*M{m}_{b};\n");
            }
        }
        return text.ToString();
    }

    [Fact]
    public void ClosedModulesEachKeepTheirTotalOnTheSparsePath()
    {
        // 10 modules: exactly 10 laws (f at the sample points is dense, and narrows the candidates without entering the QR).
        var sim = Sim(ClosedModules(10));
        var laws = ConservationLaws.Find(sim.OdeSystem, sim.GetState(), 0);
        Assert.Equal(10, laws.Count);
        Assert.Equal(ConservationLaws.CertifiedSearch, laws.Search);
        var ids = sim.Model.StateIds;
        foreach (var row in laws.Rows)
        {
            string module = ids[laws.Pivots[laws.Rows.ToList().IndexOf(row)]].Split('_')[0];
            // (The QR's rank tolerance leaves the coefficients within ~2e-9 of the integers here.)
            for (int i = 0; i < ids.Count; i++) Assert.Equal(ids[i].StartsWith(module + "_", StringComparison.Ordinal) ? 1 : 0, row[i], 7);
        }
    }

    [Theory]
    [InlineData(1e-30)]
    [InlineData(1e-3)]
    public void ASparseLawSetTheCertificateRejectsIsMarkedUncertain(double tolerance)
    {
        // A QR rank tolerance far from rounding level (tiny: rounding counts as rank, so laws go unfound; large: real
        // dependencies are dropped) gives a set the certificate rejects; it is kept, but marked, never passed off as complete.
        var sim = Sim(ClosedModules(2));
        var points = ConservationLaws.SamplePoints(sim.GetState(), 1);
        var system = (TrkbSim.Numerics.Ode.ISparseJacobianSystem)sim.OdeSystem;
        var certified = ConservationLaws.FindSparse(system, points, 0);
        Assert.Equal(2, certified.Count);
        Assert.True(certified.Certain);
        var forced = ConservationLaws.FindSparse(system, points, 0, [tolerance]);
        Assert.Equal(ConservationLaws.UncertifiedSearch, forced.Search);
        Assert.False(forced.Certain);
    }

    [Fact]
    public void TheDenseSearchSaysSo()
    {
        var sim = Sim("compartment V = 1; species A in V = 1, B in V = 0; r: A -> B; 2*A; s: B -> A; 1*B;");
        var laws = ConservationLaws.Find(sim.OdeSystem, sim.GetState(), 0);
        Assert.Equal(1, laws.Count);
        Assert.Equal(ConservationLaws.DenseSearch, laws.Search);
        Assert.True(laws.Certain);
    }
}
