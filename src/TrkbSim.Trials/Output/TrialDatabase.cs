using System.Data.Common;
using DuckDB.NET.Data;
using TrkbSim.Trials.Running;

namespace TrkbSim.Trials.Output;

/// <summary>
/// The trial's DuckDB file (trial.duckdb): tables subjects, timecourses (daily), weekly_scores, summary,
/// time_to_response, madrs_percentiles and run_info. Written in batches through DuckDB appenders; read with
/// <see cref="Query"/>; exported with <see cref="Export"/> (DuckDB COPY to Parquet or CSV).
/// </summary>
public sealed class TrialDatabase : IDisposable
{
    /// <summary>File name of the database in the output folder.</summary>
    public const string FileName = "trial.duckdb";

    readonly DuckDBConnection _connection;
    readonly IReadOnlyList<string> _parameterColumns;
    readonly IReadOnlyList<string> _outputColumns;

    TrialDatabase(DuckDBConnection connection, IReadOnlyList<string> parameterColumns, IReadOnlyList<string> outputColumns)
    {
        _connection = connection;
        _parameterColumns = parameterColumns;
        _outputColumns = outputColumns;
    }

    /// <summary>Block size of trial.duckdb (DuckDB's default is 256 kB).</summary>
    /// <remarks>
    /// Appended rows occupy at least one block per column of a table's last row group and stay pinned while a
    /// checkpoint compresses them: with 256 kB blocks the ~45-column subjects table alone needs about 11 MB, and a
    /// 32 MB buffer limit failed in a checkpoint. With 64 kB blocks a trial runs within a 24 MB limit (the file is
    /// about 15 % larger). The block size is stored in the file; DuckDB reads it without being told.
    /// </remarks>
    public const int BlockSize = 64 * 1024;

    /// <summary>Rows per row group of the Parquet exports: a row group is buffered whole while it is written.</summary>
    public const int ParquetRowGroupRows = 16 * 1024;

    /// <summary>Creates the database and its tables; parameter and output columns are the union over arms.</summary>
    /// <remarks>
    /// Memory stays flat in the number of subjects because DuckDB's buffer pool is capped (it spills to the file and a
    /// temporary folder beside it) and the data are only streamed through: no query of the run reads a whole table
    /// except the exports, which run single-threaded in small row groups (<see cref="PrepareExports"/>).
    /// </remarks>
    public static TrialDatabase Create(string path, IReadOnlyList<string> parameterColumns, IReadOnlyList<string> outputColumns,
        int threads = 1, string memoryLimit = "24MB")
    {
        // The block size can only be chosen when a file is attached; the connection's own database is an empty in-memory one.
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var db = new TrialDatabase(connection, parameterColumns, outputColumns);
        try
        {
            db.Execute($"SET memory_limit = '{memoryLimit}'; SET threads = {Math.Max(1, threads)}; SET preserve_insertion_order = true; " +
                "SET allocator_flush_threshold = '8MB'; SET allocator_background_threads = true; " +
                $"SET temp_directory = {Literal(path + ".tmp")}; ATTACH {Literal(path)} AS trial (BLOCK_SIZE {BlockSize}); USE trial;");
            string Params(IEnumerable<string> names) => string.Concat(names.Select(n => $", {Quote(n)} DOUBLE"));
            db.Execute($"""
                CREATE TABLE subjects (arm VARCHAR NOT NULL, arm_index INTEGER NOT NULL, subject BIGINT NOT NULL, status VARCHAR NOT NULL,
                  sex VARCHAR, body_weight_kg DOUBLE, cyp2d6 VARCHAR, cyp2c19 VARCHAR, baseline_madrs_true DOUBLE, placebo_madrs DOUBLE,
                  baseline_madrs_rated INTEGER, first_response_week DOUBLE, failure VARCHAR{Params(parameterColumns.Select(p => "param_" + p))});
                CREATE TABLE timecourses (arm VARCHAR NOT NULL, subject BIGINT NOT NULL, day INTEGER NOT NULL, time_h DOUBLE NOT NULL,
                  madrs DOUBLE{Params(outputColumns)});
                CREATE TABLE weekly_scores (arm VARCHAR NOT NULL, subject BIGINT NOT NULL, week DOUBLE NOT NULL, day INTEGER NOT NULL,
                  madrs_true DOUBLE, madrs_rated INTEGER, change_from_baseline INTEGER, response BOOLEAN, remission BOOLEAN);
                CREATE TABLE summary (arm VARCHAR, week DOUBLE, n BIGINT, mean_madrs DOUBLE, mean_change DOUBLE, sd_change DOUBLE,
                  response_rate DOUBLE, remission_rate DOUBLE, response_rate_ci_low DOUBLE, response_rate_ci_high DOUBLE,
                  remission_rate_ci_low DOUBLE, remission_rate_ci_high DOUBLE);
                CREATE TABLE time_to_response (arm VARCHAR, week DOUBLE, n BIGINT, responded BIGINT, cumulative_response_rate DOUBLE);
                CREATE TABLE madrs_percentiles (arm VARCHAR, day INTEGER, time_h DOUBLE, p05 DOUBLE, p25 DOUBLE, p50 DOUBLE, p75 DOUBLE,
                  p95 DOUBLE, n BIGINT);
                CREATE TABLE run_info (key VARCHAR, value VARCHAR);
                """);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return db;
    }

    /// <summary>A SQL string literal.</summary>
    static string Literal(string text) => "'" + text.Replace("'", "''") + "'";

    /// <summary>Quotes an identifier for SQL.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>Runs SQL without results.</summary>
    public void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Appends one batch of subjects of one arm to subjects, timecourses and weekly_scores.</summary>
    public void AppendBatch(string arm, int armIndex, IReadOnlyList<string> armParameters, IReadOnlyList<string> armOutputs,
        TrialSchedule schedule, IReadOnlyList<SubjectRecord> batch, int timecourseEveryDays = 1)
    {
        int[] paramMap = _parameterColumns.Select(c => IndexOf(armParameters, c)).ToArray();
        int[] outMap = _outputColumns.Select(c => IndexOf(armOutputs, c)).ToArray();
        int nOut = armOutputs.Count;

        using (var app = _connection.CreateAppender("subjects"))
            foreach (var s in batch)
            {
                var row = app.CreateRow()
                    .AppendValue(arm).AppendValue(armIndex).AppendValue(s.Subject).AppendValue(s.Failure is null ? "ok" : "failed")
                    .AppendValue(s.Covariates.Sex.ToString().ToLowerInvariant()).AppendValue(s.Covariates.BodyWeightKg)
                    .AppendValue(s.Covariates.Cyp2d6.ToString().ToLowerInvariant()).AppendValue(s.Covariates.Cyp2c19.ToString().ToLowerInvariant())
                    .AppendValue(s.Covariates.BaselineMadrs).AppendValue(s.Covariates.PlaceboMadrs);
                row = s.Failure is null ? row.AppendValue(s.RatedVisits[0]) : row.AppendNullValue();
                row = s.FirstResponseVisit >= 0 ? row.AppendValue(schedule.VisitWeeks[s.FirstResponseVisit]) : row.AppendNullValue();
                row = s.Failure is null ? row.AppendNullValue() : row.AppendValue(s.Failure);
                foreach (int k in paramMap) row = k >= 0 ? row.AppendValue(s.Parameters[k]) : row.AppendNullValue();
                row.EndRow();
            }

        if (timecourseEveryDays > 0)
        {
            using var app = _connection.CreateAppender("timecourses");
            foreach (var s in batch)
            {
                if (s.Failure is not null) continue;
                for (int d = 0; d < schedule.DayCount; d += timecourseEveryDays)
                {
                    var row = app.CreateRow().AppendValue(arm).AppendValue(s.Subject).AppendValue(d).AppendValue(schedule.TimesHours[d])
                        .AppendValue(s.DailyMadrs[d]);
                    foreach (int k in outMap) row = k >= 0 ? row.AppendValue(s.DailyOutputs[d * nOut + k]) : row.AppendNullValue();
                    row.EndRow();
                }
            }
        }

        using (var app = _connection.CreateAppender("weekly_scores"))
            foreach (var s in batch)
            {
                if (s.Failure is not null) continue;
                int baseline = s.RatedVisits[0];
                for (int v = 0; v < schedule.VisitDays.Length; v++)
                {
                    int score = s.RatedVisits[v];
                    app.CreateRow().AppendValue(arm).AppendValue(s.Subject).AppendValue(schedule.VisitWeeks[v]).AppendValue(schedule.VisitDays[v])
                        .AppendValue(s.DailyMadrs[schedule.VisitDays[v]]).AppendValue(score).AppendValue(score - baseline)
                        .AppendValue(Statistics.ResponseCriteria.IsResponse(baseline, score))
                        .AppendValue(Statistics.ResponseCriteria.IsRemission(score)).EndRow();
                }
            }
    }

    static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == name) return i;
        return -1;
    }

    /// <summary>Appends rows to a table whose columns are all given (used for the small result tables).</summary>
    public void AppendRows(string table, IEnumerable<object?[]> rows)
    {
        using var app = _connection.CreateAppender(table);
        foreach (var r in rows)
        {
            var row = app.CreateRow();
            foreach (var v in r)
                row = v switch
                {
                    null => row.AppendNullValue(),
                    string s => row.AppendValue(s),
                    double d => double.IsNaN(d) ? row.AppendNullValue() : row.AppendValue(d),
                    long l => row.AppendValue(l),
                    int i => row.AppendValue(i),
                    bool b => row.AppendValue(b),
                    _ => throw new ArgumentException($"unsupported value type {v.GetType().Name}"),
                };
            row.EndRow();
        }
    }

    /// <summary>Runs a query on this open database.</summary>
    public QueryResult QueryOpen(string sql) => Read(_connection, sql);

    /// <summary>Runs a query on a trial database file (opened read-only) and returns its rows.</summary>
    public static QueryResult Query(string dbPath, string sql)
    {
        if (!File.Exists(dbPath)) throw new TrialInputException($"{dbPath}: no such trial database (run `trkbsim trial` first; the file is trial.duckdb in its --out folder)");
        using var connection = new DuckDBConnection($"Data Source={dbPath};ACCESS_MODE=READ_ONLY");
        connection.Open();
        try { return Read(connection, sql); }
        catch (DuckDBException ex) { throw new TrialInputException($"query failed: {ex.Message}", ex); }
    }

    static QueryResult Read(DuckDBConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using DbDataReader reader = cmd.ExecuteReader();
        var cols = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var r = new object?[reader.FieldCount];
            for (int i = 0; i < r.Length; i++) r[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(r);
        }
        return new QueryResult(cols, rows);
    }

    /// <summary>
    /// Readies the open database for <see cref="ExportOpen"/>: one DuckDB thread (with two, exporting 1.7 million
    /// time-course rows to Parquet needed ~100 MB more; with one thread and small row groups, ~35 MB).
    /// </summary>
    public void PrepareExports() => Execute("SET threads = 1");

    /// <summary>Writes a table or a query's rows to a Parquet or CSV file (by extension) with DuckDB COPY.</summary>
    public void ExportOpen(string tableOrQuery, string file) => Execute(CopySql(tableOrQuery, file, ParquetRowGroupRows));

    /// <summary>Writes a table or a query's rows from a trial database file to Parquet or CSV (by extension).</summary>
    public static void Export(string dbPath, string tableOrQuery, string file)
    {
        if (!File.Exists(dbPath)) throw new TrialInputException($"{dbPath}: no such trial database");
        using var connection = new DuckDBConnection($"Data Source={dbPath};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = CopySql(tableOrQuery, file);
        try { cmd.ExecuteNonQuery(); }
        catch (DuckDBException ex) { throw new TrialInputException($"export failed: {ex.Message}", ex); }
    }

    static string CopySql(string tableOrQuery, string file, int? parquetRowGroupRows = null)
    {
        string ext = Path.GetExtension(file).ToLowerInvariant();
        string format = ext switch
        {
            ".parquet" => $"(FORMAT parquet, COMPRESSION snappy{(parquetRowGroupRows is int rows ? $", ROW_GROUP_SIZE {rows}" : "")})",
            ".csv" => "(FORMAT csv, HEADER true)",
            _ => throw new TrialInputException($"{file}: export to .parquet or .csv"),
        };
        bool isQuery = tableOrQuery.TrimStart().StartsWith("select", StringComparison.OrdinalIgnoreCase)
            || tableOrQuery.TrimStart().StartsWith("with", StringComparison.OrdinalIgnoreCase);
        string source = isQuery ? $"({tableOrQuery})" : Quote(tableOrQuery);
        return $"COPY {source} TO '{file.Replace("'", "''")}' {format}";
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();
}
