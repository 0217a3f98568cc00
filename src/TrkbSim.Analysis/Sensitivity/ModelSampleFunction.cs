using TrkbSim.Analysis.Evaluation;

namespace TrkbSim.Analysis.Sensitivity;

/// <summary>
/// Global sensitivity target over a model: parameters in the given order set the model, which is evaluated on
/// the output time grid (plus every <c>X@t</c> time), and each <see cref="ModelQuantity"/> summarises one variable.
/// </summary>
public sealed class ModelSampleFunction : ISampleFunction
{
    private readonly IModelEvaluator _evaluator;
    private readonly string[] _parameterIds;
    private readonly ModelQuantity[] _quantities;
    private readonly string[] _variables;
    private readonly double[] _times;

    public IReadOnlyList<string> OutputNames { get; }

    /// <param name="times">Output grid (strictly increasing); max, min, auc and final use it.</param>
    public ModelSampleFunction(IModelEvaluator evaluator, IReadOnlyList<string> parameterIds, IReadOnlyList<ModelQuantity> quantities,
        IReadOnlyList<double> times)
    {
        foreach (var id in parameterIds)
            if (!evaluator.HasParameter(id)) throw new AnalysisException($"Parameter '{id}' is not in the model.", id);
        foreach (var q in quantities)
            if (!evaluator.HasOutput(q.Variable)) throw new AnalysisException($"Output '{q.Variable}' is not a variable of the model.", q.Variable);
        if (quantities.Count == 0) throw new AnalysisException("No outputs for the sensitivity analysis.");
        if (times.Count == 0) throw new AnalysisException("No output times.", "time");
        for (var i = 1; i < times.Count; i++)
            if (!(times[i] > times[i - 1])) throw new AnalysisException("Output times must be strictly increasing.", "time");
        _evaluator = evaluator;
        _parameterIds = parameterIds.ToArray();
        _quantities = quantities.ToArray();
        _variables = quantities.Select(q => q.Variable).Distinct().ToArray();
        _times = times.Concat(quantities.Where(q => q.Kind == QuantityKind.AtTime).Select(q => q.Time)).Distinct().OrderBy(t => t).ToArray();
        var last = times[^1];
        foreach (var q in quantities.Where(q => q.Kind == QuantityKind.AtTime && (q.Time < times[0] || q.Time > last)))
            throw new AnalysisException($"Output '{q.Name}': time {q.Time} lies outside [{times[0]}, {last}].", q.Name);
        OutputNames = quantities.Select(q => q.Name).ToArray();
    }

    public ISampleWorker CreateWorker() => new Worker(this);

    private sealed class Worker : ISampleWorker
    {
        private readonly ModelSampleFunction _f;
        private readonly IModelEvaluation _evaluation;
        private readonly double[][] _y;
        private readonly int[] _variableIndex;
        private readonly int[] _timeIndex;
        private readonly int _gridEnd;

        public Worker(ModelSampleFunction f)
        {
            _f = f;
            _evaluation = f._evaluator.Bind(f._parameterIds, f._variables, f._times);
            _y = f._variables.Select(_ => new double[f._times.Length]).ToArray();
            _variableIndex = f._quantities.Select(q => Array.IndexOf(f._variables, q.Variable)).ToArray();
            _timeIndex = f._quantities.Select(q => q.Kind == QuantityKind.AtTime ? Array.IndexOf(f._times, q.Time) : -1).ToArray();
            _gridEnd = f._times.Length - 1;
        }

        public void Evaluate(ReadOnlySpan<double> x, Span<double> y)
        {
            _evaluation.Evaluate(x, _y);
            Summarise(_y, y);
        }

        public void EvaluateMany(IReadOnlyList<double[]> rows, double[][] results)
        {
            var predictions = new double[rows.Count][][];
            for (int i = 0; i < predictions.Length; i++) predictions[i] = [.. _y.Select(v => new double[v.Length])];
            var errors = new Exception?[rows.Count];
            _evaluation.EvaluateMany(rows, predictions, errors);
            for (int i = 0; i < rows.Count; i++)
            {
                if (errors[i] is { } error)
                {
                    if (!SampleRunner.IsSampleFailure(error)) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
                    Array.Fill(results[i], double.NaN);
                }
                else Summarise(predictions[i], results[i]);
            }
        }

        private void Summarise(double[][] values, Span<double> y)
        {
            var t = _f._times;
            for (var q = 0; q < _f._quantities.Length; q++)
            {
                var v = values[_variableIndex[q]];
                y[q] = _f._quantities[q].Kind switch
                {
                    QuantityKind.Final => v[_gridEnd],
                    QuantityKind.AtTime => v[_timeIndex[q]],
                    QuantityKind.Max => v.Max(),
                    QuantityKind.Min => v.Min(),
                    _ => Auc(t, v),
                };
            }
        }

        private static double Auc(double[] t, double[] v)
        {
            var s = 0.0;
            for (var i = 1; i < t.Length; i++) s += 0.5 * (v[i] + v[i - 1]) * (t[i] - t[i - 1]);
            return s;
        }
    }
}
