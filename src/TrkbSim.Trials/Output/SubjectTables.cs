using TrkbSim.Trials.Running;
using TrkbSim.Trials.Statistics;

namespace TrkbSim.Trials.Output;

/// <summary>
/// The three per-subject tables of a trial as Parquet files in the output folder: subjects.parquet (one row per subject),
/// timecourses.parquet (each subject's model MADRS and outputs on the stored days) and weekly_scores.parquet (one row per
/// subject and visit). Columns, types and row order are those the tables had in trial.duckdb, which now reads them
/// through views. Batches of subjects are added in order; row groups are written as they fill.
/// </summary>
sealed class SubjectTables : IAsyncDisposable
{
    /// <summary>Table names, which are also the file names without ".parquet".</summary>
    public static IReadOnlyList<string> Names => TrialDatabase.ParquetTables;

    /// <summary>Rows per row group of timecourses and weekly_scores (about 2 MB per column before compression).</summary>
    public const int LongTableRowGroupRows = 1 << 16;

    /// <summary>Rows per row group of subjects (wider rows).</summary>
    public const int SubjectRowGroupRows = 1 << 14;

    readonly IReadOnlyList<string> _parameterColumns;
    readonly IReadOnlyList<string> _outputColumns;
    readonly int _timecourseEveryDays;
    readonly SubjectColumns _s;
    readonly TimecourseColumns _t;
    readonly WeeklyColumns _w;
    ParquetTable? _subjects, _timecourses, _weekly;

    SubjectTables(IReadOnlyList<string> parameterColumns, IReadOnlyList<string> outputColumns, int timecourseEveryDays)
    {
        _parameterColumns = parameterColumns;
        _outputColumns = outputColumns;
        _timecourseEveryDays = timecourseEveryDays;
        _s = new SubjectColumns(parameterColumns);
        _t = new TimecourseColumns(outputColumns);
        _w = new WeeklyColumns();
    }

    /// <summary>Creates the three files in <paramref name="folder"/>; parameter and output columns are the union over arms.</summary>
    public static async Task<SubjectTables> CreateAsync(string folder, IReadOnlyList<string> parameterColumns, IReadOnlyList<string> outputColumns,
        int timecourseEveryDays, CancellationToken cancellation)
    {
        var tables = new SubjectTables(parameterColumns, outputColumns, timecourseEveryDays);
        try
        {
            tables._subjects = await ParquetTable.CreateAsync(FilePath(folder, "subjects"), tables._s.All, SubjectRowGroupRows, cancellation).ConfigureAwait(false);
            tables._timecourses = await ParquetTable.CreateAsync(FilePath(folder, "timecourses"), tables._t.All, LongTableRowGroupRows, cancellation).ConfigureAwait(false);
            tables._weekly = await ParquetTable.CreateAsync(FilePath(folder, "weekly_scores"), tables._w.All, LongTableRowGroupRows, cancellation).ConfigureAwait(false);
        }
        catch
        {
            await tables.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return tables;
    }

    /// <summary>The Parquet file of a table in a folder.</summary>
    public static string FilePath(string folder, string table) => Path.Combine(folder, table + ".parquet");

    /// <summary>
    /// Sizes the column buffers for <paramref name="subjects"/> subjects (all arms) on <paramref name="schedule"/>, at
    /// most one row group per table.
    /// </summary>
    public void Reserve(long subjects, TrialSchedule schedule)
    {
        _subjects!.Reserve(subjects);
        if (_timecourseEveryDays > 0) _timecourses!.Reserve(subjects * schedule.StoredDays(_timecourseEveryDays));
        _weekly!.Reserve(subjects * schedule.VisitDays.Length);
    }

    /// <summary>Adds one batch of subjects of one arm to the three tables.</summary>
    public async Task AddAsync(SubjectBatch batch, CancellationToken cancellation)
    {
        int[] paramMap = _parameterColumns.Select(c => IndexOf(batch.ParameterNames, c)).ToArray();
        int[] outMap = _outputColumns.Select(c => IndexOf(batch.OutputNames, c)).ToArray();
        int nOut = batch.OutputNames.Count;
        var schedule = batch.Schedule;
        foreach (var s in batch.Subjects)
        {
            bool ok = s.Failure is null;
            _s.Arm.Add(batch.Arm); _s.ArmIndex.Add(batch.ArmIndex); _s.Subject.Add(s.Subject); _s.Status.Add(ok ? "ok" : "failed");
            _s.Sex.Add(Lower(s.Covariates.Sex)); _s.BodyWeight.Add(s.Covariates.BodyWeightKg);
            _s.Cyp2d6.Add(Lower(s.Covariates.Cyp2d6)); _s.Cyp2c19.Add(Lower(s.Covariates.Cyp2c19));
            _s.BaselineTrue.Add(s.Covariates.BaselineMadrs); _s.Placebo.Add(s.Covariates.PlaceboMadrs);
            _s.BaselineRated.Add(ok ? s.RatedVisits[0] : null);
            _s.FirstResponse.Add(s.FirstResponseVisit >= 0 ? schedule.VisitWeeks[s.FirstResponseVisit] : null);
            _s.Failure.Add(s.Failure);
            for (int j = 0; j < paramMap.Length; j++) _s.Parameters[j].Add(paramMap[j] >= 0 ? s.Parameters[paramMap[j]] : null);
            await _subjects!.RowsAddedAsync(cancellation).ConfigureAwait(false);
            if (!ok) continue;

            // The subject's stored days, column by column, as many rows at a time as the row group has room for.
            int every = _timecourseEveryDays, rows = schedule.StoredDays(every);
            for (int done = 0; done < rows;)
            {
                int k = Math.Min(rows - done, _timecourses!.RoomLeft);
                if (k <= 0) throw new InvalidOperationException("the time-course row group is full but was not written"); // a defect, not a hang
                _t.Arm.AddRepeated(batch.Arm, k);
                _t.Subject.Extend(k).Fill(s.Subject);
                Span<int> day = _t.Day.Extend(k);
                Span<double> time = _t.TimeH.Extend(k), madrs = _t.Madrs.ExtendPresent(k);
                for (int i = 0; i < k; i++)
                {
                    int d = (done + i) * every;
                    day[i] = d;
                    time[i] = schedule.TimesHours[d];
                    madrs[i] = s.DailyMadrs[d];
                }
                for (int j = 0; j < outMap.Length; j++)
                {
                    if (outMap[j] < 0) { _t.Outputs[j].AddNulls(k); continue; }
                    Span<double> values = _t.Outputs[j].ExtendPresent(k);
                    for (int i = 0; i < k; i++) values[i] = s.StoredOutputs[(done + i) * nOut + outMap[j]];
                }
                done += k;
                await _timecourses.RowsAddedAsync(cancellation).ConfigureAwait(false);
            }

            int baseline = s.RatedVisits[0];
            for (int v = 0; v < schedule.VisitDays.Length; v++)
            {
                int score = s.RatedVisits[v];
                _w.Arm.Add(batch.Arm); _w.Subject.Add(s.Subject); _w.Week.Add(schedule.VisitWeeks[v]); _w.Day.Add(schedule.VisitDays[v]);
                _w.MadrsTrue.Add(s.DailyMadrs[schedule.VisitDays[v]]); _w.MadrsRated.Add(score); _w.Change.Add(score - baseline);
                _w.Response.Add(ResponseCriteria.IsResponse(baseline, score)); _w.Remission.Add(ResponseCriteria.IsRemission(score));
                await _weekly!.RowsAddedAsync(cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes the last row groups and the files' footers.</summary>
    public async Task CompleteAsync(CancellationToken cancellation)
    {
        await _subjects!.CompleteAsync(cancellation).ConfigureAwait(false);
        await _timecourses!.CompleteAsync(cancellation).ConfigureAwait(false);
        await _weekly!.CompleteAsync(cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var t in new[] { _subjects, _timecourses, _weekly })
            if (t is not null) await t.DisposeAsync().ConfigureAwait(false);
    }

    static string Lower<TEnum>(TEnum value) where TEnum : struct, Enum => LowerNames<TEnum>.Of(value);

    static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == name) return i;
        return -1;
    }

    /// <summary>Lower-case names of an enum's values, made once.</summary>
    static class LowerNames<TEnum> where TEnum : struct, Enum
    {
        static readonly Dictionary<TEnum, string> Names = Enum.GetValues<TEnum>().ToDictionary(v => v, v => v.ToString().ToLowerInvariant());
        public static string Of(TEnum value) => Names.TryGetValue(value, out var s) ? s : value.ToString().ToLowerInvariant();
    }

    sealed class SubjectColumns
    {
        public readonly TextColumn Arm = new("arm", false), Status = new("status", false), Sex = new("sex", true),
            Cyp2d6 = new("cyp2d6", true), Cyp2c19 = new("cyp2c19", true), Failure = new("failure", true);
        public readonly RequiredColumn<int> ArmIndex = new("arm_index");
        public readonly RequiredColumn<long> Subject = new("subject");
        public readonly OptionalColumn<double> BodyWeight = new("body_weight_kg"), BaselineTrue = new("baseline_madrs_true"),
            Placebo = new("placebo_madrs"), FirstResponse = new("first_response_week");
        public readonly OptionalColumn<int> BaselineRated = new("baseline_madrs_rated");
        public readonly OptionalColumn<double>[] Parameters;
        public readonly ParquetColumn[] All;

        public SubjectColumns(IReadOnlyList<string> parameterColumns)
        {
            Parameters = parameterColumns.Select(p => new OptionalColumn<double>("param_" + p)).ToArray();
            All = [Arm, ArmIndex, Subject, Status, Sex, BodyWeight, Cyp2d6, Cyp2c19, BaselineTrue, Placebo, BaselineRated, FirstResponse, Failure, .. Parameters];
        }
    }

    sealed class TimecourseColumns
    {
        public readonly TextColumn Arm = new("arm", false);
        public readonly RequiredColumn<long> Subject = new("subject");
        public readonly RequiredColumn<int> Day = new("day");
        public readonly RequiredColumn<double> TimeH = new("time_h");
        public readonly OptionalColumn<double> Madrs = new("madrs");
        public readonly OptionalColumn<double>[] Outputs;
        public readonly ParquetColumn[] All;

        public TimecourseColumns(IReadOnlyList<string> outputColumns)
        {
            Outputs = outputColumns.Select(o => new OptionalColumn<double>(o)).ToArray();
            All = [Arm, Subject, Day, TimeH, Madrs, .. Outputs];
        }
    }

    sealed class WeeklyColumns
    {
        public readonly TextColumn Arm = new("arm", false);
        public readonly RequiredColumn<long> Subject = new("subject");
        public readonly RequiredColumn<double> Week = new("week");
        public readonly RequiredColumn<int> Day = new("day");
        public readonly OptionalColumn<double> MadrsTrue = new("madrs_true");
        public readonly OptionalColumn<int> MadrsRated = new("madrs_rated"), Change = new("change_from_baseline");
        public readonly OptionalColumn<bool> Response = new("response"), Remission = new("remission");
        public readonly ParquetColumn[] All;

        public WeeklyColumns() => All = [Arm, Subject, Week, Day, MadrsTrue, MadrsRated, Change, Response, Remission];
    }
}

/// <summary>One batch of simulated subjects of one arm, in subject order, with what is needed to store them.</summary>
sealed record SubjectBatch(string Arm, int ArmIndex, IReadOnlyList<string> ParameterNames, IReadOnlyList<string> OutputNames,
    TrialSchedule Schedule, IReadOnlyList<SubjectRecord> Subjects);
