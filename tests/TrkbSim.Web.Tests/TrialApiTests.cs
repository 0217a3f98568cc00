using System.Text.Json;
using TrkbSim.Web.Trials;

namespace TrkbSim.Web.Tests;

/// <summary>A small trial shared by the tests of this class: started once, followed to the end.</summary>
public sealed class SmallTrialFixture : IAsyncLifetime
{
    public ApiHost Host { get; private set; } = null!;
    public string Id { get; private set; } = "";
    public JsonElement Started { get; private set; }
    public JsonElement Finished { get; private set; }

    public async Task InitializeAsync()
    {
        Host = new ApiHost();
        var (status, answer) = await Json.Post(Host.Client, "/api/trials",
            new { arms = new[] { "flx: fluoxetine 20mg oral every 24h", "pbo: placebo" }, n = 40, weeks = 2, seed = 7 });
        Assert.Equal(202, status);
        Started = answer;
        Id = answer.GetProperty("id").GetString()!;
        Finished = await TrialApiTests.WaitFor(Host.Client, Id, TimeSpan.FromMinutes(2));
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>POST /api/trials, GET /api/trials/{id} and the read-only query box.</summary>
public sealed class TrialApiTests(SmallTrialFixture trial) : IClassFixture<SmallTrialFixture>
{
    readonly HttpClient _client = trial.Host.Client;

    public static async Task<JsonElement> WaitFor(HttpClient client, string id, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            var (status, answer) = await Json.Get(client, $"/api/trials/{id}");
            Assert.Equal(200, status);
            string state = answer.GetProperty("status").GetString()!;
            if (state is "finished" or "failed") return answer;
            Assert.True(DateTime.UtcNow < until, $"trial still {state} after {limit}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public void A_trial_starts_in_the_background_with_an_unguessable_id()
    {
        Assert.Matches("^[0-9a-f]{32}$", trial.Id);
        Assert.Contains(trial.Started.GetProperty("status").GetString(), new[] { "queued", "running", "finished" });
        Assert.Equal(80, trial.Started.GetProperty("progress").GetProperty("total").GetInt64());
    }

    [Fact]
    public void The_finished_trial_has_summary_rows_by_arm_and_week_with_intervals()
    {
        var t = trial.Finished;
        Assert.Equal("finished", t.GetProperty("status").GetString());
        Assert.Equal(1.0, t.GetProperty("progress").GetProperty("fraction").GetDouble());
        Assert.Equal(80, t.GetProperty("subjects_simulated").GetInt64());
        var summary = t.GetProperty("summary");
        var columns = summary.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(TrkbSim.Trials.Output.SummaryCsv.Header, string.Join(',', columns));
        var rows = summary.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["flx", "pbo"], rows.Select(r => r[0].GetString()).Distinct());
        foreach (var r in rows)
        {
            double rate = r[columns.IndexOf("response_rate")].GetDouble();
            Assert.InRange(rate, r[columns.IndexOf("response_rate_ci_low")].GetDouble(), r[columns.IndexOf("response_rate_ci_high")].GetDouble());
        }
        var percentiles = t.GetProperty("madrs_percentiles");
        Assert.Equal(["arm", "day", "time_h", "p05", "p25", "p50", "p75", "p95", "n"], percentiles.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2 * 15, percentiles.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_select_on_the_trial_tables_answers_rows()
    {
        var (status, answer) = await Json.Post(_client, $"/api/trials/{trial.Id}/query", new { sql = "SELECT arm, count(*) AS n FROM subjects GROUP BY arm ORDER BY arm;" });
        Assert.Equal(200, status);
        Assert.Equal(["arm", "n"], answer.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(40, answer.GetProperty("data")[0][1].GetInt64());
        Assert.False(answer.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Rows_beyond_the_limit_are_left_out_and_said_so()
    {
        var (status, answer) = await Json.Post(_client, $"/api/trials/{trial.Id}/query", new { sql = "WITH s AS (SELECT * FROM weekly_scores) SELECT * FROM s" });
        Assert.Equal(200, status);
        // 80 subjects x 4 visits (baseline, day 1, weeks 1 and 2) = 320 rows, under the limit; the limit itself cuts a cross join.
        Assert.Equal(320, answer.GetProperty("data").GetArrayLength());
        Assert.False(answer.GetProperty("truncated").GetBoolean());
        (status, answer) = await Json.Post(_client, $"/api/trials/{trial.Id}/query", new { sql = "SELECT a.subject FROM weekly_scores a, weekly_scores b" });
        Assert.Equal(200, status);
        Assert.Equal(trial.Host.Options.MaxQueryRows, answer.GetProperty("data").GetArrayLength());
        Assert.True(answer.GetProperty("truncated").GetBoolean());
    }

    [Theory]
    [InlineData("DELETE FROM summary", "only a read-only SELECT")]
    [InlineData("DROP TABLE summary", "only a read-only SELECT")]
    [InlineData("SELECT 1; DROP TABLE summary", "only one statement")]
    [InlineData("ATTACH '/tmp/x.duckdb' AS x", "only a read-only SELECT")]
    [InlineData("COPY summary TO '/tmp/leak.csv'", "only a read-only SELECT")]
    [InlineData("INSTALL httpfs", "only a read-only SELECT")]
    [InlineData("PRAGMA database_list", "only a read-only SELECT")]
    [InlineData("/* SELECT */ UPDATE summary SET n = 0", "only a read-only SELECT")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')", "sql:")]
    [InlineData("SELECT * FROM read_text('/etc/hostname')", "sql:")]
    [InlineData("SELECT * FROM query('SET enable_external_access = true')", "sql:")]
    [InlineData("WITH x AS (SELECT 1) SELECT * FROM glob('/*')", "sql:")]
    [InlineData("SELECT 'a", "not closed")]
    [InlineData("SELECT * FROM no_table", "sql:")]
    public async Task Anything_but_a_read_only_select_on_the_trial_is_refused(string sql, string expected)
    {
        var (status, answer) = await Json.Post(_client, $"/api/trials/{trial.Id}/query", new { sql });
        Assert.Equal(400, status);
        string message = Json.Error(answer);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", message, StringComparison.Ordinal);
        // The tables are untouched.
        var (_, check) = await Json.Post(_client, $"/api/trials/{trial.Id}/query", new { sql = "SELECT count(*) FROM summary WHERE n > 0" });
        Assert.Equal(2 * 4, check.GetProperty("data")[0][0].GetInt64());
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        var (status, answer) = await Json.Get(_client, "/api/trials/0123456789abcdef0123456789abcdef");
        Assert.Equal(404, status);
        Assert.Contains("no trial with id", Json.Error(answer), StringComparison.Ordinal);
        (status, _) = await Json.Post(_client, "/api/trials/../../etc/query", new { sql = "SELECT 1" });
        Assert.Equal(404, status);
    }

    [Theory]
    [InlineData("""{"arms":["a: fluoxetine 20mg oral every 24h"],"n":5000}""", "n: 5000 subjects per arm; allowed on this server: 1 to 2,000")]
    [InlineData("""{"arms":["a: fluoxetine 20mg oral every 24h"],"weeks":60}""", "weeks: 60; allowed on this server: 1 to 26")]
    [InlineData("""{"arms":[]}""", "arms: 0 arms; allowed: 1 to 4")]
    [InlineData("""{"n":10}""", "arms: give at least one arm")]
    [InlineData("""{"arms":["a: fluoxetin 20mg oral every 24h"]}""", "unknown compound 'fluoxetin'")]
    [InlineData("""{"arms":["no label"]}""", "expected \"LABEL: REGIMEN\"")]
    [InlineData("""{"arms":["a: placebo"],"out":"/tmp/x"}""", "unknown key 'out'; allowed: arms, n, weeks, seed")]
    public async Task Bad_trials_are_refused_before_they_start(string body, string expected)
    {
        var (status, answer) = await Json.PostRaw(_client, "/api/trials", body);
        Assert.Equal(400, status);
        Assert.Contains(expected, Json.Error(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arms_named_by_a_compound_alone_run_at_its_low_clinical_dose()
    {
        await using var host = new ApiHost();
        var (status, started) = await Json.Post(host.Client, "/api/trials", new { arms = new[] { "fluoxetine", "placebo" }, n = 6, weeks = 1 });
        Assert.Equal(202, status);
        var done = await WaitFor(host.Client, started.GetProperty("id").GetString()!, TimeSpan.FromMinutes(2));
        Assert.Equal("finished", done.GetProperty("status").GetString());
        var rows = done.GetProperty("summary").GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["fluoxetine", "placebo"], rows.Select(r => r[0].GetString()).Distinct());
        var (_, info) = await Json.Post(host.Client, $"/api/trials/{started.GetProperty("id").GetString()}/query",
            new { sql = "SELECT value FROM run_info WHERE key = 'arm0'" });
        Assert.Contains("fluoxetine: fluoxetine 20mg oral every 24h", info.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_trial_while_one_runs_is_a_429_and_ids_differ()
    {
        await using var host = new ApiHost(new WebOptions { MaxConcurrentTrials = 1 });
        var (status, first) = await Json.Post(host.Client, "/api/trials", new { arms = new[] { "a: fluoxetine 20mg oral every 24h" }, n = 2000, weeks = 26 });
        Assert.Equal(202, status);
        var (status2, second) = await Json.Post(host.Client, "/api/trials", new { arms = new[] { "b: placebo" }, n = 10, weeks = 1 });
        Assert.Equal(429, status2);
        Assert.Contains("already running", Json.Error(second), StringComparison.Ordinal);
        Assert.NotEqual(trial.Id, first.GetProperty("id").GetString());
        var (_, running) = await Json.Post(host.Client, $"/api/trials/{first.GetProperty("id").GetString()}/query", new { sql = "SELECT 1" });
        Assert.Contains("still running", Json.Error(running), StringComparison.Ordinal);
        // Disposing the host cancels the running trial and deletes its folder.
        string folder = host.Get<TrialRegistry>().WorkDirectory;
        await host.DisposeAsync();
        Assert.False(Directory.Exists(folder));
    }
}
