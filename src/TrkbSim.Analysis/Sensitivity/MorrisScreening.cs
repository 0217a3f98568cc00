namespace TrkbSim.Analysis.Sensitivity;

/// <summary>Settings of Morris elementary-effects screening.</summary>
public sealed record MorrisOptions
{
    /// <summary>Number of one-at-a-time trajectories r; the function is evaluated r*(d+1) times.</summary>
    public int Trajectories { get; init; } = 50;
    /// <summary>Grid levels p (even); the jump is p/(2(p-1)) of each parameter's unit range.</summary>
    public int Levels { get; init; } = 4;
    public int Seed { get; init; } = 1;
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>Elementary-effect statistics of one output: mean, mean of absolute values (mu*), standard deviation.</summary>
public sealed record MorrisEffects(
    string Output,
    IReadOnlyDictionary<string, double> Mu,
    IReadOnlyDictionary<string, double> MuStar,
    IReadOnlyDictionary<string, double> Sigma,
    int ValidTrajectories);

/// <summary>Result of <see cref="MorrisScreening.Run"/>.</summary>
public sealed record MorrisResult(IReadOnlyList<string> Parameters, int Trajectories, int Levels, double Delta,
    int Evaluations, int Seed, IReadOnlyList<MorrisEffects> Outputs);

/// <summary>
/// Morris elementary effects with the trajectory design: from a random grid point, each parameter in random
/// order moves once by +-Delta in unit-cube coordinates. Effects are per unit of each parameter's unit range
/// (its quantile scale); unbounded distributions use their 0.5 %-99.5 % quantile range as that unit range.
/// Trajectory t draws from its own seeded stream, so the result does not depend on threads.
/// </summary>
public static class MorrisScreening
{
    private const double TailCut = 0.005;

    public static MorrisResult Run(ISampleFunction function, IReadOnlyList<ParameterDistribution> parameters, MorrisOptions? options = null)
    {
        options ??= new MorrisOptions();
        var d = parameters.Count;
        if (d == 0) throw new AnalysisException("No parameters for the sensitivity analysis.");
        foreach (var g in parameters.GroupBy(p => p.Id).Where(g => g.Count() > 1))
            throw new AnalysisException($"Parameter '{g.Key}' is listed more than once.", g.Key);
        var p = options.Levels;
        if (p < 2 || p % 2 != 0) throw new AnalysisException($"Morris levels must be an even number of at least 2, got {p}.");
        var r = options.Trajectories;
        if (r < 2) throw new AnalysisException($"Morris needs at least 2 trajectories, got {r}.");
        var delta = p / (2.0 * (p - 1));

        var unitRows = new double[r * (d + 1)][];
        var moved = new int[r * d];
        for (var t = 0; t < r; t++)
        {
            var rng = RandomStreams.For(options.Seed, t, purpose: 2);
            var x = new double[d];
            var sign = new int[d];
            for (var i = 0; i < d; i++)
            {
                var level = rng.Next(p / 2) / (double)(p - 1);
                sign[i] = rng.Next(2) == 0 ? 1 : -1;
                x[i] = sign[i] > 0 ? level : level + delta;
            }
            var order = Enumerable.Range(0, d).ToArray();
            for (var i = d - 1; i > 0; i--)
            {
                var j = rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            unitRows[t * (d + 1)] = (double[])x.Clone();
            for (var k = 0; k < d; k++)
            {
                var i = order[k];
                x[i] += sign[i] * delta;
                unitRows[t * (d + 1) + k + 1] = (double[])x.Clone();
                moved[t * d + k] = i;
            }
        }
        var rows = unitRows.Select(u => u.Select((v, i) => Value(parameters[i], v)).ToArray()).ToArray();
        var y = SampleRunner.Run(function, rows, options.MaxDegreeOfParallelism);

        var outputs = new MorrisEffects[function.OutputNames.Count];
        for (var o = 0; o < outputs.Length; o++)
        {
            var effects = new List<double>[d];
            for (var i = 0; i < d; i++) effects[i] = [];
            var valid = 0;
            for (var t = 0; t < r; t++)
            {
                var start = t * (d + 1);
                if (Enumerable.Range(start, d + 1).Any(row => !double.IsFinite(y[row][o]))) continue;
                valid++;
                for (var k = 0; k < d; k++)
                {
                    var i = moved[t * d + k];
                    var step = unitRows[start + k + 1][i] - unitRows[start + k][i];
                    effects[i].Add((y[start + k + 1][o] - y[start + k][o]) / step);
                }
            }
            var ids = parameters.Select(q => q.Id).ToArray();
            outputs[o] = new MorrisEffects(function.OutputNames[o],
                ids.Select((id, i) => (id, Mean(effects[i]))).ToDictionary(x => x.id, x => x.Item2),
                ids.Select((id, i) => (id, effects[i].Count == 0 ? double.NaN : effects[i].Average(Math.Abs))).ToDictionary(x => x.id, x => x.Item2),
                ids.Select((id, i) => (id, Sd(effects[i]))).ToDictionary(x => x.id, x => x.Item2),
                valid);
        }
        return new MorrisResult(parameters.Select(q => q.Id).ToArray(), r, p, delta, rows.Length, options.Seed, outputs);
    }

    internal static double Value(ParameterDistribution p, double u) =>
        p.Quantile(p.IsBounded ? u : TailCut + (1 - 2 * TailCut) * u);

    private static double Mean(List<double> v) => v.Count == 0 ? double.NaN : v.Average();

    private static double Sd(List<double> v)
    {
        if (v.Count < 2) return double.NaN;
        var m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
    }
}
