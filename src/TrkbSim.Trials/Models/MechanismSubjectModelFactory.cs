using System.Collections.Immutable;
using TrkbSim.Modeling;
using TrkbSim.Numerics.Ode;
using TrkbSim.Pharmacology;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Simulation;
using TrkbSim.Trials.Population;

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
    /// <summary>Solver name (see the simulation's solver registry).</summary>
    public string Solver { get; init; } = "auto";

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
        // Subjects share vector lanes (LaneBatch) where the model and solver allow; a block of 16 keeps the four lanes busy
        // while runs of different lengths end. Arms are set up in parallel: the lane code is compiled here rather than
        // when the first subjects wait for it.
        bool lanes = LaneBatch.Supports(compiled, new SimulationSettings { Solver = Solver });
        if (lanes) LaneBatch.Prepare(compiled);
        return new MechanismArm(arm, compounds, parameters, outputs, compiled, amountTolerances, this, lanes ? 16 : 1);
    }

    sealed class MechanismArm(ArmSpec arm, IReadOnlyList<string> compounds, IReadOnlyList<SubjectParameter> parameters,
        IReadOnlyList<string> outputs, CompiledModel compiled, IReadOnlyDictionary<string, double> amountTolerances,
        MechanismSubjectModelFactory owner, int subjectsPerCall) : IArmModel
    {
        public ArmSpec Arm => arm;
        public IReadOnlyList<string> Compounds => compounds;
        public IReadOnlyList<SubjectParameter> Parameters => parameters;
        public IReadOnlyList<string> Outputs => outputs;
        public ISubjectModel CreateSimulator() =>
            new MechanismSubject(compiled, parameters, outputs, amountTolerances, owner);
        public int SubjectsPerCall => subjectsPerCall;
    }

    sealed class MechanismSubject(CompiledModel compiled, IReadOnlyList<SubjectParameter> parameters, IReadOnlyList<string> outputs,
        IReadOnlyDictionary<string, double> amountTolerances, MechanismSubjectModelFactory owner) : ISubjectModel
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
                _settings = new SimulationSettings
                {
                    Start = 0, End = _times[^1], Times = _times, Variables = _columns,
                    RelTol = owner.RelTol, AbsTol = owner.AbsTol, AbsTolFor = amountTolerances, Solver = owner.Solver,
                };
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
