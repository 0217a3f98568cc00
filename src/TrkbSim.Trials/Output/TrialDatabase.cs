using System.Data.Common;
using DuckDB.NET.Data;
using TrkbSim.Trials.Running;

namespace TrkbSim.Trials.Output;

/// <summary>
/// The trial's DuckDB file (trial.duckdb): tables summary, time_to_response, madrs_percentiles and run_info, and views
/// subjects, timecourses and weekly_scores over the Parquet files of the same names beside it (streamed while the
/// subjects ran, <see cref="SubjectTables"/>). The views name the files relative to the database's folder, so the folder
/// can be moved: <see cref="Query"/> and <see cref="Export"/> look for them there, and so does DuckDB run in that folder.
/// </summary>
public sealed class TrialDatabase : IDisposable
{
    /// <summary>File name of the database in the output folder.</summary>
    public const string FileName = "trial.duckdb";

    readonly DuckDBConnection _connection;

    TrialDatabase(DuckDBConnection connection) => _connection = connection;

    /// <summary>The tables stored as Parquet files beside the database (file = name + ".parquet") and read through views.</summary>
    public static readonly IReadOnlyList<string> ParquetTables = ["subjects", "timecourses", "weekly_scores"];

    /// <summary>Rows per row group of the Parquet exports: a row group is buffered whole while it is written.</summary>
    public const int ParquetRowGroupRows = 16 * 1024;

    /// <summary>
    /// Creates the database in the folder of the per-subject Parquet files, with its (empty) result tables; the views
    /// over those files are added by <see cref="DefineParquetViews"/> once the files are complete. Opening the engine is
    /// most of the cost, so a trial opens the database while its last files are written.
    /// </summary>
    public static TrialDatabase Open(string path, int threads = 1, string memoryLimit = "64MB")
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        var db = new TrialDatabase(connection);
        try
        {
            db.Execute($"SET memory_limit = '{memoryLimit}'; SET threads = {Math.Max(1, threads)}; SET preserve_insertion_order = true; " +
                $"SET file_search_path = {Literal(folder)};");
            db.Execute("""
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

    /// <summary>
    /// A database opened on another thread (<see cref="Open"/>) while other work goes on: <see cref="Take"/> waits for it
    /// and hands it over (raising the opening's error, if any); disposing closes it if it was opened and not taken, so
    /// that a run that fails before then leaves no open file.
    /// </summary>
    public sealed class Opening : IDisposable
    {
        Task<TrialDatabase>? _opening;
        bool _taken;

        /// <summary>Starts opening the database at <paramref name="path"/>.</summary>
        public void Start(string path)
        {
            if (_opening is not null) throw new InvalidOperationException("the database is already being opened");
            _opening = Task.Run(() => Open(path));
        }

        /// <summary>The opened database, now the caller's to dispose.</summary>
        public TrialDatabase Take()
        {
            if (_opening is null || _taken) throw new InvalidOperationException("no database is being opened");
            _taken = true;
            return _opening.GetAwaiter().GetResult();
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            if (_opening is null || _taken) return;
            _taken = true;
            // Only a run that failed before writing the database gets here: its own error is the one to report.
            try { _opening.GetAwaiter().GetResult().Dispose(); }
            catch (Exception) { }
        }
    }

    /// <summary>The views over the per-subject Parquet files beside the database (complete by now: a view reads its file's schema).</summary>
    public void DefineParquetViews() =>
        Execute(string.Concat(SubjectTables.Names.Select(t => $"CREATE VIEW {Quote(t)} AS SELECT * FROM read_parquet({Literal(t + ".parquet")});\n")));

    /// <summary>
    /// Opens a trial database read-only so that its views read the Parquet files in the database's folder, wherever the
    /// process runs: the stored views name the files relative to that folder, which DuckDB would look up in the working
    /// directory first, so each is shadowed for this connection by a temporary view of the same name over the file's full
    /// path. (A database written before the views existed holds tables of those names and is read as it is.)
    /// </summary>
    public static DuckDBConnection OpenReadOnly(string dbPath)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(dbPath))!;
        var connection = new DuckDBConnection($"Data Source={dbPath};ACCESS_MODE=READ_ONLY");
        connection.Open();
        try
        {
            var views = new List<string>();
            using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "SELECT view_name FROM duckdb_views() WHERE NOT temporary AND NOT internal AND database_name = current_database()";
                using var reader = cmd.ExecuteReader();
                while (reader.Read()) views.Add(reader.GetString(0));
            }
            var sql = new System.Text.StringBuilder($"SET file_search_path = {Literal(folder)};");
            foreach (var t in SubjectTables.Names.Where(views.Contains))
                sql.Append($" CREATE TEMP VIEW {Quote(t)} AS SELECT * FROM read_parquet({Literal(SubjectTables.FilePath(folder, t))});");
            using var setup = connection.CreateCommand();
            setup.CommandText = sql.ToString();
            setup.ExecuteNonQuery();
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return connection;
    }

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''") + "'";

    /// <summary>Quotes an identifier for SQL.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>Runs SQL without results.</summary>
    public void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
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
        using var connection = OpenReadOnly(dbPath);
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

    /// <summary>Writes a table or a query's rows to a Parquet or CSV file (by extension) with DuckDB COPY.</summary>
    public void ExportOpen(string tableOrQuery, string file) => Execute(CopySql(tableOrQuery, file, ParquetRowGroupRows));

    /// <summary>Writes a table or a query's rows from a trial database file to Parquet or CSV (by extension).</summary>
    public static void Export(string dbPath, string tableOrQuery, string file)
    {
        if (!File.Exists(dbPath)) throw new TrialInputException($"{dbPath}: no such trial database");
        using var connection = OpenReadOnly(dbPath);
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
