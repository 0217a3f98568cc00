using System.Collections.Immutable;
using TrkbSim.Modeling;
using TrkbSim.Numerics.Ode;
using TrkbSim.Pharmacology;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Simulation;
using TrkbSim.Trials.Population;
using TrkbSim.Trials.Running;

namespace TrkbSim.Trials.Models;

/// <summary>
/// The TRKB mechanism as a trial model: one assembled and compiled model per arm (the regimen is the arm's),
/// subjects differ only through <c>Simulator.Set</c> on body weight, MADRS baseline, placebo size and time constant,
/// per-kg PK parameters of each compound present and the mechanism parameters named in the population's PD variability.
/// Every arm carries the expectation component (<c>placebo = 1</c>); a placebo arm has no compound.
/// </summary>
public sealed class MechanismSubjectModelFactory(MechanismSettings? baseSettings = null, CompoundLibrary? library = null) : ISubjectModelFactory
{
    readonly MechanismSettings _base = baseSettings ?? new MechanismSettings();
    readonly CompoundLibrary _library = library ?? CompoundLibrary.LoadDefault();

    /// <summary>Relative tolerance for subjects: rated scores are whole MADRS points; 1e-4 gave a byte-identical summary.csv to 1e-5 for 2 x 5,000 subjects (fluoxetine vs placebo, 8 weeks) and runs about 20 % faster.</summary>
    public double RelTol { get; init; } = 1e-4;
    /// <summary>Absolute tolerance.</summary>
    public double AbsTol { get; init; } = 1e-9;
    /// <summary>
    /// Solver name (see the simulation's solver registry). With "auto", an arm whose nominal subject turns stiff is run
    /// on Tsit5 instead when that costs at most <see cref="ExplicitStepRatio"/> times auto's steps (<see cref="ArmSolver"/>).
    /// </summary>
    public string Solver { get; init; } = "auto";

    /// <summary>
    /// An arm whose nominal subject makes <c>auto</c> switch to its stiff method runs on Tsit5 when Tsit5 needs at most
    /// this many times auto's accepted steps for it: its subjects then share vector lanes instead of leaving them at the
    /// switch and running alone. Measured on 200 subjects of 8-week arms (one thread, time per subject, auto against
    /// Tsit5): esketamine 56 mg twice weekly, 2.3 times the steps, 2.82 against 1.09 ms; ketamine 0.5 mg/kg twice weekly,
    /// 5.7 times, 4.24 against 2.44 ms; one ketamine infusion, 55 times, 0.69 against 2.21 ms (auto kept). Break-even lies
    /// near 12 times by those points; 8 leaves a margin to auto.
    /// </summary>
    public const double ExplicitStepRatio = 8;

    /// <inheritdoc/>
    public string Name => "TRKB mechanism (" + _base.Exposure.Name() + " exposure)";

    /// <summary>Mechanism outputs recorded daily when the model has them.</summary>
    public static readonly IReadOnlyList<string> EngagementOutputs =
        ["occupancy_SERT", "occupancy_NET", "occupancy_NMDA", "occupancy_TRKB", "trkb_signal", "bdnf", "plasticity", "network_state"];

    /// <inheritdoc/>
    public IArmModel CreateArm(ArmSpec arm, TrialOptions options, PopulationSpec population)
    {
        var organism = Organism.Human;
        var regimens = new List<DoseRegimen>();
        foreach (var part in arm.RegimenPartsForTrial(options.Weeks))
        {
            try { regimens.Add(RegimenParser.Parse(part, _library, organism)); }
            catch (PharmacologyInputException ex) { throw new TrialInputException($"--arm \"{arm.Label}: {arm.Regimen}\": {ex.Message}", ex); }
        }
        var settings = _base with { Species = organism, Regimens = [.. regimens], Placebo = 1 };
        Model model;
        CompiledModel compiled;
        try
        {
            model = MechanismAssembler.BuildModel(settings, _library);
            compiled = ModelCompiler.Compile(model);
        }
        catch (PharmacologyInputException ex) { throw new TrialInputException($"--arm \"{arm.Label}: {arm.Regimen}\": {ex.Message}", ex); }

        var compounds = ExposurePartGenerator.CompoundsPresent(_library, organism, regimens).Select(c => c.Id).ToList();
        var probe = compiled.CreateSimulator();
        double Nominal(string symbol) => probe.Get(symbol);
        bool Has(string symbol) => model.FindParameter(symbol) is not null;

        var parameters = new List<SubjectParameter>();
        void Covariate(string name, string symbol, string role)
        {
            if (!Has(symbol)) throw new InvalidOperationException($"the mechanism model has no parameter '{symbol}' for covariate {role}");
            parameters.Add(new SubjectParameter(name, symbol, SubjectParameterKind.Covariate, role, Nominal(symbol)));
        }
        Covariate("body_weight_kg", "body_weight_kg", "body_weight");
        Covariate("madrs_baseline", "madrs_baseline", "baseline_madrs");
        Covariate("placebo_madrs", "placebo_madrs", "placebo_madrs");
        Covariate("tau_placebo_h", "tau_placebo", "placebo_tau");
        // CYP phenotypes act through the mechanism's enzyme activities (compounds.json: species.human.cyp_activity and
        // each compound's clearance_fraction and cyp_inhibition), as in 'regimen --cyp2d6/--cyp2c19'.
        var activity = _library.Species[organism].CypActivity;
        foreach (var (enzyme, symbol) in new[] { (CypEnzyme.Cyp2d6, "cyp2d6_activity"), (CypEnzyme.Cyp2c19, "cyp2c19_activity") })
        {
            if (!Has(symbol) || !activity.TryGetValue(enzyme, out var byPhenotype)) continue;
            var values = byPhenotype.ToDictionary(p => p.Key, p => p.Value.Value);
            parameters.Add(new SubjectParameter(symbol, symbol, SubjectParameterKind.Covariate, symbol, 1.0)
            {
                PhenotypeFactor = enzyme == CypEnzyme.Cyp2d6 ? (d6, _) => values[d6] : (_, c19) => values[c19],
            });
        }

        foreach (var c in compounds)
        {
            void Pk(string cls, string symbol)
            {
                if (Has(symbol))
                    parameters.Add(new SubjectParameter(symbol, symbol, SubjectParameterKind.Pk, cls, Nominal(symbol)) { Compound = c });
            }
            Pk("clearance", $"{c}_CL_per_kg");
            Pk("central_volume", $"{c}_Vc_per_kg");
            Pk("absorption_rate", $"{c}_ka_oral");
            Pk("absorption_rate", $"{c}_ka_intranasal");
            Pk("absorption_rate", $"{c}_ka_ip");
            Pk("brain_partition", $"{c}_kp");
        }
        foreach (var name in population.PdVariability.Keys.Order(StringComparer.Ordinal))
        {
            if (!Has(name))
                throw new TrialInputException($"population: variability.pd.{name}: the mechanism model has no parameter '{name}'");
            try { probe.Set(name, Nominal(name)); }
            catch (ModelException ex) { throw new TrialInputException($"population: variability.pd.{name}: {ex.Message}", ex); }
            parameters.Add(new SubjectParameter(name, name, SubjectParameterKind.Pd, name, Nominal(name)));
        }

        var outputs = new List<string>();
        foreach (var c in compounds) { outputs.Add($"plasma_{c}_nM"); outputs.Add($"brain_{c}_nM"); }
        foreach (var o in EngagementOutputs) if (Has(o) || model.FindSpecies(o) is not null) outputs.Add(o);
        // Drug amounts are held to RelTol relative to the nominal dose (a tolerance scale; the subject's weight barely moves it).
        var amountTolerances = AmountTolerances.For(probe, settings, _library, RelTol, AbsTol);
        // Subjects share vector lanes (LaneBatch) where the model and solver allow, in blocks of LaneBatch.RunsPerBlock.
        // Arms are set up in parallel: the lane code is compiled here rather than when the first subjects wait for it.
        bool lanes = LaneBatch.Supports(compiled, new SimulationSettings { Solver = Solver });
        string solver = lanes ? ArmSolver(compiled, SubjectSettings(new TrialSchedule(options.Weeks).TimesHours, amountTolerances, Solver)) : Solver;
        if (lanes) LaneBatch.Prepare(compiled);
        return new MechanismArm(arm, compounds, parameters, outputs, compiled, amountTolerances, this, solver, lanes ? LaneBatch.RunsPerBlock : 1);
    }

    /// <summary>The settings every subject of an arm is simulated with, on <paramref name="solver"/>.</summary>
    SimulationSettings SubjectSettings(double[] times, IReadOnlyDictionary<string, double> amountTolerances, string solver) => new()
    {
        Start = 0, End = times[^1], Times = times, Variables = ["madrs"],
        RelTol = RelTol, AbsTol = AbsTol, AbsTolFor = amountTolerances, Solver = solver,
    };

    /// <summary>
    /// The arm's solver: <see cref="Solver"/>, except that with "auto" the nominal subject is run once (deterministic, so
    /// every machine running the trial's chunks decides alike) and, if auto turned stiff for it, once on Tsit5, which the
    /// arm takes when it needs at most <see cref="ExplicitStepRatio"/> times auto's accepted steps.
    /// </summary>
    internal static string ArmSolver(CompiledModel compiled, SimulationSettings nominal)
    {
        if (!string.Equals(nominal.Solver, "auto", StringComparison.OrdinalIgnoreCase)) return nominal.Solver;
        try
        {
            var auto = compiled.CreateSimulator().Run(nominal).Statistics;
            if (auto.JacobianEvaluations == 0) return nominal.Solver; // never stiff: auto is Tsit5 all along
            var explicitRun = compiled.CreateSimulator().Run(nominal with { Solver = "tsit5", MaxSteps = (long)(ExplicitStepRatio * auto.AcceptedSteps) + 1 });
            return explicitRun.Statistics.AcceptedSteps <= ExplicitStepRatio * auto.AcceptedSteps ? "tsit5" : nominal.Solver;
        }
        catch (Exception ex) when (ex is OdeSolverException or ModelException or ArithmeticException)
        {
            return nominal.Solver; // (a step limit reached on Tsit5 included) the subjects will tell
        }
    }

    internal sealed class MechanismArm(ArmSpec arm, IReadOnlyList<string> compounds, IReadOnlyList<SubjectParameter> parameters,
        IReadOnlyList<string> outputs, CompiledModel compiled, IReadOnlyDictionary<string, double> amountTolerances,
        MechanismSubjectModelFactory owner, string solver, int subjectsPerCall) : IArmModel
    {
        public ArmSpec Arm => arm;
        public IReadOnlyList<string> Compounds => compounds;
        public IReadOnlyList<SubjectParameter> Parameters => parameters;
        public IReadOnlyList<string> Outputs => outputs;
        public ISubjectModel CreateSimulator() =>
            new MechanismSubject(compiled, parameters, outputs, amountTolerances, owner, solver);
        /// <summary>The solver its subjects run on (<see cref="ArmSolver"/>).</summary>
        public string Solver => solver;
        public int SubjectsPerCall => subjectsPerCall;
    }

    sealed class MechanismSubject(CompiledModel compiled, IReadOnlyList<SubjectParameter> parameters, IReadOnlyList<string> outputs,
        IReadOnlyDictionary<string, double> amountTolerances, MechanismSubjectModelFactory owner, string solver) : ISubjectModel
    {
        readonly ImmutableArray<string> _columns = ["madrs", .. outputs];
        readonly List<Simulator> _sims = [compiled.CreateSimulator()];
        LaneBatch? _batch;
        SimulationSettings? _settings;
        double[]? _times;

        SimulationSettings Settings(ReadOnlySpan<double> times)
        {
            if (_settings is null || _times is null || !times.SequenceEqual(_times))
            {
                _times = times.ToArray();
                _settings = owner.SubjectSettings(_times, amountTolerances, solver) with { Variables = _columns };
            }
            return _settings;
        }

        Simulator Prepare(int i, ReadOnlySpan<double> values)
        {
            while (_sims.Count <= i) _sims.Add(compiled.CreateSimulator());
            var sim = _sims[i];
            sim.Reset();
            for (int k = 0; k < parameters.Count; k++) sim.Set(parameters[k].Symbol, values[k]);
            return sim;
        }

        public void Simulate(ReadOnlySpan<double> values, ReadOnlySpan<double> times, Span<double> madrs, Span<double> outs)
        {
            var settings = Settings(times);
            var sim = Prepare(0, values);
            SimulationResult result;
            try { result = sim.Run(settings); }
            catch (Exception ex) when (IsSubjectFailure(ex)) { throw new SubjectSimulationException(ex.Message, ex); }
            Copy(result, madrs, outs);
        }

        public void SimulateMany(IReadOnlyList<double[]> values, ReadOnlySpan<double> times, IReadOnlyList<double[]> madrs,
            IReadOnlyList<double[]> outs, string?[] failures)
        {
            var settings = Settings(times);
            var sims = new Simulator[values.Count];
            for (int i = 0; i < sims.Length; i++) sims[i] = Prepare(i, values[i]);
            _batch ??= new LaneBatch(compiled);
            var outcomes = _batch.Run(sims, settings);
            for (int i = 0; i < sims.Length; i++)
            {
                var (result, error) = outcomes[i];
                if (error is not null)
                {
                    if (!IsSubjectFailure(error)) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
                    failures[i] = error.Message;
                }
                else Copy(result!, madrs[i], outs[i]);
            }
        }

        static bool IsSubjectFailure(Exception ex) => ex is OdeSolverException or ModelException or ArithmeticException;

        void Copy(SimulationResult result, Span<double> madrs, Span<double> outs)
        {
            var m = result.Values[0];
            for (int i = 0; i < m.Length; i++) madrs[i] = m[i];
            int k = outputs.Count;
            for (int j = 0; j < k; j++)
            {
                var col = result.Values[j + 1];
                for (int i = 0; i < col.Length; i++) outs[i * k + j] = col[i];
            }
        }
    }
}
