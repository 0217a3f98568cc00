using System.Collections.Concurrent;
using TrkbSim.Modeling;
using TrkbSim.Simulation;

namespace TrkbSim.Analysis.Evaluation;

/// <summary>
/// An ODE model as an <see cref="IModelEvaluator"/>: each evaluation resets a simulator, sets the parameters
/// (any constant parameter, compartment size or species initial value not set by an assignment rule) and
/// runs it to the requested times. Outputs are ids, amount(S) or concentration(S).
/// </summary>
public sealed class SimulatorModelEvaluator : IModelEvaluator
{
    private readonly CompiledModel _compiled;
    private readonly SimulationSettings _template;
    private readonly HashSet<string> _settable;
    private readonly HashSet<string> _outputs;
    private readonly ConcurrentDictionary<string, double?> _nominal = new();

    /// <param name="template">Start time, solver, tolerances and step limit for every run (Times, End and
    /// Variables are replaced). Tight tolerances by default, since Jacobians come from finite differences.</param>
    public SimulatorModelEvaluator(CompiledModel compiled, SimulationSettings? template = null)
    {
        _compiled = compiled;
        _template = template ?? new SimulationSettings { RelTol = 1e-9, AbsTol = 1e-12 };
        var model = compiled.Model;
        var ruled = model.Rules.OfType<AssignmentRule>().Select(r => r.Variable).ToHashSet();
        _settable = model.Parameters.Select(p => p.Id)
            .Concat(model.Compartments.Select(c => c.Id))
            .Concat(model.Species.Select(s => s.Id))
            .Where(id => !ruled.Contains(id)).ToHashSet();
        _outputs = model.Parameters.Select(p => p.Id)
            .Concat(model.Compartments.Select(c => c.Id))
            .Concat(model.Species.Select(s => s.Id))
            .Concat(model.Species.SelectMany(s => new[] { $"amount({s.Id})", $"concentration({s.Id})" }))
            .Concat(model.Reactions.Select(r => r.Id))
            .ToHashSet();
    }

    /// <summary>Compiles a model for analysis.</summary>
    public static SimulatorModelEvaluator Create(Model model, SimulationSettings? template = null) =>
        new(ModelCompiler.Compile(model), template);

    public CompiledModel Compiled => _compiled;

    public bool HasParameter(string id) => _settable.Contains(id);

    public bool HasOutput(string id) => _outputs.Contains(id);

    public double? NominalValue(string id) => _nominal.GetOrAdd(id, key =>
    {
        if (!_settable.Contains(key)) return null;
        try
        {
            return _compiled.CreateSimulator().Get(key);
        }
        catch (ModelException)
        {
            return null;
        }
    });

    public IModelEvaluation Bind(IReadOnlyList<string> parameterIds, IReadOnlyList<string> outputs, IReadOnlyList<double> times)
    {
        foreach (var id in parameterIds)
            if (!HasParameter(id)) throw new AnalysisException($"Parameter '{id}' is not in the model (or is set by a rule).", id);
        foreach (var id in outputs)
            if (!HasOutput(id)) throw new AnalysisException($"Output '{id}' is not a variable of the model.", id);
        if (times.Count == 0) throw new AnalysisException("No output times.", "time");
        if (times[0] < _template.Start)
            throw new AnalysisException($"Time {times[0]} lies before the simulation start {_template.Start}.", "time");
        var settings = _template with { End = times[^1], Times = times.ToArray(), Steps = null, Variables = outputs.ToArray() };
        return new Evaluation(_compiled, parameterIds.ToArray(), settings);
    }

    /// <summary>Runs one simulator per parameter set; several sets share vector lanes (<see cref="LaneBatch"/>) where the model allows.</summary>
    private sealed class Evaluation(CompiledModel compiled, string[] parameterIds, SimulationSettings settings) : IModelEvaluation
    {
        private readonly List<Simulator> _simulators = [compiled.CreateSimulator()];
        private LaneBatch? _batch;

        private Simulator Prepare(int i, ReadOnlySpan<double> parameterValues)
        {
            while (_simulators.Count <= i) _simulators.Add(compiled.CreateSimulator());
            var simulator = _simulators[i];
            simulator.Reset();
            for (var j = 0; j < parameterIds.Length; j++) simulator.Set(parameterIds[j], parameterValues[j]);
            return simulator;
        }

        private static void Copy(SimulationResult result, double[][] predictions)
        {
            for (var k = 0; k < predictions.Length; k++)
                Array.Copy(result.Values[k], predictions[k], predictions[k].Length);
        }

        public void Evaluate(ReadOnlySpan<double> parameterValues, double[][] predictions) =>
            Copy(Prepare(0, parameterValues).Run(settings), predictions);

        public void EvaluateMany(IReadOnlyList<double[]> parameterValues, double[][][] predictions, Exception?[] errors)
        {
            var simulators = new Simulator[parameterValues.Count];
            for (int i = 0; i < simulators.Length; i++)
            {
                try { simulators[i] = Prepare(i, parameterValues[i]); }
                catch (Exception e) { errors[i] = e; }
            }
            var ready = Enumerable.Range(0, simulators.Length).Where(i => errors[i] is null).ToList();
            _batch ??= new LaneBatch(compiled);
            var outcomes = _batch.Run([.. ready.Select(i => simulators[i])], settings);
            for (int r = 0; r < ready.Count; r++)
            {
                int i = ready[r];
                if (outcomes[r].Error is { } error) errors[i] = error;
                else Copy(outcomes[r].Result!, predictions[i]);
            }
        }
    }
}
