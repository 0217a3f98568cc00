using TrkbSim.Analysis.Evaluation;

namespace TrkbSim.Analysis.Sensitivity;

/// <summary>
/// Local sensitivities over time: Absolute[k][j][i] = dy_k/dp_j and Normalized[k][j][i] = d ln y_k / d ln p_j
/// at time i, by central differences in ln p (p*e^(+-h)). Normalized is NaN where y is 0; for p = 0 the
/// absolute derivative uses a step of h in p itself and the normalized one is 0.
/// </summary>
public sealed record LocalSensitivityResult(
    IReadOnlyList<string> Parameters,
    IReadOnlyDictionary<string, double> ParameterValues,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<double> Times,
    double[][] Values,
    double[][][] Absolute,
    double[][][] Normalized,
    string Method);

/// <summary>Computes <see cref="LocalSensitivityResult"/>; parallel over parameters, independent of thread count.</summary>
public static class LocalSensitivity
{
    public const string Method = "central-differences-in-log-parameter";

    /// <param name="values">Parameter values to differentiate at; the model's own values when omitted.</param>
    /// <param name="step">Relative step h (in ln p).</param>
    public static LocalSensitivityResult Compute(IModelEvaluator evaluator, IReadOnlyList<string> parameterIds,
        IReadOnlyList<string> outputs, IReadOnlyList<double> times, IReadOnlyDictionary<string, double>? values = null,
        double step = 1e-4, int maxDegreeOfParallelism = 0)
    {
        if (parameterIds.Count == 0) throw new AnalysisException("No parameters for the local sensitivity analysis.");
        foreach (var id in parameterIds)
            if (!evaluator.HasParameter(id)) throw new AnalysisException($"Parameter '{id}' is not in the model.", id);
        foreach (var id in outputs)
            if (!evaluator.HasOutput(id)) throw new AnalysisException($"Output '{id}' is not a variable of the model.", id);
        for (var i = 1; i < times.Count; i++)
            if (!(times[i] > times[i - 1])) throw new AnalysisException("Output times must be strictly increasing.", "time");
        if (!(step > 0 && step < 1)) throw new AnalysisException($"Step {step} must lie in (0, 1).");
        var p0 = parameterIds.Select(id => values is not null && values.TryGetValue(id, out var v) ? v
            : evaluator.NominalValue(id) ?? throw new AnalysisException($"Parameter '{id}' has no value in the model; give one.", id)).ToArray();

        var nominal = Evaluate(evaluator, parameterIds, outputs, times, p0);
        var nK = outputs.Count; var nP = parameterIds.Count; var nT = times.Count;
        var absolute = Enumerable.Range(0, nK).Select(_ => Enumerable.Range(0, nP).Select(_ => new double[nT]).ToArray()).ToArray();
        var normalized = Enumerable.Range(0, nK).Select(_ => Enumerable.Range(0, nP).Select(_ => new double[nT]).ToArray()).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount };
        Parallel.For(0, nP, parallel, j =>
        {
            var plus = (double[])p0.Clone();
            var minus = (double[])p0.Clone();
            var zero = p0[j] == 0;
            if (zero) { plus[j] = step; minus[j] = -step; }
            else { plus[j] = p0[j] * Math.Exp(step); minus[j] = p0[j] * Math.Exp(-step); }
            var yp = Evaluate(evaluator, parameterIds, outputs, times, plus);
            var ym = Evaluate(evaluator, parameterIds, outputs, times, minus);
            for (var k = 0; k < nK; k++)
                for (var i = 0; i < nT; i++)
                {
                    if (zero)
                    {
                        absolute[k][j][i] = (yp[k][i] - ym[k][i]) / (2 * step);
                        normalized[k][j][i] = 0;
                        continue;
                    }
                    var dLogP = (yp[k][i] - ym[k][i]) / (2 * step);
                    absolute[k][j][i] = dLogP / p0[j];
                    normalized[k][j][i] = nominal[k][i] != 0 ? dLogP / nominal[k][i] : double.NaN;
                }
        });
        return new LocalSensitivityResult(parameterIds.ToArray(),
            parameterIds.Select((id, j) => (id, p0[j])).ToDictionary(x => x.id, x => x.Item2),
            outputs.ToArray(), times.ToArray(), nominal, absolute, normalized, Method);
    }

    private static double[][] Evaluate(IModelEvaluator evaluator, IReadOnlyList<string> ids, IReadOnlyList<string> outputs,
        IReadOnlyList<double> times, double[] p)
    {
        var y = outputs.Select(_ => new double[times.Count]).ToArray();
        evaluator.Bind(ids, outputs, times).Evaluate(p, y);
        return y;
    }
}
