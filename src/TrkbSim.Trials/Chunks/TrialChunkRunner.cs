using System.Collections.Concurrent;
using TrkbSim.Trials.Models;
using TrkbSim.Trials.Population;
using TrkbSim.Trials.Running;

namespace TrkbSim.Trials.Chunks;

/// <summary>
/// Simulates chunks of one trial: built once from the <see cref="TrialSpec"/> (the arms' models are compiled here),
/// then <see cref="Run"/> simulates any chunk on any number of threads, keeping one simulator per thread between
/// chunks. Thread-safe: several chunks may run at once.
/// </summary>
public sealed class TrialChunkRunner
{
    readonly ConcurrentBag<ISubjectModel>[] _simulators;
    readonly SubjectSampler[] _samplers;

    /// <summary>
    /// Compiles the arms of <paramref name="spec"/> with <paramref name="modelFactory"/>, in parallel on up to
    /// <paramref name="threads"/> threads (each arm compiles its own model).
    /// </summary>
    public TrialChunkRunner(ISubjectModelFactory modelFactory, TrialSpec spec, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(modelFactory);
        ArgumentNullException.ThrowIfNull(spec);
        if (modelFactory.Name != spec.Model)
            throw new TrialInputException($"the trial was set up for the model '{spec.Model}', but this program runs '{modelFactory.Name}'");
        Spec = spec;
        Population = PopulationFile.FromText(spec.PopulationText, spec.PopulationSource);
        var options = spec.ToOptions("(chunk)");
        Arms = CreateArms(modelFactory, spec, options, Population, threads);
        Schedule = new TrialSchedule(spec.Weeks);
        _samplers = Arms.Select(m => new SubjectSampler(Population, m.Parameters)).ToArray();
        _simulators = Arms.Select(_ => new ConcurrentBag<ISubjectModel>()).ToArray();
    }

    static List<IArmModel> CreateArms(ISubjectModelFactory modelFactory, TrialSpec spec, TrialOptions options, PopulationSpec population, int threads)
    {
        if (spec.Arms.Count == 1 || threads <= 1)
            return spec.Arms.Select(a => modelFactory.CreateArm(a, options, population)).ToList();
        var arms = new IArmModel[spec.Arms.Count];
        var errors = new Exception?[arms.Length];
        Parallel.For(0, arms.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            try { arms[i] = modelFactory.CreateArm(spec.Arms[i], options, population); }
            catch (Exception e) { errors[i] = e; }
        });
        // The first arm's error, as a sequential build would have raised it (a user error keeps its type and message).
        if (errors.FirstOrDefault(e => e is not null) is { } first) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        return [.. arms];
    }

    /// <summary>The spec the runner was built for.</summary>
    public TrialSpec Spec { get; }
    /// <summary>The population.</summary>
    public PopulationSpec Population { get; }
    /// <summary>The arms' models, in arm order.</summary>
    public IReadOnlyList<IArmModel> Arms { get; }
    /// <summary>The visit and sampling schedule.</summary>
    public TrialSchedule Schedule { get; }

    /// <summary>Checks that the chunk lies inside this runner's trial.</summary>
    public void Check(TrialChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.ArmIndex < 0 || chunk.ArmIndex >= Arms.Count || chunk.FirstSubject < 0 || chunk.Count < 0
            || chunk.FirstSubject + chunk.Count > Spec.SubjectsPerArm)
            throw new TrialInputException($"chunk {chunk.Index} (arm {chunk.ArmIndex}, subjects {chunk.FirstSubject}+{chunk.Count}) lies outside the trial");
    }

    /// <summary>
    /// Subjects go to the simulators in blocks of the arm model's preferred size (several share one solve where the
    /// model can); the records do not depend on the blocks.
    /// </summary>
    public int BlockSize(TrialChunk chunk) => Math.Max(1, Arms[chunk.ArmIndex].SubjectsPerCall);

    /// <summary>
    /// Simulates subjects <paramref name="from"/> .. from + records.Length - 1 of the chunk (indices within the chunk)
    /// into <paramref name="records"/> on the calling thread, with a simulator of this runner's pool. Thread-safe.
    /// </summary>
    public void RunBlock(TrialChunk chunk, int from, Span<SubjectRecord> records)
    {
        var model = Arms[chunk.ArmIndex];
        var pool = _simulators[chunk.ArmIndex];
        var sim = pool.TryTake(out var s) ? s : model.CreateSimulator();
        TrialRunner.SimulateSubjects(sim, _samplers[chunk.ArmIndex], model, Schedule, Spec.Seed, chunk.ArmIndex, chunk.FirstSubject + from,
            Population.RatingNoiseSd.Value, records, Spec.TimecourseEveryDays);
        pool.Add(sim);
    }

    /// <summary>
    /// Simulates the chunk's subjects on up to <paramref name="threads"/> threads; the records are in subject order and
    /// do not depend on the thread count. <paramref name="subjectDone"/> is called once per subject (from any thread).
    /// </summary>
    public ChunkResult Run(TrialChunk chunk, int threads, Action? subjectDone = null, CancellationToken cancellation = default)
    {
        Check(chunk);
        var records = new SubjectRecord[chunk.Count];
        try
        {
            int block = BlockSize(chunk);
            Parallel.For(0, (chunk.Count + block - 1) / block,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellation },
                b =>
                {
                    int from = b * block, count = Math.Min(block, chunk.Count - from);
                    RunBlock(chunk, from, records.AsSpan(from, count));
                    for (int i = 0; i < count; i++) subjectDone?.Invoke();
                });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // Surface the first error as itself (a user error keeps its type and message for the CLI).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }
        return new ChunkResult(chunk, records);
    }
}
