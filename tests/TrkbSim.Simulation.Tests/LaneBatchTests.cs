using System.Runtime.Intrinsics;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Simulation.Tests;

/// <summary>
/// Runs that share vector lanes (LaneBatch) must give exactly the scalar results: every output value bit for bit and
/// the same work counters, whatever runs share the batch; runs the lanes cannot finish are run alone.
/// </summary>
public class LaneBatchTests
{
    // Oral dosing into a gut compartment, a saturable clearance, a Hill response with a parameter exponent (pow), max,
    // piecewise and relations, a slow adaptation: a small PK/PD model of the kind trials run, with 12-hourly doses.
    private const string PkPd = """
        model pkpd
          gut = 0; central = 0; effect = 0; adapted = 1;
          ka = 0.8; cl = 4; v = 30; vmax = 2; km = 5; ke0 = 0.3; emax = 1.5; ec50 = 0.4; hill = 2.7; tau_adapt = 40;
          dose = 50; floor_level = 0.05;
          conc := central / v;
          response := emax * effect^hill / (ec50^hill + effect^hill);
          drive := max(floor_level, response - 0.1 * adapted);
          gut' = -ka * gut;
          central' = ka * gut - cl * conc - vmax * conc / (km + conc);
          effect' = ke0 * (conc - effect);
          adapted' = (piecewise(1 + drive, conc > 0.2 && effect < 3, 1) - adapted) / tau_adapt;
          at (time >= 0.5): gut = gut + dose;
          E1: at (time >= 12.5): gut = gut + dose;
          E2: at (time >= 24.5): gut = gut + dose, ka = ka * 1.5;
          E3: at (time >= 36.5): gut = gut + dose;
        end
        """;

    private static CompiledModel Compile(string text) => ModelCompiler.Compile(AntimonyReader.Parse(text, "lanes.ant"));

    private static SimulationSettings Settings(string solver) => new()
    {
        End = 72, Times = [.. Enumerable.Range(0, 145).Select(i => i * 0.5)], RelTol = 1e-5, AbsTol = 1e-9, Solver = solver,
        Variables = ["gut", "central", "effect", "adapted", "conc", "response", "drive"],
    };

    private static List<Simulator> Runs(CompiledModel compiled, int count, int seed)
    {
        var rng = new Random(seed);
        var sims = new List<Simulator>();
        for (int k = 0; k < count; k++)
        {
            var s = compiled.CreateSimulator();
            foreach (var (name, nominal) in new[] { ("ka", 0.8), ("cl", 4.0), ("v", 30.0), ("hill", 2.7), ("dose", 50.0), ("tau_adapt", 40.0) })
                s.Set(name, nominal * (0.5 + rng.NextDouble()));
            sims.Add(s);
        }
        return sims;
    }

    private static void AssertIdentical(SimulationResult expected, SimulationResult actual, string what)
    {
        Assert.Equal(expected.Columns, actual.Columns);
        for (int c = 0; c < expected.Values.Length; c++)
            for (int i = 0; i < expected.Values[c].Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(expected.Values[c][i]) == BitConverter.DoubleToInt64Bits(actual.Values[c][i]),
                    $"{what}: {expected.Columns[c]} at t = {expected.Times[i]}: scalar {expected.Values[c][i]:R}, lanes {actual.Values[c][i]:R}");
        Assert.Equal(expected.Statistics.ToString(), actual.Statistics.ToString());
    }

    [Theory]
    [InlineData("auto", 4)]
    [InlineData("tsit5", 4)]
    [InlineData("auto", 8)]
    [InlineData("tsit5", 8)]
    public void LanesReproduceScalarRunsBitForBit(string solver, int width)
    {
        var compiled = Compile(PkPd);
        var settings = Settings(solver);
        // Three runs more than the lanes: the last lane is refilled and the last batch runs three lanes.
        var sims = Runs(compiled, width + 3, seed: 1);
        var scalar = sims.Select(s => s.Run(settings)).ToList();
        var outcomes = new LaneBatch(compiled, width).Run(sims, settings);
        for (int k = 0; k < sims.Count; k++)
        {
            Assert.Null(outcomes[k].Error);
            AssertIdentical(scalar[k], outcomes[k].Result!, $"run {k}");
        }
        // The doses restart the solver, and the parameter set by E2 is read by the shared right-hand side.
        Assert.True(scalar[0].Statistics.Restarts >= 4, scalar[0].Statistics.ToString());
        Assert.NotEqual(scalar[0].Column("gut")[^1], scalar[1].Column("gut")[^1]);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    public void StateTriggeredEventsAreLocatedAsInScalarRuns(int width)
    {
        // A threshold refill (located on each lane's dense output) with a delayed second assignment and a root of an
        // assignment rule: each lane finds its own crossing times.
        var compiled = Compile("""
            model refill
              x = 1; z = 0; k = 0.3; level := x - 0.25;
              x' = -k * x;
              z' = x;
              E1: at (level < 0): x = 1;
              E2: at 0.5 after (z > 2): z = 0;
            end
            """);
        var settings = new SimulationSettings { End = 40, Steps = 80, RelTol = 1e-6, AbsTol = 1e-10, Solver = "auto", Variables = ["x", "z", "level"] };
        var sims = new List<Simulator>();
        foreach (double k in new[] { 0.3, 0.45, 0.2, 0.8, 0.33 })
        {
            var s = compiled.CreateSimulator();
            s.Set("k", k);
            sims.Add(s);
        }
        var scalar = sims.Select(s => s.Run(settings)).ToList();
        Assert.True(scalar[0].Statistics.Restarts >= 4, scalar[0].Statistics.ToString());
        var outcomes = new LaneBatch(compiled, width).Run(sims, settings);
        for (int k = 0; k < sims.Count; k++) AssertIdentical(scalar[k], outcomes[k].Result!, $"run {k}");
    }

    [Fact]
    public void ARunsResultDoesNotDependOnItsBatchPartners()
    {
        var compiled = Compile(PkPd);
        var settings = Settings("auto");
        var batch = new LaneBatch(compiled);
        var alone = batch.Run(Runs(compiled, 1, seed: 3), settings)[0].Result!;
        var others = Runs(compiled, 5, seed: 4);
        others.Insert(2, Runs(compiled, 1, seed: 3)[0]);
        var together = batch.Run(others, settings)[2].Result!;
        AssertIdentical(alone, together, "same run, other partners");
        // Nor on the lane width: four lanes of 256-bit vectors and eight of 512-bit give the same result.
        foreach (int width in new[] { 4, 8 })
            AssertIdentical(alone, new LaneBatch(compiled, width).Run(others, settings)[2].Result!, $"same run, {width} lanes");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    public void StiffAndFailingRunsAreRunAloneWithTheScalarOutcome(int width)
    {
        // k sets the stiffness: with k = 1e4 the automatic method switches to Rodas5P, which the lanes cannot take.
        var compiled = Compile("""
            model stiff
              x = 1; z = 0; k = 1;
              x' = -k * (x - cos(time)) ;
              z' = x - z;
            end
            """);
        var settings = new SimulationSettings { End = 20, Steps = 40, RelTol = 1e-6, AbsTol = 1e-10, Solver = "auto", Variables = ["x", "z"] };
        var sims = new List<Simulator>();
        // Ten of the fourteen runs turn stiff: after the eighth the batch stops trying them in lanes (work only).
        foreach (double k in new[] { 1, 1e4, 2, 3e4, 4, 1e5, 2e4, 5e4, 7e4, 9e4, 4e4, 3, 6e4, 8e4 })
        {
            var s = compiled.CreateSimulator();
            s.Set("k", k);
            sims.Add(s);
        }
        var scalar = sims.Select(s => s.Run(settings)).ToList();
        Assert.True(scalar[1].Statistics.JacobianEvaluations > 0, "the stiff run should switch to the stiff method");
        var outcomes = new LaneBatch(compiled, width).Run(sims, settings);
        for (int k = 0; k < sims.Count; k++) AssertIdentical(scalar[k], outcomes[k].Result!, $"run {k}");

        // A step limit the runs cannot keep: each outcome carries the scalar run's own error.
        var limited = settings with { MaxSteps = 30 };
        var expected = Assert.Throws<OdeSolverException>(() => sims[0].Run(limited));
        var failed = new LaneBatch(compiled, width).Run([sims[0], sims[2], sims[4]], limited);
        Assert.All(failed, o => Assert.IsType<OdeSolverException>(o.Error));
        Assert.Equal(expected.Message, failed[0].Error!.Message);
    }

    [Fact]
    public void ModelsTheLanesCannotTakeRunAlone()
    {
        var delayed = Compile("""
            model delayed
              x = 1; tau = 1;
              x' = -0.5 * delay(x, tau);
            end
            """);
        var settings = new SimulationSettings { End = 10, Steps = 20, Solver = "auto", Variables = ["x"] };
        Assert.False(LaneBatch.Supports(delayed, settings));
        Assert.False(LaneBatch.Supports(Compile(PkPd), Settings("rodas5p")));
        var one = delayed.CreateSimulator();
        Assert.Throws<ArgumentException>(() => new LaneBatch(delayed).Run([one, one], settings));
        var sims = new List<Simulator> { delayed.CreateSimulator(), delayed.CreateSimulator() };
        sims[1].Set("tau", 2);
        var scalar = sims.Select(s => s.Run(settings)).ToList();
        var outcomes = new LaneBatch(delayed).Run(sims, settings);
        for (int k = 0; k < sims.Count; k++) AssertIdentical(scalar[k], outcomes[k].Result!, $"run {k}");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    public void LaneRightHandSideEqualsTheScalarOneOnEdgeValues(int width)
    {
        if (width == 8) EdgeValues<Vector512<double>, Lanes8>();
        else EdgeValues<Vector256<double>, Lanes4>();
    }

    private static void EdgeValues<TVector, TLanes>() where TVector : struct where TLanes : struct, ILaneVector<TVector>
    {
        // Every operator the emitters know, on states that include NaN, infinities, signed zeros and ties.
        var compiled = Compile("""
            model ops
              a = 0; b = 0; c = 0; d = 0;
              q = 2.5; k = 0.7; n = 5; m = 7;
              shared := a^n / (k^n + a^n) + exp(-k) * exp(-k);
              a' = shared + max(a, b) + min(a, b, c) + piecewise(a, a > b, b, a == c, -1) + abs(a - b) + (a >= b) + (a != c);
              b' = a^q + b^2 + sqrt(abs(c)) + exp(-abs(a)) + ln(abs(b) + 1) + floor(c) + ceil(d) + root(3, c) + log(10, abs(d) + 2);
              c' = piecewise(1, (a < b) || (c <= d) && !(a == 0), 2) + xor(a > 0, b > 0) + sin(a) * cos(b) + tanh(c) + quotient(c, 3) + rem(d, 2);
              d' = -a / b + c * d - 1 / (a - c) + c^m + d^8 + b^6 + a^4;
            end
            """);
        double[] edge = [0.0, -0.0, 1.0, -1.0, 2.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-300, 3.0];
        var sim = compiled.CreateSimulator();
        var system = sim.OdeSystem;
        var p = new double[compiled.ParameterCount];
        var program = compiled.LaneRhs!.For<TVector, TLanes>();
        // k^n and exp(-k) read parameters only (hoisted into slots the invariants fill); a^n occurs twice (kept once).
        Assert.NotNull(program.Invariants);
        Assert.True(program.SlotCount >= compiled.ParameterCount + 2, $"{program.SlotCount} lane slots for {compiled.ParameterCount} parameters");
        var laneP = new TVector[program.SlotCount];
        var rng = new Random(7);
        var laneRhs = program.Rhs;
        var pScalar = (double[])typeof(Simulator).GetField("_p", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(sim)!;
        pScalar.CopyTo(p, 0);
        for (int i = 0; i < p.Length; i++) laneP[i] = TLanes.Splat(p[i]);
        program.Invariants!(default, [], laneP, []);
        for (int trial = 0; trial < 400; trial++)
        {
            var ys = new double[TLanes.Width][];
            var y = new TVector[4];
            var f = new TVector[4];
            var t = TLanes.Splat(0);
            for (int lane = 0; lane < TLanes.Width; lane++)
            {
                ys[lane] = [.. Enumerable.Range(0, 4).Select(_ => edge[rng.Next(edge.Length)])];
                for (int i = 0; i < 4; i++) y[i] = TLanes.With(y[i], lane, ys[lane][i]);
                t = TLanes.With(t, lane, lane + 1.0);
            }
            laneRhs(t, y, laneP, f);
            for (int lane = 0; lane < TLanes.Width; lane++)
            {
                var expected = new double[4];
                system.Derivatives(lane + 1.0, ys[lane], expected);
                // Bit for bit, signed zeros included; a NaN need only be a NaN (its payload carries no meaning).
                for (int i = 0; i < 4; i++)
                    Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(TLanes.Get(f[i], lane))
                        || (double.IsNaN(expected[i]) && double.IsNaN(TLanes.Get(f[i], lane))),
                        $"rate {i} at y = [{string.Join(", ", ys[lane])}]: scalar {expected[i]:R}, lane {TLanes.Get(f[i], lane):R}");
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    public void CallsOnParametersAloneAreHoistedAndGiveTheScalarValuesLaneByLane(int width)
    {
        if (width == 8) HoistedCalls<Vector512<double>, Lanes8>();
        else HoistedCalls<Vector256<double>, Lanes4>();
    }

    private static void HoistedCalls<TVector, TLanes>() where TVector : struct where TLanes : struct, ILaneVector<TVector>
    {
        // Calls on parameters alone (exp(-k), k^n) are computed once per parameter set, each lane from its own parameter
        // values (edge values included); the rates that use them, with sums, products, quotients, negation and a
        // piecewise on parameters and a rule that is itself assigned, must equal the scalar right-hand side bit for bit.
        var compiled = Compile("""
            model hoisted
              a = 1; b = 2;
              q = 2.5; k = 0.7; n = 5; m = 7;
              w := q * k + a;
              a' = (q - k) / (n * m) * a - -k * b + w;
              b' = piecewise(q / k, k > n, -(q + m)) * b + exp(-k) * (k^n + 1) - q * (a + k * m);
            end
            """);
        var program = compiled.LaneRhs!.For<TVector, TLanes>();
        Assert.NotNull(program.Invariants);
        Assert.True(program.SlotCount >= compiled.ParameterCount + 2, $"{program.SlotCount} lane slots for {compiled.ParameterCount} parameters");

        double[] edge = [0.0, -0.0, 1.0, -1.0, 2.5, 0.7, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-300, 3.0];
        string[] names = ["q", "k", "n", "m"];
        var sim = compiled.CreateSimulator();
        var system = sim.OdeSystem;
        var pScalar = (double[])typeof(Simulator).GetField("_p", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(sim)!;
        int[] slots = [.. names.Select(name => compiled.Symbols[name].Index)];
        var nominal = (double[])pScalar.Clone();
        var rng = new Random(11);
        for (int trial = 0; trial < 300; trial++)
        {
            var lanesP = new double[TLanes.Width][];
            var laneP = new TVector[program.SlotCount];
            for (int lane = 0; lane < TLanes.Width; lane++)
            {
                lanesP[lane] = (double[])nominal.Clone();
                foreach (int slot in slots) lanesP[lane][slot] = edge[rng.Next(edge.Length)];
                for (int i = 0; i < nominal.Length; i++) laneP[i] = TLanes.With(laneP[i], lane, lanesP[lane][i]);
            }
            program.Invariants!(default, [], laneP, []);
            var ys = new double[TLanes.Width][];
            var y = new TVector[2];
            var f = new TVector[2];
            for (int lane = 0; lane < TLanes.Width; lane++)
            {
                ys[lane] = [edge[rng.Next(edge.Length)], edge[rng.Next(edge.Length)]];
                for (int i = 0; i < 2; i++) y[i] = TLanes.With(y[i], lane, ys[lane][i]);
            }
            program.Rhs(TLanes.Splat(1.0), y, laneP, f);
            for (int lane = 0; lane < TLanes.Width; lane++)
            {
                lanesP[lane].CopyTo(pScalar, 0);
                var expected = new double[2];
                system.Derivatives(1.0, ys[lane], expected);
                for (int i = 0; i < 2; i++)
                    Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(TLanes.Get(f[i], lane))
                        || (double.IsNaN(expected[i]) && double.IsNaN(TLanes.Get(f[i], lane))),
                        $"rate {i} with q, k, n, m = {string.Join(", ", slots.Select(sl => lanesP[lane][sl]))}, y = [{string.Join(", ", ys[lane])}]: scalar {expected[i]:R}, lane {TLanes.Get(f[i], lane):R}");
            }
        }
    }
}
