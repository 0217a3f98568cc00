namespace TrkbSim.Analysis.Fitting;

/// <summary>A parameter set other than the reported estimate that fits the data as well, with the starts that reached it.</summary>
public sealed record AlternativeOptimum(IReadOnlyDictionary<string, double> Parameters, double MinusTwoLogLikelihood, IReadOnlyList<int> Starts);

/// <summary>
/// Whether the multi-start found one best optimum or several distinct ones that fit equally well.
/// <see cref="Identifiable"/> is null when fewer than two starts converged (nothing to compare).
/// </summary>
public sealed record Identifiability(bool? Identifiable, IReadOnlyList<AlternativeOptimum> AlternativeOptima,
    IReadOnlyList<string> DifferingParameters, int ComparedStarts)
{
    public static Identifiability NotChecked { get; } = new(null, [], [], 0);
}

/// <summary>
/// Groups the converged starts of a multi-start fit into distinct optima. Two estimates are the same optimum when
/// every parameter agrees within <see cref="ParameterTolerance"/> relative (|ln a - ln b| for log-scaled parameters,
/// |a - b| / max(|a|, |b|) otherwise); an optimum ties with the best when its -2 log-likelihood lies within
/// <see cref="ObjectiveTolerance"/> x max(1, |best|) of the best. Starts stopped by the iteration limit or a failed
/// evaluation are left out.
/// </summary>
public static class DistinctOptima
{
    public const double ParameterTolerance = 1e-2;
    public const double ObjectiveTolerance = 1e-3;

    public static Identifiability Find(IReadOnlyList<FitParameter> parameters, IReadOnlyList<FitStart> starts, int bestStart)
    {
        var converged = starts.Where(s => double.IsFinite(s.MinusTwoLogLikelihood)
            && s.Reason is not (StopReason.EvaluationFailed or StopReason.MaxIterations)).ToList();
        if (converged.Count < 2 || !converged.Any(s => s.Index == bestStart)) return Identifiability.NotChecked;
        var best = starts[bestStart];
        var limit = best.MinusTwoLogLikelihood + ObjectiveTolerance * Math.Max(1, Math.Abs(best.MinusTwoLogLikelihood));
        var ties = converged.Where(s => s.MinusTwoLogLikelihood <= limit)
            .OrderBy(s => s.MinusTwoLogLikelihood).ThenBy(s => s.Index).ToList();

        // Greedy grouping around representatives, best first; the best start's optimum is the first group.
        var groups = new List<List<FitStart>> { new() { best } };
        foreach (var s in ties.Where(s => s.Index != bestStart))
        {
            var home = groups.FirstOrDefault(g => Same(parameters, g[0].Estimates, s.Estimates));
            if (home is null) groups.Add([s]);
            else home.Add(s);
        }
        var alternatives = groups.Skip(1).Select(g => new AlternativeOptimum(
            parameters.Select((p, j) => (p.Id, g[0].Estimates[j])).ToDictionary(x => x.Id, x => x.Item2),
            g[0].MinusTwoLogLikelihood, g.Select(s => s.Index).Order().ToArray())).ToArray();
        var differing = parameters.Where((p, j) => groups.Skip(1)
            .Any(g => Distance(p, best.Estimates[j], g[0].Estimates[j]) > ParameterTolerance)).Select(p => p.Id).ToArray();
        return new Identifiability(alternatives.Length == 0, alternatives, differing, converged.Count);
    }

    private static bool Same(IReadOnlyList<FitParameter> parameters, double[] a, double[] b)
    {
        for (var j = 0; j < parameters.Count; j++)
            if (Distance(parameters[j], a[j], b[j]) > ParameterTolerance) return false;
        return true;
    }

    /// <summary>Relative distance of two values of one parameter, on its search scale.</summary>
    internal static double Distance(FitParameter p, double a, double b)
    {
        if (p.LogScale) return Math.Abs(Math.Log(a) - Math.Log(b));
        var scale = Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), 1e-9 * (p.High - p.Low));
        return Math.Abs(a - b) / scale;
    }
}
