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
/// Runs a virtual trial: builds one model per arm, draws every subject from its own random stream
/// (seed, arm, subject), simulates subjects in parallel batches with one simulator per thread, streams each batch
/// to the DuckDB file and accumulates exact whole-number summaries and fixed-size daily MADRS histograms (for the
/// percentile table); then writes summary.csv, time-to-response, Parquet/CSV exports, plots and report.html into the
/// output folder, which appears only when all is written.
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
        var armModels = options.Arms.Select(a => modelFactory.CreateArm(a, options, population)).ToList();
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
        double setupSeconds = 0, populationSeconds = 0, writingSeconds = 0, picturesSeconds = 0;
        var writerBusy = new WriterClock();

        try
        {
            using (var db = TrialDatabase.Create(dbPath, parameterColumns, outputColumns, options.EffectiveThreads))
            {
                db.AppendRows("run_info", RunInfo(options, population, modelFactory));
                setupSeconds = clock.Elapsed.TotalSeconds;
                for (int armIndex = 0; armIndex < armModels.Count; armIndex++)
                {
                    var model = armModels[armIndex];
                    var result = RunArm(armIndex, model, options, population, schedule, db, writerBusy, () =>
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

                populationSeconds = clock.Elapsed.TotalSeconds - setupSeconds;
                progress?.Report(new TrialProgress(total, total, "writing results"));
                db.AppendRows("summary", summary.Select(r => r.ToRow()));
                db.AppendRows("time_to_response", timeToResponse);
                // By arm label, then day (the order of the table when it was a GROUP BY query ordered by arm, day).
                percentiles.Sort((x, y) =>
                {
                    int c = string.CompareOrdinal((string)x[0]!, (string)y[0]!);
                    return c != 0 ? c : ((int)x[1]!).CompareTo((int)y[1]!);
                });
                db.AppendRows("madrs_percentiles", percentiles);
                File.WriteAllText(Path.Combine(work, "summary.csv"), SummaryCsv.Format(summary));
                File.WriteAllText(Path.Combine(work, "time_to_response.csv"), TimeToResponseCsv(timeToResponse));
                db.PrepareExports();
                foreach (var table in new[] { "subjects", "timecourses", "weekly_scores", "summary", "time_to_response", "madrs_percentiles" })
                    db.ExportOpen(table, Path.Combine(work, table + ".parquet")); // rows keep their deterministic insertion order
                db.ExportOpen("SELECT * FROM madrs_percentiles ORDER BY arm, day", Path.Combine(work, "madrs_percentiles.csv"));
                db.ExportOpen("subjects", Path.Combine(work, "subjects.csv"));
            }
        }
        catch (DuckDB.NET.Data.DuckDBException ex)
        {
            // A full disk or an unwritable temp folder surfaces inside DuckDB: say so plainly (the output set removes the partial folder).
            throw new IOException($"the trial's results database could not be written in {options.OutputDirectory} ({ex.Message}); is the disk full?", ex);
        }

        writingSeconds = clock.Elapsed.TotalSeconds - setupSeconds - populationSeconds;
        // The plots use the small tables already in memory, so they are drawn after the database is closed.
        if (options.WritePictures)
        {
            progress?.Report(new TrialProgress(total, total, "drawing plots"));
            TrialReport.Write(work, percentiles, timeToResponse, options, summary, modelFactory.Name, population, failed);
        }
        picturesSeconds = clock.Elapsed.TotalSeconds - setupSeconds - populationSeconds - writingSeconds;

        var files = Directory.EnumerateFiles(work).Select(Path.GetFileName).OfType<string>()
            .Where(f => f != OutputSet.MarkerName).Order(StringComparer.Ordinal).ToList();
        outputs.Commit();
        clock.Stop();
        string final = Path.GetFullPath(options.OutputDirectory);
        return new TrialResult(final, Path.Combine(final, TrialDatabase.FileName), summary, files, total - failed, failed, clock.Elapsed)
        {
            Timings = new TrialTimings(setupSeconds, populationSeconds, writingSeconds, picturesSeconds, writerBusy.Seconds),
        };
    }

    sealed record ArmOutcome(VisitAccumulator[] Visits, long[] FirstResponses, BinnedQuantiles[] DailyMadrs, long Failed);

    /// <summary>Bins of the daily MADRS percentiles: 0.05 points wide over the scale's 0-60 (about 24 kB per day and arm).</summary>
    public const int PercentileBins = 1200;

    ArmOutcome RunArm(int armIndex, IArmModel model, TrialOptions options, PopulationSpec population, TrialSchedule schedule,
        TrialDatabase db, WriterClock writerBusy, Action subjectDone, CancellationToken cancellation)
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
        Task writer = Task.CompletedTask;
        double noiseSd = population.RatingNoiseSd.Value;

        try
        {
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

                // Write the previous batch's rows before queueing this one: one batch in flight keeps memory bounded.
                writer.GetAwaiter().GetResult();
                foreach (var s in batch)
                {
                    if (s.Failure is not null) { failed++; continue; }
                    for (int v = 0; v < visits.Length; v++) visits[v].Add(s.RatedVisits[0], s.RatedVisits[v]);
                    for (int d = 0; d < daily.Length; d++) daily[d].Add(s.DailyMadrs[d]);
                    if (s.FirstResponseVisit >= 0) firstResponses[s.FirstResponseVisit]++;
                }
                var toWrite = batch;
                writer = Task.Run(() => writerBusy.Time(() => db.AppendBatch(model.Arm.Label, armIndex, parameterNames, model.Outputs, schedule, toWrite, options.TimecourseEveryDays)), cancellation);
            }
            writer.GetAwaiter().GetResult();
        }
        catch
        {
            // Let a pending write finish before the database is disposed by the caller's clean-up.
            try { writer.Wait(CancellationToken.None); } catch (AggregateException) { }
            throw;
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

    /// <summary>Adds up the time the background writer spends writing.</summary>
    sealed class WriterClock
    {
        long _ticks;
        public double Seconds => TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalSeconds;
        public void Time(Action write)
        {
            long start = Stopwatch.GetTimestamp();
            try { write(); }
            finally { Interlocked.Add(ref _ticks, Stopwatch.GetElapsedTime(start).Ticks); }
        }
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
