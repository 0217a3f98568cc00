using TrkbSim.Pharmacology.Compounds;
using System.Diagnostics;
using System.Globalization;
using TrkbSim.Modeling.Files;
using TrkbSim.Trials.Chunks;
using TrkbSim.Trials.Models;
using TrkbSim.Trials.Output;
using TrkbSim.Trials.Population;
using TrkbSim.Trials.Randomness;
using TrkbSim.Trials.Running;
using TrkbSim.Trials.Statistics;

namespace TrkbSim.Trials;

/// <summary>
/// Runs a virtual trial: builds one model per arm (arms compiled in parallel), draws every subject from its own random
/// stream (seed, arm, subject), simulates the trial in seeded chunks on an <see cref="IChunkExecutor"/> (this machine's
/// threads, a cluster, or shard files being merged), streams each chunk's subjects, in plan order, through a bounded queue
/// to the per-subject Parquet files (subjects, timecourses, weekly_scores) and accumulates exact whole-number summaries and
/// fixed-size daily MADRS histograms (for the percentile table); then writes summary.csv, time-to-response, the DuckDB
/// database (result tables and views over the Parquet files) with its exports, while the plots and report.html are drawn
/// beside it, into the output folder, which appears only when all is written.
/// </summary>
public sealed class TrialRunner(ISubjectModelFactory modelFactory)
{
    /// <summary>
    /// Subjects per chunk (<see cref="TrialSpec.ChunkSize"/>): bounds memory (a chunk is held until written) while keeping
    /// all threads busy. Results do not depend on it.
    /// </summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Where the chunks run: this machine's threads by default, or a cluster, or shard files being merged.</summary>
    public IChunkExecutor Executor { get; init; } = LocalChunkExecutor.Instance;

    /// <summary>Runs the trial; user mistakes raise <see cref="TrialInputException"/> and leave no output folder.</summary>
    public TrialResult Run(TrialOptions options, IProgress<TrialProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Run(options, TrialSpec.From(options, modelFactory.Name, BatchSize), progress, cancellation);
    }

    /// <summary>Runs the trial of <paramref name="spec"/> (made from <paramref name="options"/>, or read from shards being merged).</summary>
    public TrialResult Run(TrialOptions options, TrialSpec spec, IProgress<TrialProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(spec);
        var clock = Stopwatch.StartNew();
        double jitAtStart = TrialTimings.JitSecondsSoFar(), jitAfterSetup = 0, jitAfterPopulation = 0;
        options.Validate();
        NativeWarmUp.Start(options.WritePictures);
        var setup = new TrialChunkRunner(modelFactory, spec, options.EffectiveThreads);
        var population = setup.Population;
        var armModels = setup.Arms;
        var schedule = setup.Schedule;

        var parameterColumns = armModels.SelectMany(m => m.Parameters.Select(p => p.Name)).Distinct().ToList();
        var outputColumns = armModels.SelectMany(m => m.Outputs).Distinct().ToList();
        long total = (long)spec.SubjectsPerArm * armModels.Count;

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

        var arms = armModels.Select(_ => new ArmOutcome(schedule)).ToArray();
        // The results database opens while the writer completes the Parquet files after the last subject; it is closed
        // at the end of the run whatever happens (before a failed run's folder is removed).
        using var database = new TrialDatabase.Opening();
        using (var tables = SubjectTableWriter.Start(work, parameterColumns, outputColumns, options.TimecourseEveryDays, total, schedule))
        {
            setupSeconds = clock.Elapsed.TotalSeconds;
            jitAfterSetup = TrialTimings.JitSecondsSoFar();
            WriteChunks(setup, arms, options, tables, d =>
            {
                long before = Interlocked.Add(ref done, d) - d, now = before + d;
                if (progress is not null && (now / 64 != before / 64 || now == total)) progress.Report(new TrialProgress(now, total, "simulating"));
            }, cancellation);
            progress?.Report(new TrialProgress(total, total, "writing results"));
            database.Start(dbPath);
            tables.Complete();
            writerBusy = tables.BusySeconds;
        }
        populationSeconds = clock.Elapsed.TotalSeconds - setupSeconds;
        jitAfterPopulation = TrialTimings.JitSecondsSoFar();

        for (int armIndex = 0; armIndex < armModels.Count; armIndex++)
        {
            var model = armModels[armIndex];
            var result = arms[armIndex];
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
            WriteDatabase(database, work, options, population, summary, timeToResponse, percentiles);
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
            Timings = new TrialTimings(setupSeconds, populationSeconds, writingSeconds, picturesSeconds, writerBusy,
                jitAfterSetup - jitAtStart, jitAfterPopulation - jitAfterSetup, TrialTimings.JitSecondsSoFar() - jitAfterPopulation),
        };
    }

    /// <summary>Writes trial.duckdb (result tables, views over the per-subject Parquet files) and the exports made from it.</summary>
    void WriteDatabase(TrialDatabase.Opening opening, string work, TrialOptions options, PopulationSpec population, IReadOnlyList<SummaryRow> summary,
        IReadOnlyList<object?[]> timeToResponse, IReadOnlyList<object?[]> percentiles)
    {
        try
        {
            using var db = opening.Take();
            db.DefineParquetViews();
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

    /// <summary>One arm's exact running results: visit sums, first responses, daily MADRS histograms, failures.</summary>
    sealed class ArmOutcome
    {
        public ArmOutcome(TrialSchedule schedule)
        {
            Visits = schedule.VisitDays.Select(_ => new VisitAccumulator()).ToArray();
            FirstResponses = new long[schedule.VisitDays.Length];
            DailyMadrs = new BinnedQuantiles[schedule.DayCount];
            for (int d = 0; d < DailyMadrs.Length; d++) DailyMadrs[d] = new BinnedQuantiles(0, RatingScale.Max, PercentileBins);
        }

        public VisitAccumulator[] Visits { get; }
        public long[] FirstResponses { get; }
        public BinnedQuantiles[] DailyMadrs { get; }
        public long Failed { get; private set; }

        public void Add(SubjectRecord s)
        {
            if (s.Failure is not null) { Failed++; return; }
            for (int v = 0; v < Visits.Length; v++) Visits[v].Add(s.RatedVisits[0], s.RatedVisits[v]);
            for (int d = 0; d < DailyMadrs.Length; d++) DailyMadrs[d].Add(s.DailyMadrs[d]);
            if (s.FirstResponseVisit >= 0) FirstResponses[s.FirstResponseVisit]++;
        }
    }

    /// <summary>Bins of the daily MADRS percentiles: 0.05 points wide over the scale's 0-60 (about 24 kB per day and arm).</summary>
    public const int PercentileBins = 1200;

    /// <summary>
    /// Runs every chunk through the executor and takes the results in plan order: each is added to its arm's sums and
    /// queued for the Parquet writer, which writes while the next chunks are simulated (the bounded queue holds the
    /// simulation back when the writer falls behind, which bounds memory).
    /// </summary>
    void WriteChunks(TrialChunkRunner setup, ArmOutcome[] arms, TrialOptions options, SubjectTableWriter tables, Action<long> subjectsDone,
        CancellationToken cancellation)
    {
        var schedule = setup.Schedule;
        var parameterNames = setup.Arms.Select(m => m.Parameters.Select(p => p.Name).ToList()).ToArray();
        foreach (var result in Executor.Execute(setup, TrialPlan.Chunks(setup.Spec), options.EffectiveThreads, subjectsDone, cancellation))
        {
            cancellation.ThrowIfCancellationRequested();
            int armIndex = result.Chunk.ArmIndex;
            var model = setup.Arms[armIndex];
            foreach (var s in result.Subjects) arms[armIndex].Add(s);
            tables.Add(new SubjectBatch(model.Arm.Label, armIndex, parameterNames[armIndex], model.Outputs, schedule, result.Subjects), cancellation);
        }
    }

    /// <summary>
    /// Draws and simulates one subject; its random stream depends only on (seed, arm, subject). The record keeps the
    /// outputs of every <paramref name="timecourseEveryDays"/>-th day (1: every day; 0: none).
    /// </summary>
    public static SubjectRecord SimulateSubject(ISubjectModel sim, SubjectSampler sampler, IArmModel model, TrialSchedule schedule,
        ulong seed, int armIndex, long subject, double noiseSd, int timecourseEveryDays = 1)
    {
        var records = new SubjectRecord[1];
        SimulateSubjects(sim, sampler, model, schedule, seed, armIndex, subject, noiseSd, records, timecourseEveryDays);
        return records[0];
    }

    /// <summary>
    /// Draws and simulates subjects <paramref name="firstSubject"/> onwards (one per record), together where the model
    /// simulates several at once; each subject's random stream depends only on (seed, arm, subject), and its record is
    /// the same as <see cref="SimulateSubject"/>'s (outputs kept for every <paramref name="timecourseEveryDays"/>-th day).
    /// </summary>
    public static void SimulateSubjects(ISubjectModel sim, SubjectSampler sampler, IArmModel model, TrialSchedule schedule,
        ulong seed, int armIndex, long firstSubject, double noiseSd, Span<SubjectRecord> records, int timecourseEveryDays = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timecourseEveryDays);
        int count = records.Length;
        var rngs = new SubjectRandom[count];
        var values = new double[count][];
        var covariates = new Covariates[count];
        var madrs = new double[count][];
        var outputs = new double[count][];
        var failures = new string?[count];
        for (int i = 0; i < count; i++)
        {
            rngs[i] = new SubjectRandom(seed, armIndex, firstSubject + i);
            values[i] = new double[model.Parameters.Count];
            covariates[i] = sampler.Draw(rngs[i], values[i]);
            madrs[i] = new double[schedule.DayCount];
            outputs[i] = new double[schedule.DayCount * model.Outputs.Count];
        }
        sim.SimulateMany(values, schedule.TimesHours, madrs, outputs, failures);
        for (int i = 0; i < count; i++)
        {
            if (failures[i] is null && madrs[i].Any(double.IsNaN)) failures[i] = "MADRS became NaN";
            var rated = new int[schedule.VisitDays.Length];
            int first = -1;
            if (failures[i] is null)
                for (int v = 0; v < rated.Length; v++)
                {
                    rated[v] = RatingScale.Rate(madrs[i][schedule.VisitDays[v]], rngs[i].NextNormal(), noiseSd);
                    if (v > 0 && first < 0 && ResponseCriteria.IsResponse(rated[0], rated[v])) first = v;
                }
            records[i] = new SubjectRecord
            {
                Subject = firstSubject + i,
                Covariates = covariates[i],
                Parameters = values[i],
                DailyMadrs = madrs[i],
                StoredOutputs = schedule.StoredRows(outputs[i], model.Outputs.Count, timecourseEveryDays),
                RatedVisits = rated,
                FirstResponseVisit = first,
                Failure = failures[i],
            };
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
