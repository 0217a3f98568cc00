using Parquet;
using Parquet.Schema;
using TrkbSim.Trials.Models;
using TrkbSim.Trials.Output;
using TrkbSim.Trials.Population;
using TrkbSim.Trials.Running;

namespace TrkbSim.Trials.Tests;

/// <summary>
/// The per-subject tables streamed to Parquet while subjects run (issue 17): the results are those of the code that
/// appended them to DuckDB, the files hold what the simulation produced, the database reads them through views from
/// anywhere, and a run that fails or is cancelled midway leaves nothing behind.
/// </summary>
public class StreamedOutputTests
{
    static readonly string BranchPoint = Path.Combine(AppContext.BaseDirectory, "Data", "BranchPoint");

    /// <summary>The options of the reference run in Data/BranchPoint, made by the code before streaming.</summary>
    static TrialOptions ReferenceOptions(string outDir) => new()
    {
        Arms = [ArmSpec.Parse("fluoxetine: fluoxetine 20mg oral every 24h"), ArmSpec.Parse("placebo: placebo")],
        SubjectsPerArm = 150,
        Weeks = 4,
        Seed = 42,
        Threads = 2,
        OutputDirectory = outDir,
        WritePictures = false,
    };

    [Fact]
    public void Results_are_those_of_the_code_that_appended_to_the_database()
    {
        // Data/BranchPoint: `trkbsim trial --arm "fluoxetine: fluoxetine 20mg oral every 24h" --arm "placebo: placebo"
        // --n 150 --weeks 4 --seed 42 --threads 2` run by the code before time courses were streamed to Parquet, and
        // `trkbsim query OUT "SELECT * FROM timecourses WHERE subject IN (0, 77, 149) ORDER BY arm, subject, day" --csv`.
        using var tmp = new TempDir();
        var r = new TrialRunner(new MechanismSubjectModelFactory()) { BatchSize = 64 }.Run(ReferenceOptions(tmp.Sub("out")));
        // Byte-identical when made; the files carry full-precision numbers, so they now show the last-bit changes of later
        // numerics (whole powers 5-8 taken as products instead of Math.Pow: the fast window's x^5). So: the same rows and
        // columns, the same text where a field is not a number, and numbers within 1e-12 relative.
        foreach (var file in new[] { "summary.csv", "time_to_response.csv", "madrs_percentiles.csv" })
            AssertCsvEqualWithin(File.ReadAllText(Path.Combine(BranchPoint, file)), File.ReadAllText(Path.Combine(r.OutputDirectory, file)), 1e-12);
        var rows = TrialDatabase.Query(r.DatabasePath, "SELECT * FROM timecourses WHERE subject IN (0, 77, 149) ORDER BY arm, subject, day");
        AssertCsvEqualWithin(File.ReadAllText(Path.Combine(BranchPoint, "timecourses-subjects-0-77-149.csv")), rows.ToCsv(), 1e-12);
    }

    static void AssertCsvEqualWithin(string expected, string actual, double relative)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        Assert.Equal(e.Length, a.Length);
        Assert.Equal(e[0], a[0]);
        for (int i = 1; i < e.Length; i++)
        {
            var ef = e[i].Split(',');
            var af = a[i].Split(',');
            Assert.Equal(ef.Length, af.Length);
            for (int j = 0; j < ef.Length; j++)
            {
                var inv = System.Globalization.CultureInfo.InvariantCulture;
                if (double.TryParse(ef[j], System.Globalization.NumberStyles.Float, inv, out double x)
                    && double.TryParse(af[j], System.Globalization.NumberStyles.Float, inv, out double y))
                {
                    double d = Math.Abs(x - y) / Math.Max(Math.Abs(x), 1e-300);
                    Assert.True(x == y || d <= relative, $"line {i + 1}, field {j + 1} ({e[0].Split(',')[j]}): {ef[j]} against {af[j]}");
                }
                else Assert.Equal(ef[j], af[j]);
            }
        }
    }

    [Theory]
    [InlineData(70, 1, new long[] { 0, 17, 69 })]
    // 3 x 1,500 subjects x 15 days: the first row group (65,536 rows) ends after day 0 of the third arm's subject 1,369.
    [InlineData(1500, 1, new long[] { 0, 1368, 1369, 1370, 1499 })]
    [InlineData(1500, 7, new long[] { 0, 1499 })]
    public async Task Parquet_time_courses_hold_what_the_simulation_produced(int n, int everyDays, long[] subjects)
    {
        using var tmp = new TempDir();
        var options = TrialTestData.Small(tmp.Sub("out"), n: n, weeks: 2) with { TimecourseEveryDays = everyDays };
        var factory = new AnalyticSubjectModelFactory();
        var r = new TrialRunner(factory) { BatchSize = 16 }.Run(options);
        var schedule = new TrialSchedule(options.Weeks);
        var population = PopulationFile.Load(null);
        var read = await ReadTimecourses(Path.Combine(r.OutputDirectory, "timecourses.parquet"));
        int stored = (schedule.DayCount + everyDays - 1) / everyDays;
        Assert.Equal(3 * n * stored, read.Subject.Length);
        // Memory stays bounded: every row group but the last is exactly full.
        await using (var reader = await ParquetReader.CreateAsync(Path.Combine(r.OutputDirectory, "timecourses.parquet")))
        {
            var groups = Enumerable.Range(0, reader.RowGroupCount).Select(g => { using var x = reader.OpenRowGroupReader(g); return x.RowCount; }).ToList();
            Assert.Equal(Enumerable.Repeat((long)SubjectTables.LongTableRowGroupRows, groups.Count - 1), groups.Take(groups.Count - 1));
            Assert.Equal(read.Subject.Length, groups.Sum());
        }

        int checkedRows = 0;
        for (int armIndex = 0; armIndex < options.Arms.Count; armIndex++)
        {
            var arm = factory.CreateArm(options.Arms[armIndex], options, population);
            var sampler = new SubjectSampler(population, arm.Parameters);
            foreach (long subject in subjects)
            {
                var s = TrialRunner.SimulateSubject(arm.CreateSimulator(), sampler, arm, schedule, options.Seed, armIndex, subject,
                    population.RatingNoiseSd.Value);
                Assert.Null(s.Failure);
                for (int k = 0; k < stored; k++)
                {
                    // Rows are in arm, subject, day order, whatever row group they fall in.
                    int row = (int)((armIndex * n + subject) * stored + k), d = k * everyDays;
                    Assert.Equal((arm.Arm.Label, subject, d), (read.Arm[row], read.Subject[row], read.Day[row]));
                    Assert.Equal(schedule.TimesHours[d], read.TimeH[row]);
                    Assert.Equal(s.DailyMadrs[d], read.Madrs[row]);
                    for (int j = 0; j < arm.Outputs.Count; j++)
                        Assert.Equal(s.StoredOutputs[d * arm.Outputs.Count + j], read.Outputs[arm.Outputs[j]][row]);
                    checkedRows++;
                }
            }
        }
        Assert.Equal(3 * subjects.Length * stored, checkedRows);
    }

    [Fact]
    public void Queries_read_the_parquet_tables_wherever_the_folder_moves_and_whatever_the_working_folder_holds()
    {
        using var tmp = new TempDir();
        var r = TrialTestData.Runner().Run(TrialTestData.Small(tmp.Sub("out"), n: 30, weeks: 2));
        foreach (var table in TrialDatabase.ParquetTables)
            Assert.True(File.Exists(Path.Combine(r.OutputDirectory, table + ".parquet")), table);
        string moved = tmp.Sub("moved");
        Directory.Move(r.OutputDirectory, moved);
        string db = Path.Combine(moved, TrialDatabase.FileName);

        // A file of the same name in the working folder must not be read instead of the trial's own.
        string decoy = Path.Combine(Directory.GetCurrentDirectory(), "timecourses.parquet");
        bool placed = !File.Exists(decoy);
        if (placed) File.Copy(Path.Combine(moved, "summary.parquet"), decoy);
        try
        {
            Assert.Equal(3L * 30 * 15, Convert.ToInt64(TrialDatabase.Query(db, "SELECT count(*) FROM timecourses").Rows[0][0]));
            var joined = TrialDatabase.Query(db, """
                SELECT s.arm, count(*) FROM subjects s JOIN weekly_scores w ON s.arm = w.arm AND s.subject = w.subject
                WHERE w.week = 0 AND w.madrs_rated = s.baseline_madrs_rated GROUP BY s.arm ORDER BY s.arm
                """);
            Assert.Equal(["control", "fluoxetine", "ketamine"], joined.Rows.Select(x => (string)x[0]!).ToArray());
            Assert.All(joined.Rows, x => Assert.Equal(30L, Convert.ToInt64(x[1])));
            string csv = tmp.Sub("tc.csv");
            TrialDatabase.Export(db, "SELECT * FROM timecourses WHERE day = 14", csv);
            Assert.Equal(1 + 3 * 30, File.ReadAllLines(csv).Length);
        }
        finally
        {
            if (placed) File.Delete(decoy);
        }
    }

    [Fact]
    public void Failed_subjects_are_stored_with_their_message_and_nulls_where_they_have_no_value()
    {
        // Every third simulation of the fluoxetine arm fails as a solver would: the subject is kept with status
        // 'failed', its message, no rated baseline and no first response, and it has no time courses.
        using var tmp = new TempDir();
        var r = new TrialRunner(FailingFactory.SubjectFailures(every: 3)) { BatchSize = 8 }.Run(TrialTestData.Small(tmp.Sub("out"), n: 30, weeks: 2));
        Assert.Equal(10L, r.SubjectsFailed);
        var subjects = TrialDatabase.Query(r.DatabasePath,
            "SELECT arm, status, failure, baseline_madrs_rated IS NULL, first_response_week IS NULL, sex IS NULL, body_weight_kg IS NULL " +
            "FROM subjects ORDER BY arm_index, subject");
        Assert.Equal(90, subjects.Rows.Count);
        var failed = subjects.Rows.Where(x => (string)x[1]! == "failed").ToList();
        Assert.Equal(10, failed.Count);
        Assert.All(failed, x =>
        {
            Assert.Equal("fluoxetine", x[0]);
            Assert.Equal(FailingFactory.SolverMessage, x[2]);
            Assert.Equal(true, x[3]);
            Assert.Equal(true, x[4]);
            Assert.Equal(false, x[5]); // covariates were drawn before the simulation
            Assert.Equal(false, x[6]);
        });
        Assert.All(subjects.Rows.Where(x => (string)x[1]! == "ok"), x =>
        {
            Assert.Null(x[2]);
            Assert.Equal(false, x[3]);
        });
        Assert.Equal(80L * 15, Convert.ToInt64(TrialDatabase.Query(r.DatabasePath, "SELECT count(*) FROM timecourses").Rows[0][0]));
        Assert.Equal(0L, Convert.ToInt64(TrialDatabase.Query(r.DatabasePath,
            "SELECT count(*) FROM timecourses t JOIN subjects s ON s.arm = t.arm AND s.subject = t.subject WHERE s.status = 'failed'").Rows[0][0]));
        // A parameter only the fluoxetine arm has is null in the other arms' rows and present in all of its own.
        var nulls = TrialDatabase.Query(r.DatabasePath,
            "SELECT arm, count(*) FILTER (WHERE param_clearance_fluoxetine IS NULL) FROM subjects GROUP BY arm ORDER BY arm");
        Assert.Equal(["control", "fluoxetine", "ketamine"], nulls.Rows.Select(x => (string)x[0]!).ToArray());
        Assert.Equal([30L, 0L, 30L], nulls.Rows.Select(x => Convert.ToInt64(x[1])).ToArray());
    }

    [Fact]
    public void A_defect_after_batches_were_streamed_leaves_nothing()
    {
        using var tmp = new TempDir();
        var runner = new TrialRunner(FailingFactory.DefectAfter(45)) { BatchSize = 8 };
        Assert.Throws<InvalidOperationException>(() => runner.Run(TrialTestData.Small(tmp.Sub("out"), n: 60, weeks: 2)));
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void A_cancelled_run_leaves_nothing()
    {
        using var tmp = new TempDir();
        using var stop = new CancellationTokenSource();
        var progress = new CancelAfter(stop, subjects: 100);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            TrialTestData.Runner(batch: 16).Run(TrialTestData.Small(tmp.Sub("out"), n: 200, weeks: 2), progress, stop.Token));
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    sealed class CancelAfter(CancellationTokenSource stop, long subjects) : IProgress<TrialProgress>
    {
        public void Report(TrialProgress value)
        {
            if (value.SubjectsDone >= subjects) stop.Cancel();
        }
    }

    sealed record Timecourses(string[] Arm, long[] Subject, int[] Day, double[] TimeH, double?[] Madrs, Dictionary<string, double?[]> Outputs);

    /// <summary>Reads timecourses.parquet with the Parquet library (not DuckDB).</summary>
    static async Task<Timecourses> ReadTimecourses(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.DataFields;
        string[] fixedNames = ["arm", "subject", "day", "time_h", "madrs"];
        var arm = new List<string>(); var subject = new List<long>(); var day = new List<int>(); var time = new List<double>(); var madrs = new List<double?>();
        var outputs = fields.Where(f => !fixedNames.Contains(f.Name)).ToDictionary(f => f.Name, _ => new List<double?>());
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int rows = checked((int)group.RowCount);
            async Task<T[]> Required<T>(string name) where T : struct
            {
                var values = new T[rows];
                await group.ReadAsync<T>(Field(name), values.AsMemory(), null, CancellationToken.None);
                return values;
            }
            async Task<double?[]> Optional(string name)
            {
                var values = new double?[rows];
                await group.ReadAsync<double>(Field(name), values.AsMemory(), null, CancellationToken.None);
                return values;
            }
            var text = new string?[rows];
            await group.ReadAsync(Field("arm"), text.AsMemory(), null, CancellationToken.None);
            arm.AddRange(text.Select(t => t!));
            subject.AddRange(await Required<long>("subject"));
            day.AddRange(await Required<int>("day"));
            time.AddRange(await Required<double>("time_h"));
            madrs.AddRange(await Optional("madrs"));
            foreach (var (name, list) in outputs) list.AddRange(await Optional(name));
        }
        return new Timecourses([.. arm], [.. subject], [.. day], [.. time], [.. madrs], outputs.ToDictionary(o => o.Key, o => o.Value.ToArray()));

        DataField Field(string name) => fields.Single(f => f.Name == name);
    }

    /// <summary>
    /// The analytic stand-in model with one arm (1-based <c>arm</c>) whose simulations throw <c>error</c> when
    /// <c>fails</c> holds for the simulation's 1-based call number in that arm.
    /// </summary>
    sealed class FailingFactory(int arm, Func<int, bool> fails, Func<Exception> error) : ISubjectModelFactory
    {
        public const string SolverMessage = "step size fell below its minimum at t = 12.5 h (stand-in failure)";
        readonly AnalyticSubjectModelFactory _inner = new();
        int _arms;

        /// <summary>Every <paramref name="every"/>-th subject of the first arm fails as a solver would.</summary>
        public static FailingFactory SubjectFailures(int every) => new(1, call => call % every == 0, () => new SubjectSimulationException(SolverMessage));

        /// <summary>A defect (not a subject failure) from the <paramref name="after"/>-th subject of the second arm on.</summary>
        public static FailingFactory DefectAfter(int after) => new(2, call => call > after, () => new InvalidOperationException("defect"));

        public string Name => "failing stand-in";
        public IArmModel CreateArm(ArmSpec spec, TrialOptions options, PopulationSpec population) =>
            new FailingArm(_inner.CreateArm(spec, options, population), Interlocked.Increment(ref _arms) == arm ? fails : null, error);

        sealed class FailingArm(IArmModel inner, Func<int, bool>? fails, Func<Exception> error) : IArmModel
        {
            int _calls;
            public ArmSpec Arm => inner.Arm;
            public IReadOnlyList<string> Compounds => inner.Compounds;
            public IReadOnlyList<SubjectParameter> Parameters => inner.Parameters;
            public IReadOnlyList<string> Outputs => inner.Outputs;
            public ISubjectModel CreateSimulator() => new Sim(inner.CreateSimulator(), this);
            public Exception? Failure() => fails is not null && fails(Interlocked.Increment(ref _calls)) ? error() : null;
        }

        sealed class Sim(ISubjectModel inner, FailingArm arm) : ISubjectModel
        {
            public void Simulate(ReadOnlySpan<double> p, ReadOnlySpan<double> t, Span<double> m, Span<double> o)
            {
                if (arm.Failure() is { } e) throw e;
                inner.Simulate(p, t, m, o);
            }
        }
    }
}
