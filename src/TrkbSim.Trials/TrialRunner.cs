using TrkbSim.Pharmacology.Compounds;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using TrkbSim.Modeling.Files;
using TrkbSim.Trials.Models;
using TrkbSim.Trials.Output;
using TrkbSim.Trials.Population;
using TrkbSim.Trials.Randomness;
using TrkbSim.Trials.Running;
using TrkbSim.Trials.Statistics;

namespace TrkbSim.Trials;

/// <summary>
/// Runs a virtual trial: builds one model per arm (arms compiled in parallel), draws every subject from its own random
/// stream (seed, arm, subject), simulates subjects in parallel batches with one simulator per thread, streams each batch
/// through a bounded queue to the per-subject Parquet files (subjects, timecourses, weekly_scores) and accumulates exact
/// whole-number summaries and fixed-size daily MADRS histograms (for the percentile table); then writes summary.csv,
/// time-to-response, the DuckDB database (result tables and views over the Parquet files) with its exports, while the
/// plots and report.html are drawn beside it, into the output folder, which appears only when all is written.
/// </summary>
public sealed class TrialRunner(ISubjectModelFactory modelFactory)
{
    /// <summary>Subjects per batch: bounds memory (a batch is held until written) while keeping all threads busy.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Runs the trial; user mistakes raise <see cref="TrialInputException"/> and leave no output folder.</summary>
    public TrialResult Run(TrialOptions options, IProgress<TrialProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        options.Validate();
        var population = PopulationFile.Load(options.PopulationFile);
        var armModels = CreateArms(options, population);
        var schedule = new TrialSchedule(options.Weeks);

        var parameterColumns = armModels.SelectMany(m => m.Parameters.Select(p => p.Name)).Distinct().ToList();
        var outputColumns = armModels.SelectMany(m => m.Outputs).Distinct().ToList();
        long total = (long)options.SubjectsPerArm * armModels.Count;

        using var outputs = new OutputSet(options.Force);
        string work;
        try { work = outputs.Folder("--out", options.OutputDirectory); }
        catch (OutputException e) { throw new TrialInputException(e.Message, e); }
        string dbPath = Path.Combine(work, TrialDatabase.FileName);
        var summary = new List<SummaryRow>();
        var timeToResponse = new List<object?[]>();
        var percentiles = new List<object?[]>();
        long done = 0, failed = 0;
        double setupSeconds = 0, populationSeconds = 0, writingSeconds = 0, picturesSeconds = 0, writerBusy = 0;

        using (var tables = SubjectTableWriter.Start(work, parameterColumns, outputColumns, options.TimecourseEveryDays))
        {
            setupSeconds = clock.Elapsed.TotalSeconds;
            for (int armIndex = 0; armIndex < armModels.Count; armIndex++)
            {
                var model = armModels[armIndex];
                var result = RunArm(armIndex, model, options, population, schedule, tables, () =>
                {
                    long d = Interlocked.Increment(ref done);
                    if (progress is not null && (d % 64 == 0 || d == total)) progress.Report(new TrialProgress(d, total, $"arm {model.Arm.Label}"));
                }, cancellation);
                failed += result.Failed;
                for (int d = 0; d < schedule.DayCount; d++)
                {
                    var q = result.DailyMadrs[d];
                    if (q.Count == 0) continue; // every subject failed: no row, as GROUP BY over no rows gave none
                    percentiles.Add([model.Arm.Label, d, schedule.TimesHours[d], q.Quantile(0.05), q.Quantile(0.25), q.Quantile(0.5),
                    q.Quantile(0.75), q.Quantile(0.95), q.Count]);
                }
                for (int v = 0; v < schedule.VisitDays.Length; v++)
                    summary.Add(SummaryRow.From(model.Arm.Label, schedule.VisitWeeks[v], result.Visits[v]));
                long ok = result.Visits[0].N, cumulative = 0;
                for (int v = 1; v < schedule.VisitDays.Length; v++)
                {
                    cumulative += result.FirstResponses[v];
                    timeToResponse.Add([model.Arm.Label, schedule.VisitWeeks[v], ok, cumulative, ok == 0 ? double.NaN : (double)cumulative / ok]);
                }
            }
            progress?.Report(new TrialProgress(total, total, "writing results"));
            tables.Complete();
            writerBusy = tables.BusySeconds;
        }
        populationSeconds = clock.Elapsed.TotalSeconds - setupSeconds;

        // By arm label, then day (the order of the table when it was a GROUP BY query ordered by arm, day).
        percentiles.Sort((x, y) =>
        {
            int c = string.CompareOrdinal((string)x[0]!, (string)y[0]!);
            return c != 0 ? c : ((int)x[1]!).CompareTo((int)y[1]!);
        });
        // The plots and the report need only the small tables in memory: they are drawn on another thread while the
        // database and its exports are written.
        var pictures = options.WritePictures
            ? Task.Run(() =>
            {
                long start = Stopwatch.GetTimestamp();
                TrialReport.Write(work, percentiles, timeToResponse, options, summary, modelFactory.Name, population, failed);
                return Stopwatch.GetElapsedTime(start).TotalSeconds;
            }, CancellationToken.None)
            : Task.FromResult(0.0);
        try
        {
            File.WriteAllText(Path.Combine(work, "summary.csv"), SummaryCsv.Format(summary));
            File.WriteAllText(Path.Combine(work, "time_to_response.csv"), TimeToResponseCsv(timeToResponse));
            WriteDatabase(dbPath, work, options, population, summary, timeToResponse, percentiles);
        }
        finally
        {
            // Never leave the drawing thread writing into a folder that is being removed.
            try { pictures.Wait(CancellationToken.None); } catch (AggregateException) when (!pictures.IsFaulted) { }
        }
        writingSeconds = clock.Elapsed.TotalSeconds - setupSeconds - populationSeconds;
        picturesSeconds = pictures.GetAwaiter().GetResult();

        var files = Directory.EnumerateFiles(work).Select(Path.GetFileName).OfType<string>()
            .Where(f => f != OutputSet.MarkerName).Order(StringComparer.Ordinal).ToList();
        outputs.Commit();
        clock.Stop();
        string final = Path.GetFullPath(options.OutputDirectory);
        return new TrialResult(final, Path.Combine(final, TrialDatabase.FileName), summary, files, total - failed, failed, clock.Elapsed)
        {
            Timings = new TrialTimings(setupSeconds, populationSeconds, writingSeconds, picturesSeconds, writerBusy),
        };
    }

    /// <summary>Builds the arms' models, in parallel when there are threads to spare (each arm compiles its own model).</summary>
    List<IArmModel> CreateArms(TrialOptions options, PopulationSpec population)
    {
        if (options.Arms.Count == 1 || options.EffectiveThreads == 1)
            return options.Arms.Select(a => modelFactory.CreateArm(a, options, population)).ToList();
        var arms = new IArmModel[options.Arms.Count];
        var errors = new Exception?[arms.Length];
        Parallel.For(0, arms.Length, new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveThreads }, i =>
        {
            try { arms[i] = modelFactory.CreateArm(options.Arms[i], options, population); }
            catch (Exception e) { errors[i] = e; }
        });
        // The first arm's error, as a sequential build would have raised it (a user error keeps its type and message).
        if (errors.FirstOrDefault(e => e is not null) is { } first) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        return [.. arms];
    }

    /// <summary>Writes trial.duckdb (result tables, views over the per-subject Parquet files) and the exports made from it.</summary>
    void WriteDatabase(string dbPath, string work, TrialOptions options, PopulationSpec population, IReadOnlyList<SummaryRow> summary,
        IReadOnlyList<object?[]> timeToResponse, IReadOnlyList<object?[]> percentiles)
    {
        try
        {
            using var db = TrialDatabase.Create(dbPath);
            db.AppendRows("run_info", RunInfo(options, population, modelFactory));
            db.AppendRows("summary", summary.Select(r => r.ToRow()));
            db.AppendRows("time_to_response", timeToResponse);
            db.AppendRows("madrs_percentiles", percentiles);
            foreach (var table in new[] { "summary", "time_to_response", "madrs_percentiles" })
                db.ExportOpen(table, Path.Combine(work, table + ".parquet")); // rows keep their deterministic insertion order
            db.ExportOpen("SELECT * FROM madrs_percentiles ORDER BY arm, day", Path.Combine(work, "madrs_percentiles.csv"));
            db.ExportOpen("subjects", Path.Combine(work, "subjects.csv"));
        }
        catch (DuckDB.NET.Data.DuckDBException ex)
        {
            // A full disk or an unwritable temp folder surfaces inside DuckDB: say so plainly (the output set removes the partial folder).
            throw new IOException($"the trial's results database could not be written in {options.OutputDirectory} ({ex.Message}); is the disk full?", ex);
        }
    }

    sealed record ArmOutcome(VisitAccumulator[] Visits, long[] FirstResponses, BinnedQuantiles[] DailyMadrs, long Failed);

    /// <summary>Bins of the daily MADRS percentiles: 0.05 points wide over the scale's 0-60 (about 24 kB per day and arm).</summary>
    public const int PercentileBins = 1200;

    ArmOutcome RunArm(int armIndex, IArmModel model, TrialOptions options, PopulationSpec population, TrialSchedule schedule,
        SubjectTableWriter tables, Action subjectDone, CancellationToken cancellation)
    {
        var sampler = new SubjectSampler(population, model.Parameters);
        var visits = schedule.VisitDays.Select(_ => new VisitAccumulator()).ToArray();
        var firstResponses = new long[schedule.VisitDays.Length];
        var daily = new BinnedQuantiles[schedule.DayCount];
        for (int d = 0; d < daily.Length; d++) daily[d] = new BinnedQuantiles(0, RatingScale.Max, PercentileBins);
        long failed = 0;
        var simulators = new ConcurrentBag<ISubjectModel>();
        var parameterNames = model.Parameters.Select(p => p.Name).ToList();
        int n = options.SubjectsPerArm;
        int threads = options.EffectiveThreads;
        double noiseSd = population.RatingNoiseSd.Value;

        for (int start = 0; start < n; start += BatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(BatchSize, n - start);
            var batch = new SubjectRecord[count];
            try
            {
                Parallel.For(0, count,
                    new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellation },
                    () => simulators.TryTake(out var s) ? s : model.CreateSimulator(),
                    (i, _, sim) =>
                    {
                        batch[i] = SimulateSubject(sim, sampler, model, schedule, options.Seed, armIndex, start + i, noiseSd);
                        subjectDone();
                        return sim;
                    },
                    sim => simulators.Add(sim));
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
            {
                // Surface the first error as itself (a user error keeps its type and message for the CLI).
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
                throw;
            }

            foreach (var s in batch)
            {
                if (s.Failure is not null) { failed++; continue; }
                for (int v = 0; v < visits.Length; v++) visits[v].Add(s.RatedVisits[0], s.RatedVisits[v]);
                for (int d = 0; d < daily.Length; d++) daily[d].Add(s.DailyMadrs[d]);
                if (s.FirstResponseVisit >= 0) firstResponses[s.FirstResponseVisit]++;
            }
            // Waits while the writer is two batches behind, which bounds memory.
            tables.Add(new SubjectBatch(model.Arm.Label, armIndex, parameterNames, model.Outputs, schedule, batch), cancellation);
        }
        return new ArmOutcome(visits, firstResponses, daily, failed);
    }

    /// <summary>Draws and simulates one subject; its random stream depends only on (seed, arm, subject).</summary>
    public static SubjectRecord SimulateSubject(ISubjectModel sim, SubjectSampler sampler, IArmModel model, TrialSchedule schedule,
        ulong seed, int armIndex, long subject, double noiseSd)
    {
        var rng = new SubjectRandom(seed, armIndex, subject);
        var values = new double[model.Parameters.Count];
        var cov = sampler.Draw(rng, values);
        var madrs = new double[schedule.DayCount];
        var outputs = new double[schedule.DayCount * model.Outputs.Count];
        var rated = new int[schedule.VisitDays.Length];
        try
        {
            sim.Simulate(values, schedule.TimesHours, madrs, outputs);
            if (madrs.Any(double.IsNaN)) throw new SubjectSimulationException("MADRS became NaN");
        }
        catch (SubjectSimulationException ex)
        {
            return new SubjectRecord
            {
                Subject = subject,
                Covariates = cov,
                Parameters = values,
                DailyMadrs = madrs,
                DailyOutputs = outputs,
                RatedVisits = rated,
                Failure = ex.Message,
            };
        }
        int first = -1;
        for (int v = 0; v < rated.Length; v++)
        {
            rated[v] = RatingScale.Rate(madrs[schedule.VisitDays[v]], rng.NextNormal(), noiseSd);
            if (v > 0 && first < 0 && ResponseCriteria.IsResponse(rated[0], rated[v])) first = v;
        }
        return new SubjectRecord
        {
            Subject = subject,
            Covariates = cov,
            Parameters = values,
            DailyMadrs = madrs,
            DailyOutputs = outputs,
            RatedVisits = rated,
            FirstResponseVisit = first,
        };
    }

    static IEnumerable<object?[]> RunInfo(TrialOptions o, PopulationSpec population, ISubjectModelFactory factory)
    {
        var ci = CultureInfo.InvariantCulture;
        yield return ["model", factory.Name];
        yield return ["seed", o.Seed.ToString(ci)];
        yield return ["subjects_per_arm", o.SubjectsPerArm.ToString(ci)];
        yield return ["weeks", o.Weeks.ToString(ci)];
        yield return ["timecourses", TrialOptions.TimecourseChoices.Single(c => c.Value == o.TimecourseEveryDays).Key];
        yield return ["species", o.Species.Name()];
        yield return ["population", o.PopulationFile ?? "population.json (embedded)"];
        for (int i = 0; i < o.Arms.Count; i++) yield return [$"arm{i}", $"{o.Arms[i].Label}: {o.Arms[i].Regimen}"];
        yield return ["rating_noise_sd", population.RatingNoiseSd.Value.ToString("R", ci)];
    }

    static string TimeToResponseCsv(IEnumerable<object?[]> rows)
    {
        var sb = new System.Text.StringBuilder("arm,week,n,responded,cumulative_response_rate\n");
        foreach (var r in rows)
            sb.Append(Csv.Field((string)r[0]!)).Append(',').Append(SummaryCsv.Week((double)r[1]!)).Append(',')
              .Append(((long)r[2]!).ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(((long)r[3]!).ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(SummaryCsv.F((double)r[4]!, 4)).Append('\n');
        return sb.ToString();
    }
}
