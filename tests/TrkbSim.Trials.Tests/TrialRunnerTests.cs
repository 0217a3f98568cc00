using TrkbSim.Trials.Output;

namespace TrkbSim.Trials.Tests;

public class TrialRunnerTests
{
    [Fact]
    public void Summary_is_byte_identical_for_one_and_four_threads()
    {
        using var tmp = new TempDir();
        var one = TrialTestData.Runner(batch: 37).Run(TrialTestData.Small(tmp.Sub("t1"), threads: 1));
        var four = TrialTestData.Runner(batch: 50).Run(TrialTestData.Small(tmp.Sub("t4"), threads: 4));
        foreach (var file in new[] { "summary.csv", "time_to_response.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(one.OutputDirectory, file)), File.ReadAllBytes(Path.Combine(four.OutputDirectory, file)));
        const string sql = "SELECT arm, subject, week, madrs_true, madrs_rated FROM weekly_scores ORDER BY arm, subject, week";
        var a = TrialDatabase.Query(one.DatabasePath, sql);
        var b = TrialDatabase.Query(four.DatabasePath, sql);
        Assert.Equal(a.ToCsv(), b.ToCsv());
    }

    [Fact]
    public void A_different_seed_gives_different_subjects()
    {
        using var tmp = new TempDir();
        var o = TrialTestData.Small(tmp.Sub("a"), n: 40);
        var a = TrialTestData.Runner().Run(o);
        var b = TrialTestData.Runner().Run(o with { Seed = 8, OutputDirectory = tmp.Sub("b") });
        Assert.NotEqual(File.ReadAllText(Path.Combine(a.OutputDirectory, "summary.csv")), File.ReadAllText(Path.Combine(b.OutputDirectory, "summary.csv")));
    }

    [Fact]
    public void Database_round_trip_agrees_with_the_summary()
    {
        using var tmp = new TempDir();
        var r = TrialTestData.Runner().Run(TrialTestData.Small(tmp.Sub("out"), n: 90, weeks: 3));
        Assert.True(File.Exists(Path.Combine(r.OutputDirectory, "trial.duckdb")));
        var counts = TrialDatabase.Query(r.DatabasePath, "SELECT arm, count(*) AS n FROM subjects GROUP BY arm ORDER BY arm");
        Assert.Equal(["control", "fluoxetine", "ketamine"], counts.Rows.Select(x => (string)x[0]!).ToArray());
        Assert.All(counts.Rows, x => Assert.Equal(90L, Convert.ToInt64(x[1])));

        // Daily time course: 3 weeks -> days 0..21 for every subject.
        var days = TrialDatabase.Query(r.DatabasePath, "SELECT count(*) FROM timecourses");
        Assert.Equal(3L * 90 * 22, Convert.ToInt64(days.Rows[0][0]));

        // Response rate recomputed in SQL from the stored rated scores equals the summary row.
        var sql = TrialDatabase.Query(r.DatabasePath,
            "SELECT arm, week, avg(CASE WHEN response THEN 1.0 ELSE 0.0 END) AS rr, avg(madrs_rated) AS m FROM weekly_scores GROUP BY arm, week ORDER BY arm, week");
        foreach (var row in sql.Rows)
        {
            var s = r.Summary.Single(x => x.Arm == (string)row[0]! && Math.Abs(x.Week - (double)row[1]!) < 1e-12);
            Assert.Equal(s.ResponseRate, Convert.ToDouble(row[2]), 12);
            Assert.Equal(s.MeanMadrs, Convert.ToDouble(row[3]), 9);
        }

        // Parquet and CSV exports read back through DuckDB.
        string parquet = Path.Combine(r.OutputDirectory, "summary.parquet").Replace("'", "''");
        var back = TrialDatabase.Query(r.DatabasePath, $"SELECT count(*) FROM read_parquet('{parquet}')");
        Assert.Equal((long)r.Summary.Count, Convert.ToInt64(back.Rows[0][0]));
        string csvOut = Path.Combine(tmp.Path, "ketamine.csv");
        TrialDatabase.Export(r.DatabasePath, "SELECT * FROM weekly_scores WHERE arm = 'ketamine'", csvOut);
        Assert.Equal(90 * 5 + 1, File.ReadAllLines(csvOut).Length); // header + 90 subjects x visits (0, day 1, weeks 1-3)
    }

    [Theory]
    [InlineData("weekly", 7)]
    [InlineData("none", 0)]
    public void Time_courses_can_be_stored_weekly_or_not_at_all_without_changing_the_results(string choice, int every)
    {
        using var tmp = new TempDir();
        Assert.Equal(every, TrialOptions.ParseTimecourses(choice));
        var daily = TrialTestData.Runner().Run(TrialTestData.Small(tmp.Sub("daily"), n: 40, weeks: 3));
        var fewer = TrialTestData.Runner().Run(TrialTestData.Small(tmp.Sub(choice), n: 40, weeks: 3) with { TimecourseEveryDays = every });
        foreach (var file in new[] { "summary.csv", "time_to_response.csv", "madrs_percentiles.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(daily.OutputDirectory, file)), File.ReadAllBytes(Path.Combine(fewer.OutputDirectory, file)));
        var days = TrialDatabase.Query(fewer.DatabasePath, "SELECT DISTINCT day FROM timecourses ORDER BY day").Rows.Select(r => Convert.ToInt32(r[0])).ToArray();
        Assert.Equal(every == 0 ? [] : new[] { 0, 7, 14, 21 }, days);
        // The stored rows are those of the daily run on the same days.
        const string sql = "SELECT * FROM timecourses WHERE day % 7 = 0 ORDER BY arm, subject, day";
        if (every > 0)
            Assert.Equal(TrialDatabase.Query(daily.DatabasePath, sql).ToCsv(), TrialDatabase.Query(fewer.DatabasePath, sql).ToCsv());
        var info = TrialDatabase.Query(fewer.DatabasePath, "SELECT value FROM run_info WHERE key = 'timecourses'");
        Assert.Equal(choice, (string)info.Rows.Single()[0]!);
        Assert.True(File.Exists(Path.Combine(fewer.OutputDirectory, "timecourses.parquet")));
    }

    [Fact]
    public void An_unknown_time_course_choice_names_the_allowed_ones()
    {
        var ex = Assert.Throws<TrialInputException>(() => TrialOptions.ParseTimecourses("hourly"));
        Assert.Equal("--timecourses hourly: use daily, weekly or none", ex.Message);
        var bad = TrialTestData.Small("unused", n: 10) with { TimecourseEveryDays = 3 };
        Assert.Throws<TrialInputException>(bad.Validate);
    }

    [Fact]
    public void Percentile_table_agrees_with_quantile_cont_over_the_stored_time_courses()
    {
        using var tmp = new TempDir();
        var r = TrialTestData.Runner().Run(TrialTestData.Small(tmp.Sub("out"), n: 300, weeks: 2));
        var exact = TrialDatabase.Query(r.DatabasePath, """
            SELECT arm, day, time_h, quantile_cont(madrs, 0.05), quantile_cont(madrs, 0.25), quantile_cont(madrs, 0.5),
              quantile_cont(madrs, 0.75), quantile_cont(madrs, 0.95), count(*)
            FROM timecourses GROUP BY arm, day, time_h ORDER BY arm, day
            """);
        var table = TrialDatabase.Query(r.DatabasePath, "SELECT arm, day, time_h, p05, p25, p50, p75, p95, n FROM madrs_percentiles");
        Assert.Equal(3 * 15, table.Rows.Count);
        Assert.Equal(exact.Rows.Count, table.Rows.Count);
        double binWidth = 60.0 / TrialRunner.PercentileBins;
        int exactHits = 0;
        for (int i = 0; i < exact.Rows.Count; i++)
        {
            var (e, t) = (exact.Rows[i], table.Rows[i]);
            Assert.Equal((string)e[0]!, (string)t[0]!); // same order: by arm, then day
            Assert.Equal(Convert.ToInt32(e[1]), Convert.ToInt32(t[1]));
            Assert.Equal(Convert.ToDouble(e[2]), Convert.ToDouble(t[2]));
            Assert.Equal(Convert.ToInt64(e[8]), Convert.ToInt64(t[8]));
            for (int k = 3; k <= 7; k++)
            {
                double diff = Math.Abs(Convert.ToDouble(e[k]) - Convert.ToDouble(t[k]));
                Assert.InRange(diff, 0, binWidth);
                if (diff == 0) exactHits++;
            }
        }
        Assert.True(exactHits > 0); // with 300 subjects most bins hold one or two values, so many percentiles are exact
    }

    [Fact]
    public void Ketamine_stand_in_responds_at_day_one_and_fluoxetine_later()
    {
        using var tmp = new TempDir();
        var r = TrialTestData.Runner().Run(TrialTestData.Small(tmp.Sub("out"), n: 200, weeks: 4));
        double Rate(string arm, double week) => r.Summary.Single(x => x.Arm == arm && Math.Abs(x.Week - week) < 1e-9).ResponseRate;
        Assert.True(Rate("ketamine", 1.0 / 7) > Rate("control", 1.0 / 7) + 0.2);
        Assert.True(Rate("fluoxetine", 4) > Rate("control", 4));
        Assert.All(r.Summary.Where(x => x.Week == 0), x => Assert.Equal(0, x.ResponseRate));
    }

    [Fact]
    public void Pictures_and_report_are_written()
    {
        using var tmp = new TempDir();
        var r = TrialTestData.Runner().Run(TrialTestData.Small(tmp.Sub("out"), n: 30, weeks: 2) with { WritePictures = true });
        foreach (var f in new[] { "madrs_bands.png", "responders.png", "time_to_response.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(r.OutputDirectory, f));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]); // PNG signature
        }
        string html = File.ReadAllText(Path.Combine(r.OutputDirectory, "report.html"));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("</html>", html);
    }

    [Fact]
    public void Progress_reaches_all_subjects()
    {
        using var tmp = new TempDir();
        long last = 0, total = 0;
        var progress = new SyncProgress(p => { last = Math.Max(last, p.SubjectsDone); total = p.SubjectsTotal; });
        TrialTestData.Runner().Run(TrialTestData.Small(tmp.Sub("out"), n: 64, weeks: 1), progress);
        Assert.Equal(3 * 64, total);
        Assert.Equal(total, last);
    }

    sealed class SyncProgress(Action<Running.TrialProgress> report) : IProgress<Running.TrialProgress>
    {
        readonly Lock _gate = new();
        public void Report(Running.TrialProgress value) { lock (_gate) report(value); }
    }
}
