using TrkbSim.Analysis.Randomness;
using TrkbSim.Trials.Models;
using TrkbSim.Trials.Population;
using TrkbSim.Trials.Randomness;
using TrkbSim.Trials.Running;

namespace TrkbSim.Trials.Tests;

public class RandomStreamTests
{
    [Fact]
    public void SplitMix64_matches_reference_sequence()
    {
        // Reference outputs of SplitMix64 seeded with 1234567 (Vigna's splitmix64.c).
        var sm = new SplitMix64(1234567);
        Assert.Equal(6457827717110365317UL, sm.Next());
        Assert.Equal(3203168211198807973UL, sm.Next());
        Assert.Equal(9817491932198370423UL, sm.Next());
    }

    [Fact]
    public void Same_coordinates_give_same_stream_regardless_of_creation_order()
    {
        var coords = Enumerable.Range(0, 50).Select(i => (arm: i % 3, subject: (long)i * 7)).ToList();
        var forward = coords.ToDictionary(c => c, c => Take(new SubjectRandom(42, c.arm, c.subject), 8));
        var shuffled = coords.OrderBy(c => SplitMix64.Mix((ulong)c.subject)).ToList();
        foreach (var c in shuffled)
            Assert.Equal(forward[c], Take(new SubjectRandom(42, c.arm, c.subject), 8));
    }

    [Fact]
    public void Different_coordinates_give_different_streams()
    {
        var firsts = new HashSet<ulong>();
        for (int arm = 0; arm < 4; arm++)
            for (long s = 0; s < 1000; s++)
                Assert.True(firsts.Add(new SubjectRandom(42, arm, s).NextUInt64()));
        Assert.NotEqual(new SubjectRandom(42, 0, 0).NextUInt64(), new SubjectRandom(43, 0, 0).NextUInt64());
        Assert.NotEqual(new SubjectRandom(42, 1, 0).NextUInt64(), new SubjectRandom(42, 0, 1).NextUInt64());
    }

    [Fact]
    public void Normal_draws_have_unit_variance_and_uniforms_fill_the_interval()
    {
        var r = new SubjectRandom(1, 0, 0);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++) { double z = r.NextNormal(); sum += z; sumSq += z * z; }
        double mean = sum / n, variance = sumSq / n - mean * mean;
        Assert.InRange(mean, -0.01, 0.01);          // SE 0.0022
        Assert.InRange(variance, 0.985, 1.015);     // SE 0.0032
        var bins = new int[10];
        for (int i = 0; i < n; i++) bins[(int)(r.NextDouble() * 10)]++;
        Assert.All(bins, b => Assert.InRange(b, n / 10 * 0.97, n / 10 * 1.03));
    }

    [Fact]
    public void Subject_results_do_not_depend_on_simulation_order()
    {
        var pop = PopulationFile.Default;
        var options = TrialTestData.Small("unused");
        var arm = new AnalyticSubjectModelFactory().CreateArm(options.Arms[0], options, pop);
        var sampler = new SubjectSampler(pop, arm.Parameters);
        var schedule = new TrialSchedule(4);
        var sim = arm.CreateSimulator();
        var inOrder = Enumerable.Range(0, 30).Select(i => TrialRunner.SimulateSubject(sim, sampler, arm, schedule, 9, 0, i, 3)).ToList();
        var reversed = Enumerable.Range(0, 30).Reverse().Select(i => TrialRunner.SimulateSubject(sim, sampler, arm, schedule, 9, 0, i, 3))
            .OrderBy(r => r.Subject).ToList();
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(inOrder[i].Parameters, reversed[i].Parameters);
            Assert.Equal(inOrder[i].RatedVisits, reversed[i].RatedVisits);
            Assert.Equal(inOrder[i].DailyMadrs, reversed[i].DailyMadrs);
            Assert.Equal(inOrder[i].Covariates, reversed[i].Covariates);
        }
    }

    static ulong[] Take(SubjectRandom r, int n) => Enumerable.Range(0, n).Select(_ => r.NextUInt64()).ToArray();
}
