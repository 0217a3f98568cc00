namespace TrkbSim.Analysis.Sensitivity;

/// <summary>
/// A vector function of the parameter vector, y = f(x), evaluated for many samples in global sensitivity
/// analysis. Workers are created one per thread.
/// </summary>
public interface ISampleFunction
{
    IReadOnlyList<string> OutputNames { get; }
    ISampleWorker CreateWorker();
}

/// <summary>
/// A sample function that evaluates whole sets of rows itself (for example on other machines); its results must be
/// those its workers would give row by row (NaN outputs for a row that cannot be evaluated), in row order.
/// </summary>
public interface IBatchSampleFunction : ISampleFunction
{
    /// <summary>f at every row, in row order.</summary>
    double[][] EvaluateAll(double[][] rows, CancellationToken cancellation);
}

/// <summary>One thread's evaluator of an <see cref="ISampleFunction"/>; not thread-safe.</summary>
public interface ISampleWorker
{
    /// <summary>Writes f(x) into y; throws when the function cannot be evaluated at x.</summary>
    void Evaluate(ReadOnlySpan<double> x, Span<double> y);

    /// <summary>
    /// f at several rows, each exactly as <see cref="Evaluate"/> gives it (a function may share work between them);
    /// a row that cannot be evaluated (a numerical failure) gets NaN outputs, any other error is thrown.
    /// </summary>
    void EvaluateMany(IReadOnlyList<double[]> rows, double[][] results)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            try { Evaluate(rows[i], results[i]); }
            catch (Exception e) when (SampleRunner.IsSampleFailure(e)) { Array.Fill(results[i], double.NaN); }
        }
    }
}

/// <summary>A sample function given by a thread-safe delegate, for analytic functions such as Ishigami's.</summary>
public sealed class DelegateSampleFunction(IReadOnlyList<string> outputNames, Action<double[], double[]> function) : ISampleFunction
{
    public IReadOnlyList<string> OutputNames { get; } = outputNames;

    public ISampleWorker CreateWorker() => new Worker(function, OutputNames.Count);

    private sealed class Worker(Action<double[], double[]> function, int outputs) : ISampleWorker
    {
        private double[] _x = [];
        private readonly double[] _y = new double[outputs];

        public void Evaluate(ReadOnlySpan<double> x, Span<double> y)
        {
            if (_x.Length != x.Length) _x = new double[x.Length];
            x.CopyTo(_x);
            function(_x, _y);
            _y.CopyTo(y);
        }
    }
}
