using TrkbSim.Analysis.Evaluation;

namespace TrkbSim.Analysis.Fitting;

/// <summary>
/// The fixed part of an estimation: parameters with their search coordinates (ln p or p), the
/// observations flattened to one vector, and the unique sorted times the model is evaluated at.
/// </summary>
internal sealed class FitProblem
{
    public IModelEvaluator Evaluator { get; }
    public ObservedData Data { get; }
    public FitParameter[] Parameters { get; }
    public FitOptions Options { get; }
    public double[] Lower { get; }
    public double[] Upper { get; }
    public double[] UniqueTimes { get; }
    /// <summary>Per observation: variable index, unique-time index, data row and value.</summary>
    public int[] ObsVariable { get; }
    public int[] ObsTime { get; }
    public int[] ObsRow { get; }
    public double[] ObsValue { get; }
    /// <summary>Per variable: the smallest prediction scale the proportional model divides by.</summary>
    public double[] ScaleFloor { get; }
    public int[] CountPerVariable { get; }

    public int ParameterCount => Parameters.Length;
    public int ObservationCount => ObsValue.Length;
    public int VariableCount => Data.Variables.Count;

    public FitProblem(IModelEvaluator evaluator, ObservedData data, FitParameter[] parameters, FitOptions options)
    {
        Evaluator = evaluator; Data = data; Parameters = parameters; Options = options;
        Lower = parameters.Select(p => ToSearch(p, p.Low)).ToArray();
        Upper = parameters.Select(p => ToSearch(p, p.High)).ToArray();
        UniqueTimes = data.Times.Distinct().OrderBy(t => t).ToArray();
        var v = new List<int>(); var ti = new List<int>(); var row = new List<int>(); var val = new List<double>();
        for (var k = 0; k < data.Variables.Count; k++)
            for (var i = 0; i < data.Times.Count; i++)
            {
                var y = data.Values[k][i];
                if (!double.IsFinite(y)) continue;
                v.Add(k); ti.Add(Array.BinarySearch(UniqueTimes, data.Times[i])); row.Add(i); val.Add(y);
            }
        ObsVariable = v.ToArray(); ObsTime = ti.ToArray(); ObsRow = row.ToArray(); ObsValue = val.ToArray();
        CountPerVariable = new int[VariableCount];
        var maxAbs = new double[VariableCount];
        for (var i = 0; i < ObsValue.Length; i++)
        {
            CountPerVariable[ObsVariable[i]]++;
            maxAbs[ObsVariable[i]] = Math.Max(maxAbs[ObsVariable[i]], Math.Abs(ObsValue[i]));
        }
        // A prediction of ~0 would give a proportional error of ~0 and an infinite weight.
        ScaleFloor = maxAbs.Select(m => m > 0 ? 1e-6 * m : 1e-300).ToArray();
    }

    public static double ToSearch(FitParameter p, double value) => p.LogScale ? Math.Log(value) : value;

    public static double FromSearch(FitParameter p, double theta) => p.LogScale ? Math.Exp(theta) : theta;

    public FitWorker CreateWorker() => new(this);
}

/// <summary>One thread's evaluator of predictions and weighted residuals for a <see cref="FitProblem"/>.</summary>
internal sealed class FitWorker
{
    private readonly FitProblem _p;
    private readonly IModelEvaluation _evaluation;
    private readonly double[][] _predictions;
    private readonly double[] _values;
    private readonly double[] _thetaWork;
    private readonly double[] _rPlus;
    private readonly double[] _rMinus;
    public int Evaluations { get; private set; }

    public FitWorker(FitProblem problem)
    {
        _p = problem;
        _evaluation = problem.Evaluator.Bind(problem.Parameters.Select(x => x.Id).ToArray(), problem.Data.Variables, problem.UniqueTimes);
        _predictions = problem.Data.Variables.Select(_ => new double[problem.UniqueTimes.Length]).ToArray();
        _values = new double[problem.ParameterCount];
        _thetaWork = new double[problem.ParameterCount];
        _rPlus = new double[problem.ObservationCount];
        _rMinus = new double[problem.ObservationCount];
    }

    /// <summary>Model predictions for every observation at search coordinates theta; false if the model fails.</summary>
    public bool Predict(ReadOnlySpan<double> theta, double[] f)
    {
        Evaluations++;
        for (var j = 0; j < _values.Length; j++) _values[j] = FitProblem.FromSearch(_p.Parameters[j], theta[j]);
        try
        {
            _evaluation.Evaluate(_values, _predictions);
        }
        // Only a numerical failure of this trial point (solver gave up, value out of a model's domain) rejects it; a bug still surfaces.
        catch (Exception e) when (e is Numerics.Ode.OdeSolverException or Modeling.ModelException or ArithmeticException)
        {
            return false;
        }
        for (var i = 0; i < f.Length; i++)
        {
            f[i] = _predictions[_p.ObsVariable[i]][_p.ObsTime[i]];
            if (!double.IsFinite(f[i])) return false;
        }
        return true;
    }

    /// <summary>Weighted residuals (y - f) * w at theta.</summary>
    public bool Residuals(ReadOnlySpan<double> theta, double[] weights, double[] r)
    {
        if (!Predict(theta, r)) return false;
        for (var i = 0; i < r.Length; i++) r[i] = (_p.ObsValue[i] - r[i]) * weights[i];
        return true;
    }

    /// <summary>
    /// Central-difference Jacobian of the weighted residuals with respect to the search coordinates listed
    /// in <paramref name="columns"/>, written to jac[:, c] scaled by <paramref name="columnScale"/>[c].
    /// </summary>
    public bool Jacobian(double[] theta, double[] weights, int[] columns, double[]? columnScale, double[,] jac)
    {
        var h = _p.Options.FiniteDifferenceStep;
        Array.Copy(theta, _thetaWork, theta.Length);
        for (var c = 0; c < columns.Length; c++)
        {
            var j = columns[c];
            _thetaWork[j] = theta[j] + h;
            if (!Residuals(_thetaWork, weights, _rPlus)) return false;
            _thetaWork[j] = theta[j] - h;
            if (!Residuals(_thetaWork, weights, _rMinus)) return false;
            _thetaWork[j] = theta[j];
            var s = (columnScale?[c] ?? 1.0) / (2 * h);
            for (var i = 0; i < _rPlus.Length; i++) jac[i, c] = (_rPlus[i] - _rMinus[i]) * s;
        }
        return true;
    }
}
