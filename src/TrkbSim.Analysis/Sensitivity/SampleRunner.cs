namespace TrkbSim.Analysis.Sensitivity;

/// <summary>
/// Evaluates a sample function on many rows in parallel. Each row's result lands at its own index, so the
/// outcome does not depend on the number of threads (nor on where the rows run: a function that evaluates whole
/// batches itself, <see cref="IBatchSampleFunction"/>, such as one that sends chunks of rows to a cluster, gets them
/// all); a row that cannot be evaluated gives NaN outputs.
/// </summary>
public static class SampleRunner
{
    /// <param name="cancellation">Stops the run between blocks of rows (OperationCanceledException).</param>
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
                cancellation.ThrowIfCancellationRequested();
                int from = c * chunk, to = Math.Min(rows.Length, (c + 1) * chunk);
                var block = new ArraySegment<double[]>(rows, from, to - from);
                var y = new double[to - from][];
                for (int i = 0; i < y.Length; i++) y[i] = new double[outputs];
                worker.EvaluateMany(block, y);
                Array.Copy(y, 0, results, from, y.Length);
                return worker;
            },
            _ => { });
        return results;
    }

    /// <summary>
    /// Whether an evaluation error is this sample's numerical failure (the solver gave up, a value left a model's
    /// domain), which becomes NaN outputs; anything else is a bug or a user error and surfaces.
    /// </summary>
    public static bool IsSampleFailure(Exception e) => e is Numerics.Ode.OdeSolverException or Modeling.ModelException or ArithmeticException;
}
