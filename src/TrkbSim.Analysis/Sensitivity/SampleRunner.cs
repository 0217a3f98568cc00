namespace TrkbSim.Analysis.Sensitivity;

/// <summary>
/// Evaluates a sample function on many rows in parallel. Each row's result lands at its own index, so the
/// outcome does not depend on the number of threads (nor on where the rows run: a function that evaluates whole
/// batches itself, <see cref="IBatchSampleFunction"/>, such as one that sends chunks of rows to a cluster, gets them
/// all); a row that cannot be evaluated gives NaN outputs.
/// </summary>
public static class SampleRunner
{
    /// <param name="cancellation">Stops the run between rows (OperationCanceledException).</param>
    public static double[][] Run(ISampleFunction function, double[][] rows, int maxDegreeOfParallelism, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(rows);
        if (function is IBatchSampleFunction batch) return batch.EvaluateAll(rows, cancellation);
        var outputs = function.OutputNames.Count;
        var results = new double[rows.Length][];
        var chunk = Math.Max(1, rows.Length / (16 * Math.Max(1, maxDegreeOfParallelism)));
        var chunks = (rows.Length + chunk - 1) / chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism), CancellationToken = cancellation },
            () => function.CreateWorker(),
            (c, _, worker) =>
            {
                for (var i = c * chunk; i < Math.Min(rows.Length, (c + 1) * chunk); i++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var y = new double[outputs];
                    try
                    {
                        worker.Evaluate(rows[i], y);
                    }
                    // Only a numerical failure of this sample (solver gave up, value out of a model's domain) becomes a failed sample; a bug still surfaces.
                    catch (Exception e) when (e is Numerics.Ode.OdeSolverException or Modeling.ModelException or ArithmeticException)
                    {
                        Array.Fill(y, double.NaN);
                    }
                    results[i] = y;
                }
                return worker;
            },
            _ => { });
        return results;
    }
}
