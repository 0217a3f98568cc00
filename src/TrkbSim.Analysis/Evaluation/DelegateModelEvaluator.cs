namespace TrkbSim.Analysis.Evaluation;

/// <summary>
/// A model given by a closed-form function y_k(t; p): for analytic problems and tests.
/// The function receives every parameter in declaration order, the time and the output index.
/// </summary>
public sealed class DelegateModelEvaluator : IModelEvaluator
{
    private readonly string[] _parameterIds;
    private readonly double[] _nominal;
    private readonly string[] _outputs;
    private readonly Func<double[], double, int, double> _function;

    public DelegateModelEvaluator(
        IReadOnlyList<KeyValuePair<string, double>> parameters,
        IReadOnlyList<string> outputs,
        Func<double[], double, int, double> function)
    {
        _parameterIds = parameters.Select(p => p.Key).ToArray();
        _nominal = parameters.Select(p => p.Value).ToArray();
        _outputs = outputs.ToArray();
        _function = function;
    }

    public bool HasParameter(string id) => Array.IndexOf(_parameterIds, id) >= 0;

    public bool HasOutput(string id) => Array.IndexOf(_outputs, id) >= 0;

    public double? NominalValue(string id)
    {
        var i = Array.IndexOf(_parameterIds, id);
        return i >= 0 ? _nominal[i] : null;
    }

    public IModelEvaluation Bind(IReadOnlyList<string> parameterIds, IReadOnlyList<string> outputs, IReadOnlyList<double> times)
    {
        var pIndex = parameterIds.Select(id => Array.IndexOf(_parameterIds, id) is var i and >= 0
            ? i : throw new AnalysisException($"Unknown parameter '{id}'.", id)).ToArray();
        var oIndex = outputs.Select(id => Array.IndexOf(_outputs, id) is var i and >= 0
            ? i : throw new AnalysisException($"Unknown output '{id}'.", id)).ToArray();
        return new Evaluation(this, pIndex, oIndex, times.ToArray());
    }

    private sealed class Evaluation(DelegateModelEvaluator owner, int[] pIndex, int[] oIndex, double[] times) : IModelEvaluation
    {
        private readonly double[] _values = (double[])owner._nominal.Clone();

        public void Evaluate(ReadOnlySpan<double> parameterValues, double[][] predictions)
        {
            for (var j = 0; j < pIndex.Length; j++) _values[pIndex[j]] = parameterValues[j];
            for (var k = 0; k < oIndex.Length; k++)
                for (var i = 0; i < times.Length; i++)
                    predictions[k][i] = owner._function(_values, times[i], oIndex[k]);
        }
    }
}
