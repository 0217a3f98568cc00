using TrkbSim.Analysis;
using TrkbSim.Analysis.Evaluation;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Simulation;

namespace TrkbSim.Pharmacology.Calibration;

/// <summary>
/// The calibration targets as an <see cref="IModelEvaluator"/>: one output, <see cref="Output"/>, whose "time" is the
/// 1-based index of a target and whose value is the simulated percent MADRS reduction for that target. Each target's
/// mechanism is assembled and compiled once; an evaluation sets the core parameters on one simulator per target.
/// </summary>
public sealed class TargetEvaluator : IModelEvaluator
{
    /// <summary>The single output name.</summary>
    public const string Output = "percent_reduction";

    readonly IReadOnlyList<CalibrationTarget> _targets;
    readonly CompiledModel[] _compiled;
    readonly HashSet<string> _parameters;

    public TargetEvaluator(IReadOnlyList<CalibrationTarget> targets, MechanismSettings baseSettings, CompoundLibrary? library = null)
    {
        library ??= CompoundLibrary.LoadDefault();
        _targets = targets;
        _compiled = targets.Select(t =>
        {
            var settings = baseSettings with { Regimens = [.. t.Regimens.Select(r => RegimenParser.Parse(r, library, baseSettings.Species))] };
            var text = MechanismAssembler.Assemble(settings, library);
            return ModelCompiler.Compile(AntimonyReader.Parse(text, $"{t.Id}.ant"));
        }).ToArray();
        var ruled = _compiled[0].Model.Rules.OfType<Modeling.AssignmentRule>().Select(r => r.Variable).ToHashSet();
        _parameters = _compiled[0].Model.Parameters.Select(p => p.Id).Where(id => !ruled.Contains(id)).ToHashSet();
    }

    public IReadOnlyList<CalibrationTarget> Targets => _targets;

    public bool HasParameter(string id) => _parameters.Contains(id);

    public bool HasOutput(string id) => id == Output;

    public double? NominalValue(string id) => _parameters.Contains(id) ? _compiled[0].CreateSimulator().Get(id) : null;

    public IModelEvaluation Bind(IReadOnlyList<string> parameterIds, IReadOnlyList<string> outputs, IReadOnlyList<double> times)
    {
        foreach (var id in parameterIds)
            if (!HasParameter(id)) throw new AnalysisException($"Parameter '{id}' is not a core parameter.", id);
        foreach (var o in outputs)
            if (!HasOutput(o)) throw new AnalysisException($"Output '{o}' is not '{Output}'.", o);
        var index = times.Select(t => (int)Math.Round(t) - 1).ToArray();
        foreach (var i in index)
            if (i < 0 || i >= _targets.Count) throw new AnalysisException($"No calibration target number {i + 1}.", "time");
        return new Evaluation(this, [.. parameterIds], index);
    }

    /// <summary>Percent reductions of every target for the given parameter values (nominal for the rest).</summary>
    public double[] Predict(IReadOnlyDictionary<string, double> values)
    {
        var ids = values.Keys.ToArray();
        var e = Bind(ids, [Output], [.. Enumerable.Range(1, _targets.Count).Select(i => (double)i)]);
        var p = new double[1][];
        p[0] = new double[_targets.Count];
        e.Evaluate(ids.Select(k => values[k]).ToArray(), p);
        return p[0];
    }

    sealed class Evaluation(TargetEvaluator owner, string[] parameterIds, int[] index) : IModelEvaluation
    {
        readonly Simulator?[] _sims = new Simulator?[owner._targets.Count];

        public void Evaluate(ReadOnlySpan<double> parameterValues, double[][] predictions)
        {
            for (var k = 0; k < index.Length; k++)
            {
                var i = index[k];
                var target = owner._targets[i];
                var sim = _sims[i] ??= owner._compiled[i].CreateSimulator();
                sim.Reset();
                for (var j = 0; j < parameterIds.Length; j++) sim.Set(parameterIds[j], parameterValues[j]);
                var result = sim.Run(new SimulationSettings
                {
                    Start = 0, End = target.AtHours, Times = [0, target.AtHours], Variables = ["madrs"],
                    RelTol = 1e-7, AbsTol = 1e-9,
                });
                var m = result.Values[0];
                var value = 100 * (1 - m[^1] / m[0]);
                for (var o = 0; o < predictions.Length; o++) predictions[o][k] = value;
            }
        }
    }
}
