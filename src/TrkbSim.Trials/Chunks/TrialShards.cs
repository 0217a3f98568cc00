using TrkbSim.Modeling.Files;
using TrkbSim.Trials.Models;
using TrkbSim.Trials.Running;

namespace TrkbSim.Trials.Chunks;

/// <summary>What one shard run wrote: the part folder, its chunk and subject counts.</summary>
public sealed record ShardResult(string Folder, ShardSpec Shard, int Chunks, long Subjects, TimeSpan Elapsed);

/// <summary>
/// Batch-scheduler runs without a cluster: <see cref="RunShard"/> simulates one shard's chunks into a part folder,
/// <see cref="Merge"/> checks that a set of parts is one whole trial and writes its outputs exactly as one run would
/// (the parts' chunks are replayed in plan order through <see cref="TrialRunner"/>).
/// </summary>
public sealed class TrialShards(ISubjectModelFactory modelFactory)
{
    /// <summary>Subjects per chunk (must be the same for all shards of a trial; it is recorded in each part).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Where the shard's chunks run (this machine by default).</summary>
    public IChunkExecutor Executor { get; init; } = LocalChunkExecutor.Instance;

    /// <summary>Simulates shard <paramref name="shard"/> of the trial into <see cref="TrialOptions.OutputDirectory"/>.</summary>
    public ShardResult RunShard(TrialOptions options, ShardSpec shard, IProgress<TrialProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(shard);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        options.Validate();
        var spec = TrialSpec.From(options, modelFactory.Name, BatchSize);
        var setup = new TrialChunkRunner(modelFactory, spec);
        var chunks = TrialPlan.Shard(TrialPlan.Chunks(spec), shard);
        long total = chunks.Sum(c => (long)c.Count), done = 0;
        using var outputs = new OutputSet(options.Force);
        string work;
        try { work = outputs.Folder("--out", options.OutputDirectory); }
        catch (OutputException e) { throw new TrialInputException(e.Message, e); }
        var results = Executor.Execute(setup, chunks, options.EffectiveThreads, d =>
        {
            long now = Interlocked.Add(ref done, d);
            progress?.Report(new TrialProgress(now, total, $"shard {shard}"));
        }, cancellation);
        ShardPart.Write(work, spec, shard, chunks, results);
        outputs.Commit();
        return new ShardResult(Path.GetFullPath(options.OutputDirectory), shard, chunks.Count, total, clock.Elapsed);
    }

    /// <summary>
    /// Merges the part folders (any order) into <paramref name="outputDirectory"/>: every shard 0..N-1 exactly once, all
    /// made from the same settings by the same program, or a <see cref="TrialInputException"/> naming the part at fault
    /// (and nothing is written).
    /// </summary>
    public TrialResult Merge(IReadOnlyList<string> partFolders, string outputDirectory, bool force = false, int? threads = null,
        bool writePictures = true, IProgress<TrialProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(partFolders);
        var parts = CheckParts(partFolders);
        var spec = parts[0].Spec;
        var options = spec.ToOptions(outputDirectory) with { Force = force, Threads = threads, WritePictures = writePictures };
        var runner = new TrialRunner(modelFactory) { BatchSize = spec.ChunkSize, Executor = new ReplayExecutor(parts) };
        return runner.Run(options, spec, progress, cancellation);
    }

    /// <summary>Reads and checks the parts; returns them in shard order.</summary>
    public IReadOnlyList<ShardPart> CheckParts(IReadOnlyList<string> partFolders)
    {
        ArgumentNullException.ThrowIfNull(partFolders);
        if (partFolders.Count == 0) throw new TrialInputException("PARTS: give the shard folders to merge, e.g. part-*");
        var parts = partFolders.Select(ShardPart.Read).ToList();
        var first = parts[0];
        if (first.Spec.ProgramVersion != ProgramVersion.Current)
            throw new TrialInputException(
                $"{first.Folder}: made by program version {first.Spec.ProgramVersion}, but this is {ProgramVersion.Current}; merge with the program that ran the shards");
        if (first.Spec.Model != modelFactory.Name)
            throw new TrialInputException($"{first.Folder}: simulated with the model '{first.Spec.Model}', not '{modelFactory.Name}'");
        var firstSettings = first.Spec.Settings().ToList();
        foreach (var p in parts.Skip(1))
        {
            if (p.Count != first.Count)
                throw new TrialInputException($"{p.Folder}: is shard {p.Index}/{p.Count}, but {first.Folder} is shard {first.Index}/{first.Count}; all shards of a trial have the same N");
            var differ = p.Spec.Settings().Zip(firstSettings).FirstOrDefault(x => x.First.Value != x.Second.Value);
            if (differ.First.Name is not null)
                throw new TrialInputException(
                    $"{p.Folder}: comes from different settings than {first.Folder} ({differ.First.Name}: {differ.First.Value} versus {differ.Second.Value}); shards of one trial must share every setting");
        }
        foreach (var g in parts.GroupBy(p => p.Index).Where(g => g.Count() > 1))
            throw new TrialInputException($"shard {g.Key}/{first.Count} is given twice ({string.Join(", ", g.Select(p => p.Folder))})");
        var missing = Enumerable.Range(0, first.Count).Except(parts.Select(p => p.Index)).ToList();
        if (missing.Count > 0)
            throw new TrialInputException(
                $"shard{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Take(10).Select(i => $"{i}/{first.Count}"))}{(missing.Count > 10 ? $" and {missing.Count - 10} more" : "")} missing: give all {first.Count} part folders of the trial");
        var plan = TrialPlan.Chunks(first.Spec);
        foreach (var p in parts)
        {
            var (from, to) = new ShardSpec(p.Index, p.Count).Range(plan.Count);
            if (p.FirstChunk != from || p.Chunks != to - from)
                throw new TrialInputException($"{p.Folder}: holds chunks {p.FirstChunk}+{p.Chunks}, but shard {p.Index}/{p.Count} is chunks {from}+{to - from}");
        }
        return parts.OrderBy(p => p.Index).ToList();
    }

    /// <summary>Hands back the parts' stored chunk results in plan order.</summary>
    sealed class ReplayExecutor(IReadOnlyList<ShardPart> parts) : IChunkExecutor
    {
        public IEnumerable<ChunkResult> Execute(TrialChunkRunner local, IReadOnlyList<TrialChunk> chunks, int threads, Action<long> subjectsDone,
            CancellationToken cancellation)
        {
            int next = 0;
            foreach (var p in parts)
                foreach (var r in p.Results(chunks.Skip(p.FirstChunk).Take(p.Chunks).ToList()))
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (r.Chunk != chunks[next]) throw new TrialInputException($"{p.Folder}: chunk {r.Chunk.Index} is out of order");
                    next++;
                    subjectsDone(r.Subjects.Length);
                    yield return r;
                }
        }
    }
}
