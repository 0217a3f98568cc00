namespace TrkbSim.Analysis.Evaluation;

/// <summary>
/// A model seen as a function of named parameters that predicts named outputs at given times. The
/// analysis algorithms only talk to this, so they run the same on analytic functions and on ODE models.
/// Implementations must be safe to <see cref="Bind"/> from several threads at once.
/// </summary>
public interface IModelEvaluator
{
    /// <summary>True when <paramref name="id"/> can be set as a parameter.</summary>
    bool HasParameter(string id);

    /// <summary>True when <paramref name="id"/> can be predicted as an output over time.</summary>
    bool HasOutput(string id);

    /// <summary>The model's own value of a parameter, or null when it has none.</summary>
    double? NominalValue(string id);

    /// <summary>
    /// An evaluation bound to the given parameters, outputs and strictly increasing times. Cheap; create
    /// one per thread. Parameters not listed keep their nominal values.
    /// </summary>
    IModelEvaluation Bind(IReadOnlyList<string> parameterIds, IReadOnlyList<string> outputs, IReadOnlyList<double> times);
}

/// <summary>One thread's evaluator for a fixed set of parameters, outputs and times; not thread-safe.</summary>
public interface IModelEvaluation
{
    /// <summary>
    /// Fills <paramref name="predictions"/>[k][i] with output k at time i for the given parameter values
    /// (in the order given to <see cref="IModelEvaluator.Bind"/>). Throws when the model cannot be evaluated.
    /// </summary>
    void Evaluate(ReadOnlySpan<double> parameterValues, double[][] predictions);

    /// <summary>
    /// Several parameter sets, each exactly as <see cref="Evaluate"/> gives it (an evaluation may share work between
    /// them); <paramref name="errors"/>[i] gets the exception of a set that could not be evaluated, whatever it is.
    /// </summary>
    void EvaluateMany(IReadOnlyList<double[]> parameterValues, double[][][] predictions, Exception?[] errors)
    {
        for (int i = 0; i < parameterValues.Count; i++)
        {
            try { Evaluate(parameterValues[i], predictions[i]); }
            catch (Exception e) { errors[i] = e; }
        }
    }
}
