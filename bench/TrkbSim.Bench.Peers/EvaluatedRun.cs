namespace TrkbSim.Bench.Peers;

/// <summary>A timed run with its accuracy against the reference: what peers.json records.</summary>
public sealed record EvaluatedRun(RawRecord Raw, double MaxRelError, bool WithinTolerance)
{
    public string Tool => Raw.Tool;
    public string Problem => Raw.Problem;
    public double RelTol => Raw.RelTol;
    public double Seconds => Raw.MedianSeconds;

    /// <summary>A run whose time counts: it finished and its answer is within tolerance of the reference.</summary>
    public bool Counts => !Raw.Failed && WithinTolerance && double.IsFinite(Raw.MedianSeconds);

    public static IReadOnlyList<EvaluatedRun> Evaluate(IEnumerable<RawRecord> raws, IReadOnlyList<BenchmarkProblem> problems, string rawDir)
    {
        var byName = problems.ToDictionary(p => p.Name);
        var refs = new Dictionary<string, double[][]>();
        var result = new List<EvaluatedRun>();
        foreach (var r in raws)
        {
            if (!byName.TryGetValue(r.Problem, out var p)) continue;
            if (!refs.TryGetValue(p.Name, out var reference)) refs[p.Name] = reference = ProblemSet.ReadSolution(p.ReferencePath);
            double err = double.PositiveInfinity;
            if (!r.Failed && r.SolutionFile.Length > 0 && File.Exists(Path.Combine(rawDir, r.SolutionFile)))
                err = ErrorMetric.MaxRelativeError(ProblemSet.ReadSolution(Path.Combine(rawDir, r.SolutionFile)), reference, p.AtolScale);
            result.Add(new EvaluatedRun(r, err, !r.Failed && ErrorMetric.WithinTolerance(err, r.RelTol)));
        }
        return result;
    }
}
