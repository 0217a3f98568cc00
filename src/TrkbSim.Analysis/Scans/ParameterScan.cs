using System.Collections.Immutable;
using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Sensitivity;

namespace TrkbSim.Analysis.Scans;

/// <summary>A scan's table: one row per grid point (the first axis varies slowest), the axes' values and the outputs.</summary>
public sealed record ScanResult(ImmutableArray<ScanAxis> Axes, ImmutableArray<string> OutputNames, double[][] Points, double[][] Outputs)
{
    /// <summary>Grid points where the model could not be evaluated (outputs NaN).</summary>
    public int Failed => Outputs.Count(o => o.Any(double.IsNaN));
}

/// <summary>
/// Evaluates model outputs over a grid of one or two parameters, in parallel over cores; each point is its own run
/// from the model's initial state, so the table does not depend on the order or the thread count.
/// </summary>
public static class ParameterScan
{
    /// <summary>Most grid points of one scan.</summary>
    public const int MaxPoints = 1_000_000;

    public static ScanResult Run(IModelEvaluator evaluator, IReadOnlyList<ScanAxis> axes, IReadOnlyList<ModelQuantity> outputs,
        IReadOnlyList<double> times, int? threads = null, CancellationToken cancellation = default)
    {
        if (axes.Count is < 1 or > 2) throw new AnalysisException("a scan takes one or two --param axes", "param");
        if (axes.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count() != axes.Count) throw new AnalysisException("the scanned parameters must differ", "param");
        long points = axes.Aggregate(1L, (n, a) => n * a.Count);
        if (points > MaxPoints) throw new AnalysisException($"{points:N0} grid points is more than {MaxPoints:N0}; use fewer values", "param");
        var function = new ModelSampleFunction(evaluator, [.. axes.Select(a => a.Id)], outputs, times);
        var values = axes.Select(a => a.Values()).ToArray();
        var rows = new double[points][];
        for (long i = 0; i < points; i++)
        {
            rows[i] = axes.Count == 1 ? [values[0][(int)i]] : [values[0][(int)(i / axes[1].Count)], values[1][(int)(i % axes[1].Count)]];
        }
        var results = SampleRunner.Run(function, rows, threads ?? Environment.ProcessorCount, cancellation);
        return new ScanResult([.. axes], [.. function.OutputNames], rows, results);
    }
}
