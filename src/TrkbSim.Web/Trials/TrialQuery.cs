using DuckDB.NET.Data;
using TrkbSim.Trials.Output;
using TrkbSim.Web.Hosting;

namespace TrkbSim.Web.Trials;

/// <summary>Rows a trial query returned (at most the server's limit) and whether more were left out.</summary>
public sealed record TrialQueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, bool Truncated);

/// <summary>
/// Runs a checked SELECT on one trial's database: opened read-only (its per-subject views read the Parquet files beside it),
/// external access (files, extensions, ATTACH, COPY) switched off except for reading the trial's own folder, and the
/// configuration locked before the user's text runs, one thread, a small memory limit, a row limit and a time budget
/// (the query is interrupted when it is spent).
/// </summary>
public static class TrialQuery
{
    public static TrialQueryResult Run(string databasePath, string sql, int maxRows, TimeSpan budget)
    {
        string statement = ReadOnlySql.Check(sql);
        using var connection = TrialDatabase.OpenReadOnly(databasePath);
        string folder = Path.GetDirectoryName(Path.GetFullPath(databasePath))! + Path.DirectorySeparatorChar;
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = $"SET threads = 1; SET memory_limit = '64MB'; SET allowed_directories = [{TrialDatabase.Literal(folder)}]; " +
                "SET enable_external_access = false; SET lock_configuration = true;";
            setup.ExecuteNonQuery();
        }
        using var command = connection.CreateCommand();
        command.CommandText = statement;
        using var timer = new CancellationTokenSource(budget);
        using var stop = timer.Token.Register(command.Cancel);
        try
        {
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<object?[]>();
            bool truncated = false;
            while (reader.Read())
            {
                if (rows.Count == maxRows) { truncated = true; break; }
                var row = new object?[reader.FieldCount];
                for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
            return new TrialQueryResult(columns, rows, truncated);
        }
        catch (Exception e) when (timer.IsCancellationRequested && e is DuckDBException or OperationCanceledException)
        {
            throw new ApiException(StatusCodes.Status422UnprocessableEntity,
                $"sql: the query did not finish within {budget.TotalSeconds:0.#} s and was stopped; add a WHERE clause, aggregate or LIMIT");
        }
        catch (DuckDBException e)
        {
            throw ApiException.BadRequest($"sql: {FirstLine(e.Message)}");
        }
    }

    static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
