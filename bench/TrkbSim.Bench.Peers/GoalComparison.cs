namespace TrkbSim.Bench.Peers;

/// <summary>A peer that a speed goal names: its tools (the fastest counts) and the speed-up TrkbSim must reach.</summary>
public sealed record PeerGoal(string Label, IReadOnlyList<string> Tools, double RequiredSpeedup);

/// <summary>TrkbSim against one peer on one problem: time ratios TrkbSim/peer (below 1: TrkbSim faster).</summary>
public sealed record GoalComparison(string Problem, PeerGoal Peer, IReadOnlyList<double> Ratios, bool MatchedAccuracy)
{
    public static readonly IReadOnlyList<PeerGoal> Goals =
    [
        new("CVODE", ["cvode"], 1),
        new("SciPy", ["scipy-lsoda", "scipy-bdf", "scipy-radau"], 20),
        new("deSolve", ["desolve"], 10),
    ];

    /// <summary>Geometric mean of the ratios over the tolerance range; NaN when nothing could be compared.</summary>
    public double GeometricMeanRatio => Ratios.Count == 0 ? double.NaN : Math.Exp(Ratios.Average(Math.Log));

    public double WorstRatio => Ratios.Count == 0 ? double.NaN : Ratios.Max();

    /// <summary>Speed-up of TrkbSim over the peer (geometric mean).</summary>
    public double Speedup => 1 / GeometricMeanRatio;

    public bool Met => Ratios.Count > 0 && Speedup >= Peer.RequiredSpeedup;

    /// <summary>
    /// Ratios at equal accuracy where the work-precision lines overlap; otherwise at the same rtol where TrkbSim's
    /// error is no larger than the peer's. TrkbSim runs that do not count (failed or wrong) are left out, so a
    /// problem TrkbSim gets wrong at every tolerance has no ratio and its goal is not met.
    /// </summary>
    public static GoalComparison Compare(string problem, PeerGoal peer, IReadOnlyList<EvaluatedRun> runs, string trkbsimTool)
    {
        var mine = runs.Where(r => r.Problem == problem && r.Tool == trkbsimTool && r.Counts).ToArray();
        var peerRuns = peer.Tools.Select(t => (IReadOnlyList<EvaluatedRun>)runs.Where(r => r.Problem == problem && r.Tool == t).ToArray()).ToArray();
        var matched = new List<double>();
        foreach (var m in mine)
            if (AccuracyMatch.BestTimeAt(peerRuns, m.MaxRelError) is double tp) matched.Add(m.Seconds / tp);
        if (matched.Count > 0) return new GoalComparison(problem, peer, matched, true);

        var sameRtol = new List<double>();
        foreach (var m in mine)
        {
            var best = peerRuns.SelectMany(p => p).Where(r => r.Counts && r.RelTol == m.RelTol && m.MaxRelError <= r.MaxRelError)
                .Select(r => r.Seconds).DefaultIfEmpty(double.NaN).Min();
            if (double.IsFinite(best)) sameRtol.Add(m.Seconds / best);
        }
        return new GoalComparison(problem, peer, sameRtol, false);
    }
}
