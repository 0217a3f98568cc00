using System.Text;
using TrkbSim.Web.Hosting;

namespace TrkbSim.Web.Trials;

/// <summary>
/// The strict check on a trial query before it reaches DuckDB: one statement (a trailing ';' is allowed), starting with
/// SELECT or WITH once comments are removed. The database is also opened read-only with external access switched off
/// (<see cref="TrialQuery"/>); this check gives the user a clear message instead of a database error.
/// </summary>
public static class ReadOnlySql
{
    /// <summary>Longest query text, characters.</summary>
    public const int MaxLength = 10_000;

    /// <summary>Returns the statement without comments and trailing ';', or throws 400 saying what is allowed.</summary>
    public static string Check(string? sql)
    {
        if (string.IsNullOrWhiteSpace(sql)) throw ApiException.BadRequest("sql: give a SELECT query, e.g. SELECT * FROM summary");
        if (sql.Length > MaxLength) throw ApiException.TooLarge($"sql: {sql.Length:N0} characters; at most {MaxLength:N0} are allowed");
        string code = StripComments(sql).Trim();
        while (code.EndsWith(';')) code = code[..^1].TrimEnd();
        if (SplitsStatements(code))
            throw ApiException.BadRequest("sql: only one statement is allowed (a single SELECT); remove the ';' between statements");
        string first = new([.. code.TakeWhile(char.IsAsciiLetter)]);
        if (!first.Equals("select", StringComparison.OrdinalIgnoreCase) && !first.Equals("with", StringComparison.OrdinalIgnoreCase))
            throw ApiException.BadRequest(
                $"sql: only a read-only SELECT (or WITH ... SELECT) on this trial's tables is allowed; '{(first.Length == 0 ? code[..Math.Min(code.Length, 12)] : first)}' is not. " +
                "Tables: subjects, timecourses, weekly_scores, summary, time_to_response, madrs_percentiles, run_info");
        return code;
    }

    /// <summary>The text with -- and /* */ comments replaced by a space; string literals and quoted names are kept.</summary>
    static string StripComments(string sql)
    {
        var sb = new StringBuilder(sql.Length);
        for (int i = 0; i < sql.Length; i++)
        {
            char c = sql[i];
            if (c is '\'' or '"')
            {
                int end = QuotedEnd(sql, i);
                sb.Append(sql, i, end - i);
                i = end - 1;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                sb.Append(' ');
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                int close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (close < 0) throw ApiException.BadRequest("sql: a /* comment is not closed");
                i = close + 1;
                sb.Append(' ');
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Whether a ';' outside quotes remains (a second statement).</summary>
    static bool SplitsStatements(string code)
    {
        for (int i = 0; i < code.Length; i++)
        {
            if (code[i] is '\'' or '"') i = QuotedEnd(code, i) - 1;
            else if (code[i] == ';') return true;
        }
        return false;
    }

    /// <summary>Index after the closing quote of the literal or name opening at <paramref name="start"/> (doubled quotes escape).</summary>
    static int QuotedEnd(string text, int start)
    {
        char q = text[start];
        for (int i = start + 1; i < text.Length; i++)
        {
            if (text[i] != q) continue;
            if (i + 1 < text.Length && text[i + 1] == q) { i++; continue; }
            return i + 1;
        }
        throw ApiException.BadRequest($"sql: a {(q == '\'' ? "string literal" : "quoted name")} is not closed");
    }
}
