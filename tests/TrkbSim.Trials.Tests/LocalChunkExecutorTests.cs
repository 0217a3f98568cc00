using TrkbSim.Trials.Chunks;
using TrkbSim.Trials.Models;
using TrkbSim.Trials.Population;

namespace TrkbSim.Trials.Tests;

/// <summary>The local executor: the threads share one stream of blocks across chunks; results come back in plan order.</summary>
public class LocalChunkExecutorTests
{
    static (TrialChunkRunner Runner, IReadOnlyList<TrialChunk> Chunks) Plan(ISubjectModelFactory factory, int n, int chunkSize)
    {
        var spec = TrialSpec.From(TrialTestData.Small("unused", n: n), factory.Name, chunkSize);
        return (new TrialChunkRunner(factory, spec), TrialPlan.Chunks(spec));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void Results_come_back_in_plan_order_as_one_chunk_at_a_time_gives_them(int threads)
    {
        var (runner, chunks) = Plan(new AnalyticSubjectModelFactory(), n: 60, chunkSize: 7);
        long done = 0;
        var results = LocalChunkExecutor.Instance.Execute(runner, chunks, threads, d => Interlocked.Add(ref done, d), CancellationToken.None).ToList();
        Assert.Equal(chunks.Count, results.Count);
        for (int k = 0; k < chunks.Count; k++)
        {
            Assert.Equal(chunks[k], results[k].Chunk);
            Assert.Equal(ChunkCodec.ToBytes(runner.Run(chunks[k], threads: 1)), ChunkCodec.ToBytes(results[k]));
        }
        Assert.Equal(3 * 60, done);
    }

    [Fact]
    public void A_slow_consumer_and_many_threads_get_every_subject_of_every_chunk()
    {
        // Tiny chunks, eight threads and a consumer that takes its time: the threads wait at the window again and
        // again, and each wakes to a block that others may have taken meanwhile. Every record must be there, once.
        var (runner, chunks) = Plan(new AnalyticSubjectModelFactory(), n: 60, chunkSize: 2);
        for (int round = 0; round < 3; round++)
        {
            int k = 0;
            foreach (var r in LocalChunkExecutor.Instance.Execute(runner, chunks, 8, _ => { }, CancellationToken.None))
            {
                Assert.Equal(chunks[k], r.Chunk);
                Assert.All(r.Subjects, (s, i) => Assert.Equal(chunks[k].FirstSubject + i, s.Subject));
                k++;
                Thread.Sleep(1);
            }
            Assert.Equal(chunks.Count, k);
        }
    }

    [Fact]
    public void The_threads_run_at_most_the_window_ahead_of_the_results_taken()
    {
        // 60 chunks of 10 fast subjects; the consumer takes the first result and then waits: the threads may finish
        // the chunks up to the window beyond it and no more (without the window they would finish all 600 subjects).
        var (runner, chunks) = Plan(new AnalyticSubjectModelFactory(), n: 200, chunkSize: 10);
        long done = 0;
        using var results = LocalChunkExecutor.Instance.Execute(runner, chunks, 2, d => Interlocked.Add(ref done, d), CancellationToken.None).GetEnumerator();
        Assert.True(results.MoveNext());
        Thread.Sleep(400);
        long atMost = 10 * (1 + LocalChunkExecutor.Window);
        Assert.InRange(Interlocked.Read(ref done), 10, atMost);
        int taken = 1;
        while (results.MoveNext()) taken++;
        Assert.Equal(chunks.Count, taken);
        Assert.Equal(600, done);
    }

    [Fact]
    public void A_defect_comes_out_at_its_chunk_after_every_chunk_before_it()
    {
        // Every subject of the third arm throws a defect: the chunks of the first two arms come back whole, then the
        // third arm's first chunk raises the defect itself (not wrapped), and the threads stop.
        var (runner, chunks) = Plan(new DefectiveArmFactory(2), n: 40, chunkSize: 5);
        var taken = new List<ChunkResult>();
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var r in LocalChunkExecutor.Instance.Execute(runner, chunks, 3, _ => { }, CancellationToken.None)) taken.Add(r);
        });
        Assert.Equal("defect in arm 2", e.Message);
        Assert.Equal(16, taken.Count);
        Assert.All(taken, r => Assert.True(r.Chunk.ArmIndex < 2 && r.Subjects.All(s => s is not null)));
    }

    [Fact]
    public void Cancellation_stops_the_stream()
    {
        var (runner, chunks) = Plan(new AnalyticSubjectModelFactory(), n: 200, chunkSize: 10);
        using var cts = new CancellationTokenSource();
        int taken = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var _ in LocalChunkExecutor.Instance.Execute(runner, chunks, 2, _ => { }, cts.Token))
                if (++taken == 3) cts.Cancel();
        });
        Assert.Equal(3, taken);
    }

    /// <summary>The analytic model, with every subject of one arm throwing a defect.</summary>
    sealed class DefectiveArmFactory(int defectiveArm) : ISubjectModelFactory
    {
        readonly AnalyticSubjectModelFactory _inner = new();
        int _arms;

        public string Name => _inner.Name;

        public IArmModel CreateArm(ArmSpec spec, TrialOptions options, PopulationSpec population)
        {
            int index = Interlocked.Increment(ref _arms) - 1;
            var inner = _inner.CreateArm(spec, options, population);
            return index == defectiveArm ? new DefectArm(inner, index) : inner;
        }

        sealed class DefectArm(IArmModel inner, int index) : IArmModel
        {
            public ArmSpec Arm => inner.Arm;
            public IReadOnlyList<string> Compounds => inner.Compounds;
            public IReadOnlyList<SubjectParameter> Parameters => inner.Parameters;
            public IReadOnlyList<string> Outputs => inner.Outputs;
            public ISubjectModel CreateSimulator() => new Defective(index);
        }

        sealed class Defective(int index) : ISubjectModel
        {
            public void Simulate(ReadOnlySpan<double> p, ReadOnlySpan<double> t, Span<double> m, Span<double> o) =>
                throw new InvalidOperationException($"defect in arm {index}");
        }
    }
}
