using TrkbSim.Analysis.Sampling;

namespace TrkbSim.Analysis.Sensitivity;

/// <summary>Settings of a Sobol variance-based sensitivity analysis.</summary>
public sealed record SobolOptions
{
    /// <summary>Base sample size N; the function is evaluated N*(d+2) times. A power of two suits the Sobol sequence.</summary>
    public int SampleSize { get; init; } = 4096;
    /// <summary>Seeds the digital shift of the Sobol points and the bootstrap.</summary>
    public int Seed { get; init; } = 1;
    public int BootstrapSamples { get; init; } = 500;
    public double ConfidenceLevel { get; init; } = 0.95;
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>First- and total-order indices of one output, with bootstrap percentile intervals.</summary>
public sealed record SobolIndices(
    string Output,
    IReadOnlyDictionary<string, double> FirstOrder,
    IReadOnlyDictionary<string, double> TotalOrder,
    IReadOnlyDictionary<string, (double Low, double High)> FirstOrderCi,
    IReadOnlyDictionary<string, (double Low, double High)> TotalOrderCi,
    double Mean,
    double Variance,
    int ValidSamples);

/// <summary>Result of <see cref="SobolAnalysis.Run"/>.</summary>
public sealed record SobolResult(IReadOnlyList<string> Parameters, int SampleSize, int Evaluations, int Seed,
    int BootstrapSamples, double ConfidenceLevel, IReadOnlyList<SobolIndices> Outputs);

/// <summary>
/// Sobol first-order and total-order sensitivity indices by the Saltelli (2010) design: matrices A and B from a
/// 2d-dimensional randomised Sobol sequence and the d matrices A_B^(i) (A with column i from B). First order by
/// Saltelli's 2010 estimator mean(f_B (f_ABi - f_A)) / V, total order by Jansen's mean((f_A - f_ABi)^2) / (2V),
/// V the variance of f over A and B together. Intervals: bootstrap percentiles over resampled rows.
/// </summary>
public static class SobolAnalysis
{
    public static SobolResult Run(ISampleFunction function, IReadOnlyList<ParameterDistribution> parameters, SobolOptions? options = null)
    {
        options ??= new SobolOptions();
        var d = parameters.Count;
        if (d == 0) throw new AnalysisException("No parameters for the sensitivity analysis.");
        foreach (var g in parameters.GroupBy(p => p.Id).Where(g => g.Count() > 1))
            throw new AnalysisException($"Parameter '{g.Key}' is listed more than once.", g.Key);
        if (2 * d > SobolSequence.MaxDimensions)
            throw new AnalysisException($"Sobol analysis supports at most {SobolSequence.MaxDimensions / 2} parameters, got {d}.");
        var n = options.SampleSize;
        if (n < 2) throw new AnalysisException($"Sample size {n} is too small; use at least 2 (a power of two such as 4096).");

        var sequence = new SobolSequence(2 * d, options.Seed);
        var unit = sequence.Take(n);
        var rows = new double[n * (d + 2)][];
        for (var j = 0; j < n; j++)
        {
            var a = new double[d];
            var b = new double[d];
            for (var i = 0; i < d; i++)
            {
                a[i] = Value(parameters[i], unit[j][i]);
                b[i] = Value(parameters[i], unit[j][d + i]);
            }
            rows[j] = a;
            rows[n + j] = b;
            for (var i = 0; i < d; i++)
            {
                var abi = (double[])a.Clone();
                abi[i] = b[i];
                rows[(2 + i) * n + j] = abi;
            }
        }
        var y = SampleRunner.Run(function, rows, options.MaxDegreeOfParallelism);

        var outputs = new SobolIndices[function.OutputNames.Count];
        for (var o = 0; o < outputs.Length; o++)
        {
            var fa = new double[n];
            var fb = new double[n];
            var fab = new double[d][];
            for (var j = 0; j < n; j++) { fa[j] = y[j][o]; fb[j] = y[n + j][o]; }
            for (var i = 0; i < d; i++)
            {
                fab[i] = new double[n];
                for (var j = 0; j < n; j++) fab[i][j] = y[(2 + i) * n + j][o];
            }
            // Drop sample rows where any of the d+2 evaluations failed.
            var valid = Enumerable.Range(0, n)
                .Where(j => double.IsFinite(fa[j]) && double.IsFinite(fb[j]) && fab.All(c => double.IsFinite(c[j]))).ToArray();
            outputs[o] = Indices(function.OutputNames[o], parameters, fa, fb, fab, valid, options);
        }
        return new SobolResult(parameters.Select(p => p.Id).ToArray(), n, rows.Length, options.Seed,
            options.BootstrapSamples, options.ConfidenceLevel, outputs);
    }

    /// <summary>Maps a unit coordinate to a parameter value, keeping unbounded quantiles finite.</summary>
    internal static double Value(ParameterDistribution p, double u) =>
        p.Quantile(p.IsBounded ? u : Math.Clamp(u, 1e-12, 1 - 1e-12));

    private static SobolIndices Indices(string name, IReadOnlyList<ParameterDistribution> parameters,
        double[] fa, double[] fb, double[][] fab, int[] rows, SobolOptions options)
    {
        var d = parameters.Count;
        var (s1, st, mean, variance) = Estimate(fa, fb, fab, rows);
        var r = Math.Max(0, options.BootstrapSamples);
        var boot1 = new double[d][];
        var bootT = new double[d][];
        for (var i = 0; i < d; i++) { boot1[i] = new double[r]; bootT[i] = new double[r]; }
        Parallel.For(0, r, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) }, b =>
        {
            var rng = RandomStreams.For(options.Seed, b, purpose: 1);
            var pick = new int[rows.Length];
            for (var k = 0; k < pick.Length; k++) pick[k] = rows[rng.Next(rows.Length)];
            var (b1, bt, _, _) = Estimate(fa, fb, fab, pick);
            for (var i = 0; i < d; i++) { boot1[i][b] = b1[i]; bootT[i][b] = bt[i]; }
        });
        var alpha = 1 - options.ConfidenceLevel;
        (double, double) Ci(double[] values) => r == 0 ? (double.NaN, double.NaN)
            : (Statistics.Quantiles.OfFinite(values, alpha / 2), Statistics.Quantiles.OfFinite(values, 1 - alpha / 2));
        var ids = parameters.Select(p => p.Id).ToArray();
        return new SobolIndices(name,
            ids.Select((id, i) => (id, s1[i])).ToDictionary(x => x.id, x => x.Item2),
            ids.Select((id, i) => (id, st[i])).ToDictionary(x => x.id, x => x.Item2),
            ids.Select((id, i) => (id, Ci(boot1[i]))).ToDictionary(x => x.id, x => x.Item2),
            ids.Select((id, i) => (id, Ci(bootT[i]))).ToDictionary(x => x.id, x => x.Item2),
            mean, variance, rows.Length);
    }

    private static (double[] First, double[] Total, double Mean, double Variance) Estimate(
        double[] fa, double[] fb, double[][] fab, int[] rows)
    {
        var d = fab.Length;
        var m = rows.Length;
        double sum = 0;
        foreach (var j in rows) sum += fa[j] + fb[j];
        var mean = sum / (2.0 * m);
        double ss = 0;
        foreach (var j in rows)
        {
            ss += (fa[j] - mean) * (fa[j] - mean);
            ss += (fb[j] - mean) * (fb[j] - mean);
        }
        var variance = ss / (2.0 * m - 1);
        var first = new double[d];
        var total = new double[d];
        for (var i = 0; i < d; i++)
        {
            double s1 = 0, st = 0;
            var c = fab[i];
            foreach (var j in rows)
            {
                s1 += fb[j] * (c[j] - fa[j]);
                var e = fa[j] - c[j];
                st += e * e;
            }
            // A constant output has no variance to apportion.
            first[i] = variance > 0 ? s1 / m / variance : double.NaN;
            total[i] = variance > 0 ? st / (2.0 * m) / variance : double.NaN;
        }
        return (first, total, mean, variance);
    }

}
