using TrkbSim.Trials.Models;
using TrkbSim.Trials.Output;

namespace TrkbSim.Trials.Tests;

public class MechanismTrialTests
{
    static TrialOptions Options(string outDir, int threads) => new()
    {
        Arms = [ArmSpec.Parse("fluoxetine: fluoxetine 20mg oral every 24h"), ArmSpec.Parse("placebo: placebo")],
        SubjectsPerArm = 24,
        Weeks = 3,
        Seed = 11,
        Threads = threads,
        OutputDirectory = outDir,
        WritePictures = false,
    };

    [Fact]
    public void Mechanism_trial_is_identical_for_one_and_three_threads()
    {
        using var tmp = new TempDir();
        var factory = new MechanismSubjectModelFactory();
        var a = new TrialRunner(factory) { BatchSize = 10 }.Run(Options(tmp.Sub("a"), 1));
        var b = new TrialRunner(factory) { BatchSize = 16 }.Run(Options(tmp.Sub("b"), 3));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a.OutputDirectory, "summary.csv")), File.ReadAllBytes(Path.Combine(b.OutputDirectory, "summary.csv")));
        Assert.Equal(0, a.SubjectsFailed);
        // Fluoxetine exposure reaches plasma and brain; the placebo arm has none.
        var q = TrialDatabase.Query(a.DatabasePath,
            "SELECT arm, max(plasma_fluoxetine_nM) AS p, max(brain_fluoxetine_nM) AS b FROM timecourses GROUP BY arm ORDER BY arm");
        Assert.True(Convert.ToDouble(q.Rows[0][1]) > 10);
        Assert.True(Convert.ToDouble(q.Rows[0][2]) > Convert.ToDouble(q.Rows[0][1]));
        Assert.Null(q.Rows[1][1]);
    }

    [Fact]
    public void Subjects_differ_through_their_parameters_only()
    {
        using var tmp = new TempDir();
        var r = new TrialRunner(new MechanismSubjectModelFactory()).Run(Options(tmp.Sub("a"), 2) with { SubjectsPerArm = 12 });
        // Subjects share one compiled model; their set clearance (per kg x body weight) must show in their plasma levels.
        var q = TrialDatabase.Query(r.DatabasePath, """
            SELECT s.subject, s.param_fluoxetine_CL_per_kg * s.body_weight_kg AS cl, avg(t.plasma_fluoxetine_nM) AS c
            FROM subjects s JOIN timecourses t ON t.arm = s.arm AND t.subject = s.subject
            WHERE s.arm = 'fluoxetine' AND t.day >= 14 GROUP BY ALL ORDER BY cl
            """);
        Assert.Equal(12, q.Rows.Count);
        double lowClC = Convert.ToDouble(q.Rows[0][2]), highClC = Convert.ToDouble(q.Rows[^1][2]);
        Assert.True(lowClC > highClC, $"lowest clearance gives {lowClC} nM, highest {highClC} nM");
    }

    [Fact]
    public void Unknown_regimen_compound_is_a_trial_input_error()
    {
        using var tmp = new TempDir();
        var o = Options(tmp.Sub("a"), 1) with { Arms = [ArmSpec.Parse("x: aspirin 100mg oral every 24h")] };
        var ex = Assert.Throws<TrialInputException>(() => new TrialRunner(new MechanismSubjectModelFactory()).Run(o));
        Assert.Contains("aspirin", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }
}
