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

    [Fact]
    public async Task Parquet_time_courses_hold_what_the_simulation_produced()
    {
        using var tmp = new TempDir();
        var options = TrialTestData.Small(tmp.Sub("out"), n: 70, weeks: 2);
        var factory = new AnalyticSubjectModelFactory();
        var r = new TrialRunner(factory) { BatchSize = 16 }.Run(options);
        var schedule = new TrialSchedule(options.Weeks);
        var population = PopulationFile.Load(null);
        var read = await ReadTimecourses(Path.Combine(r.OutputDirectory, "timecourses.parquet"));
        Assert.Equal(3 * 70 * schedule.DayCount, read.Subject.Length);

        int checkedRows = 0;
        for (int armIndex = 0; armIndex < options.Arms.Count; armIndex++)
        {
            var arm = factory.CreateArm(options.Arms[armIndex], options, population);
            var sampler = new SubjectSampler(population, arm.Parameters);
            foreach (long subject in new long[] { 0, 17, 69 })
            {
                var s = TrialRunner.SimulateSubject(arm.CreateSimulator(), sampler, arm, schedule, options.Seed, armIndex, subject,
                    population.RatingNoiseSd.Value);
                Assert.Null(s.Failure);
                for (int d = 0; d < schedule.DayCount; d++)
                {
                    var rows = Enumerable.Range(0, read.Subject.Length)
                        .Where(i => read.Arm[i] == arm.Arm.Label && read.Subject[i] == subject && read.Day[i] == d).ToList();
                    int row = Assert.Single(rows);
                    Assert.Equal(schedule.TimesHours[d], read.TimeH[row]);
                    Assert.Equal(s.DailyMadrs[d], read.Madrs[row]);
                    for (int j = 0; j < arm.Outputs.Count; j++)
                        Assert.Equal(s.DailyOutputs[d * arm.Outputs.Count + j], read.Outputs[arm.Outputs[j]][row]);
                    checkedRows++;
                }
            }
        }
        Assert.Equal(3 * 3 * schedule.DayCount, checkedRows);
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
    public void A_defect_after_batches_were_streamed_leaves_nothing()
    {
        using var tmp = new TempDir();
        var runner = new TrialRunner(new FailingLaterFactory(failAtSubject: 45)) { BatchSize = 8 };
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

    /// <summary>The stand-in model whose simulators throw a defect (not a subject failure) at one subject of the second arm.</summary>
    sealed class FailingLaterFactory(int failAtSubject) : ISubjectModelFactory
    {
        readonly AnalyticSubjectModelFactory _inner = new();
        int _arms;
        public string Name => "failing later";
        public IArmModel CreateArm(ArmSpec arm, TrialOptions options, PopulationSpec population) =>
            new WrappedArm(_inner.CreateArm(arm, options, population), Interlocked.Increment(ref _arms) == 2, failAtSubject);

        sealed class WrappedArm(IArmModel inner, bool fails, int failAt) : IArmModel
        {
            int _calls;
            public ArmSpec Arm => inner.Arm;
            public IReadOnlyList<string> Compounds => inner.Compounds;
            public IReadOnlyList<SubjectParameter> Parameters => inner.Parameters;
            public IReadOnlyList<string> Outputs => inner.Outputs;
            public ISubjectModel CreateSimulator() => new Sim(inner.CreateSimulator(), this);
            public bool Fail() => fails && Interlocked.Increment(ref _calls) > failAt;
        }

        sealed class Sim(ISubjectModel inner, WrappedArm arm) : ISubjectModel
        {
            public void Simulate(ReadOnlySpan<double> p, ReadOnlySpan<double> t, Span<double> m, Span<double> o)
            {
                if (arm.Fail()) throw new InvalidOperationException("defect");
                inner.Simulate(p, t, m, o);
            }
        }
    }
}
