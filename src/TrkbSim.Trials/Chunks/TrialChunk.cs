namespace TrkbSim.Trials.Chunks;

/// <summary>
/// One piece of a trial's work: subjects <see cref="FirstSubject"/> to <see cref="FirstSubject"/> + <see cref="Count"/> - 1
/// of arm <see cref="ArmIndex"/>. With its <see cref="TrialSpec"/> (arms, seed, population, weeks) it carries everything
/// needed to simulate it: each subject's random stream depends only on (seed, arm index, subject index), so a chunk's
/// result never depends on where, when or on how many threads it runs.
/// </summary>
/// <param name="Index">Position of the chunk in the trial's plan (arm by arm, subjects in order).</param>
public sealed record TrialChunk(int Index, int ArmIndex, long FirstSubject, int Count);

/// <summary>A chunk's simulated subjects, in subject order.</summary>
public sealed record ChunkResult(TrialChunk Chunk, Running.SubjectRecord[] Subjects);

/// <summary>Cuts a trial into chunks: arm by arm, <see cref="TrialSpec.ChunkSize"/> subjects each (the last of an arm may be shorter).</summary>
public static class TrialPlan
{
    /// <summary>The chunks of the whole trial in the order their results are written.</summary>
    public static IReadOnlyList<TrialChunk> Chunks(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.ChunkSize <= 0) throw new ArgumentOutOfRangeException(nameof(spec), "chunk size must be >= 1");
        var chunks = new List<TrialChunk>();
        for (int arm = 0; arm < spec.Arms.Count; arm++)
            for (long first = 0; first < spec.SubjectsPerArm; first += spec.ChunkSize)
                chunks.Add(new TrialChunk(chunks.Count, arm, first, (int)Math.Min(spec.ChunkSize, spec.SubjectsPerArm - first)));
        return chunks;
    }

    /// <summary>
    /// The chunks of shard <paramref name="shard"/>: a contiguous run of the plan, so the shards' results laid end to end
    /// in shard order are the whole trial's results in its own order.
    /// </summary>
    public static IReadOnlyList<TrialChunk> Shard(IReadOnlyList<TrialChunk> chunks, ShardSpec shard)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(shard);
        var (from, to) = shard.Range(chunks.Count);
        return chunks.Skip(from).Take(to - from).ToList();
    }
}
