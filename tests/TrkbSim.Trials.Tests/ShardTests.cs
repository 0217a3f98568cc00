using System.Text.Json.Nodes;
using TrkbSim.Trials.Chunks;
using TrkbSim.Trials.Models;
using TrkbSim.Trials.Output;
using TrkbSim.Trials.Population;
using TrkbSim.Trials.Running;

namespace TrkbSim.Trials.Tests;

public class ShardTests
{
    static TrialShards Shards() => new(new AnalyticSubjectModelFactory()) { BatchSize = 25 };

    static List<string> RunShards(TempDir tmp, TrialOptions o, int count, string prefix = "part")
    {
        var folders = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var dir = tmp.Sub($"{prefix}-{i}");
            Shards().RunShard(o with { OutputDirectory = dir, Threads = 1 + i % 2 }, new ShardSpec(i, count));
            folders.Add(dir);
        }
        return folders;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Merged_shards_equal_one_run(int timecourseEveryDays)
    {
        using var tmp = new TempDir();
        var o = TrialTestData.Small(tmp.Sub("one"), n: 90) with { TimecourseEveryDays = timecourseEveryDays };
        var one = TrialTestData.Runner(batch: 25).Run(o);
        // 3 arms x 4 chunks = 12 chunks over 5 shards: shards hold 2 or 3 chunks and cross arm boundaries.
        var parts = RunShards(tmp, o, 5);
        parts.Reverse(); // the order given does not matter
        var merged = Shards().Merge(parts, tmp.Sub("merged"), writePictures: false);
        foreach (var file in new[] { "summary.csv", "time_to_response.csv", "madrs_percentiles.csv", "subjects.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(one.OutputDirectory, file)), File.ReadAllBytes(Path.Combine(merged.OutputDirectory, file)));
        foreach (var sql in new[] { "SELECT * FROM timecourses", "SELECT * FROM weekly_scores", "SELECT * FROM subjects" })
            Assert.Equal(TrialDatabase.Query(one.DatabasePath, sql).ToCsv(), TrialDatabase.Query(merged.DatabasePath, sql).ToCsv());
        Assert.Equal(270, merged.SubjectsSimulated + merged.SubjectsFailed);
    }

    [Fact]
    public void A_shard_index_out_of_range_or_malformed_is_refused()
    {
        Assert.Contains("must be 0 to 3", Assert.Throws<TrialInputException>(() => ShardSpec.Parse("4/4")).Message, StringComparison.Ordinal);
        Assert.Contains("I/N", Assert.Throws<TrialInputException>(() => ShardSpec.Parse("1-4")).Message, StringComparison.Ordinal);
        Assert.Contains("between 1", Assert.Throws<TrialInputException>(() => ShardSpec.Parse("0/0")).Message, StringComparison.Ordinal);
        Assert.Throws<TrialInputException>(() => ShardSpec.Parse("-1/4"));
    }

    [Fact]
    public void Shards_that_do_not_make_one_trial_are_named_and_nothing_is_written()
    {
        using var tmp = new TempDir();
        var o = TrialTestData.Small(tmp.Sub("x"), n: 30);
        var parts = RunShards(tmp, o, 3);
        var other = RunShards(tmp, o with { Seed = 99 }, 3, "seed99");
        string merged = tmp.Sub("merged");

        void Refused(IReadOnlyList<string> given, params string[] expected)
        {
            var ex = Assert.Throws<TrialInputException>(() => Shards().Merge(given, merged, writePictures: false));
            foreach (var e in expected) Assert.Contains(e, ex.Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(merged));
        }

        Refused([parts[0], parts[2]], "shard 1/3 missing");
        Refused([parts[0], parts[1], other[2]], other[2], "--seed: 99 versus 7");
        Refused([parts[0], parts[1], parts[1], parts[2]], "shard 1/3 is given twice");
        Refused([parts[0], parts[1], tmp.Sub("nowhere")], "nowhere: no such shard folder");
        Refused([parts[0], parts[1], tmp.Sub("x-not-a-part")], "x-not-a-part: no such shard folder");

        // Another program version: the manifest says which.
        var manifest = Path.Combine(parts[0], ShardPart.ManifestName);
        var json = JsonNode.Parse(File.ReadAllText(manifest))!;
        string saved = json.ToJsonString();
        json["Spec"]!["ProgramVersion"] = "0.0.1 (0000000000000000)";
        File.WriteAllText(manifest, json.ToJsonString());
        Refused(parts, "program version 0.0.1");
        File.WriteAllText(manifest, saved);

        // A results file cut short.
        var bin = Path.Combine(parts[1], ShardPart.ChunksName);
        var bytes = File.ReadAllBytes(bin);
        File.WriteAllBytes(bin, bytes[..(bytes.Length / 2)]);
        var cut = Assert.ThrowsAny<Exception>(() => Shards().Merge(parts, merged, writePictures: false));
        Assert.True(cut is TrialInputException or InvalidDataException or EndOfStreamException, cut.GetType().Name + ": " + cut.Message);
        Assert.False(Directory.Exists(merged));
    }

    [Fact]
    public void Chunk_results_survive_the_binary_form_bit_for_bit()
    {
        var o = TrialTestData.Small("unused", n: 10);
        var spec = TrialSpec.From(o, new AnalyticSubjectModelFactory().Name, 10);
        var runner = new TrialChunkRunner(new AnalyticSubjectModelFactory(), spec);
        var chunk = TrialPlan.Chunks(spec)[1];
        var result = runner.Run(chunk, threads: 2);
        var back = ChunkCodec.FromBytes(ChunkCodec.ToBytes(result), "test");
        Assert.Equal(result.Chunk, back.Chunk);
        for (int i = 0; i < result.Subjects.Length; i++)
        {
            var (a, b) = (result.Subjects[i], back.Subjects[i]);
            Assert.Equal(a.Subject, b.Subject);
            Assert.Equal(a.Covariates, b.Covariates);
            Assert.Equal(a.Parameters, b.Parameters);
            Assert.Equal(a.DailyMadrs, b.DailyMadrs);
            Assert.Equal(a.StoredOutputs, b.StoredOutputs);
            Assert.Equal(a.RatedVisits, b.RatedVisits);
            Assert.Equal(a.FirstResponseVisit, b.FirstResponseVisit);
            Assert.Equal(a.Failure, b.Failure);
        }
        // The same chunk on one thread, run again later, is the same.
        var again = runner.Run(chunk, threads: 1);
        Assert.Equal(ChunkCodec.ToBytes(result), ChunkCodec.ToBytes(again));
    }

    [Fact]
    public void A_chunk_carries_outputs_only_for_the_days_the_time_courses_store()
    {
        // Daily, weekly and no time courses: the same subjects, whose records keep the outputs of day 0 and every
        // interval after it (weekly: days 0, 7, 14, ...), or none; everything else is the same, and the chunk's bytes
        // (what crosses the wire or lands in a shard file) shrink with what is stored.
        var o = TrialTestData.Small("unused", n: 10);
        ChunkResult Run(int every)
        {
            var spec = TrialSpec.From(o with { TimecourseEveryDays = every }, new AnalyticSubjectModelFactory().Name, 10);
            return new TrialChunkRunner(new AnalyticSubjectModelFactory(), spec).Run(TrialPlan.Chunks(spec)[1], threads: 2);
        }
        var (daily, weekly, none) = (Run(1), Run(7), Run(0));
        var schedule = new TrialSchedule(o.Weeks);
        int k = new AnalyticSubjectModelFactory().CreateArm(o.Arms[0], o, PopulationFile.Default).Outputs.Count;
        Assert.True(k > 0);
        int weeks = schedule.StoredDays(7);
        Assert.Equal((schedule.DayCount + 6) / 7, weeks);
        for (int i = 0; i < daily.Subjects.Length; i++)
        {
            var (d, w, n) = (daily.Subjects[i], weekly.Subjects[i], none.Subjects[i]);
            Assert.Equal(schedule.DayCount * k, d.StoredOutputs.Length);
            Assert.Equal(weeks * k, w.StoredOutputs.Length);
            for (int r = 0; r < weeks; r++)
                for (int j = 0; j < k; j++)
                    Assert.Equal(BitConverter.DoubleToInt64Bits(d.StoredOutputs[7 * r * k + j]), BitConverter.DoubleToInt64Bits(w.StoredOutputs[r * k + j]));
            Assert.Empty(n.StoredOutputs);
            foreach (var other in new[] { w, n })
            {
                Assert.Equal(d.Parameters, other.Parameters);
                Assert.Equal(d.DailyMadrs, other.DailyMadrs);
                Assert.Equal(d.RatedVisits, other.RatedVisits);
            }
        }
        int bytesDaily = ChunkCodec.ToBytes(daily).Length, bytesWeekly = ChunkCodec.ToBytes(weekly).Length, bytesNone = ChunkCodec.ToBytes(none).Length;
        Assert.True(bytesNone < bytesWeekly && bytesWeekly < bytesDaily, $"chunk bytes: none {bytesNone}, weekly {bytesWeekly}, daily {bytesDaily}");
    }
}
