using System.Globalization;
using System.Net.Http.Json;
using TrkbSim.Cli;

namespace TrkbSim.Web.Tests;

/// <summary>POST /api/regimen gives what `trkbsim regimen --out x.csv` writes for the same options, and clear errors.</summary>
public sealed class RegimenApiTests(ApiHostFixture fixture) : IClassFixture<ApiHostFixture>
{
    readonly HttpClient _client = fixture.Host.Client;

    public static TheoryData<string, string[]> SameOptions => new()
    {
        { """{"drug":"fluoxetine","dose":"20mg","every":"24h","for":"8w"}""", ["--drug", "fluoxetine", "--dose", "20mg", "--every", "24h", "--for", "8w"] },
        {
            """{"species":"mouse","drug":"ketamine","dose":"10mg/kg","route":"ip","genotype":"y433f-het","simulate":"2d","step":"30min"}""",
            ["--species", "mouse", "--drug", "ketamine", "--dose", "10mg/kg", "--route", "ip", "--genotype", "y433f-het", "--simulate", "2d", "--step", "30min"]
        },
        {
            """{"regimen":["sertraline 50mg oral every 24h for 3w","ketamine 0.5mg/kg infusion:40min doses 1 from 7d"],"cholesterol":"30%","environment":"supportive","exposure":"free","cyp2c19":"poor","step":"6h"}""",
            ["--regimen", "sertraline 50mg oral every 24h for 3w", "--regimen", "ketamine 0.5mg/kg infusion:40min doses 1 from 7d", "--cholesterol", "30%",
             "--environment", "supportive", "--exposure", "free", "--cyp2c19", "poor", "--step", "6h"]
        },
        {
            """{"regimen":"escitalopram 10mg oral every 24h for 1w","steady-state":true,"step":"4h"}""",
            ["--regimen", "escitalopram 10mg oral every 24h for 1w", "--steady-state", "--step", "4h"]
        },
    };

    [Theory]
    [MemberData(nameof(SameOptions))]
    public async Task Columns_and_values_equal_the_command_line_csv(string body, string[] cliOptions)
    {
        string csv = CliCsv(cliOptions);
        var lines = csv.TrimEnd('\n').Split('\n');
        var (status, answer) = await Json.PostRaw(_client, "/api/regimen", body);
        Assert.Equal(200, status);
        Assert.Equal(lines[0].Split(','), answer.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray());
        var data = answer.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(lines.Length - 1, data.Count);
        for (int r = 0; r < data.Count; r++)
        {
            var expected = lines[r + 1].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var actual = data[r].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(expected, actual);
        }

        // ?format=csv is the command's file, byte for byte.
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/api/regimen?format=csv", content);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(csv, await response.Content.ReadAsStringAsync());
    }

    static string CliCsv(string[] options)
    {
        string dir = Path.Combine(Path.GetTempPath(), "trkbsim-web-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "x.csv");
            using var stderr = new StringWriter();
            int code = Program.Run(["regimen", .. options, "--out", file], stderr);
            Assert.True(code == 0, stderr.ToString());
            return File.ReadAllText(file);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task A_repeated_question_is_answered_from_the_cache_by_meaning_not_spelling()
    {
        await using var host = new ApiHost();
        var cache = host.Get<TrkbSim.Web.Simulations.AnswerCache>();
        var first = new Dictionary<string, object> { ["drug"] = "escitalopram", ["dose"] = "10mg", ["every"] = "24h", ["for"] = "2w" };
        var same = new Dictionary<string, object> { ["drug"] = "escitalopram", ["dose"] = "10mg", ["every"] = "1d", ["for"] = "14d", ["species"] = "human" };
        using var a = await host.Client.PostAsJsonAsync("/api/regimen", first);
        Assert.Equal((0L, 1L), (cache.Hits, cache.Misses));
        using var b = await host.Client.PostAsJsonAsync("/api/regimen", same);
        Assert.Equal((1L, 1L), (cache.Hits, cache.Misses));
        Assert.Equal(await a.Content.ReadAsStringAsync(), await b.Content.ReadAsStringAsync());
        using var c = await host.Client.PostAsJsonAsync("/api/regimen", new Dictionary<string, object>(first) { ["dose"] = "15mg" });
        Assert.Equal((1L, 2L), (cache.Hits, cache.Misses));
        Assert.NotEqual(await a.Content.ReadAsStringAsync(), await c.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_answer_carries_compounds_warnings_and_the_summary()
    {
        var (status, answer) = await Json.Post(_client, "/api/regimen", new Dictionary<string, object> { ["drug"] = "fluoxetine", ["dose"] = "400mg", ["every"] = "24h", ["for"] = "1w" });
        Assert.Equal(200, status);
        Assert.Equal(["fluoxetine", "norfluoxetine"], answer.GetProperty("compounds").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("clinical range", answer.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        var summary = answer.GetProperty("summary");
        Assert.Equal("madrs", summary.GetProperty("outcome_column").GetString());
        Assert.True(summary.GetProperty("max_trkb_occupancy").GetDouble() > 0);
    }

    [Fact]
    public async Task Uncertainty_adds_percentile_bands_that_enclose_the_median()
    {
        var (status, answer) = await Json.Post(_client, "/api/regimen",
            new Dictionary<string, object> { ["drug"] = "fluoxetine", ["dose"] = "20mg", ["every"] = "24h", ["for"] = "2w", ["step"] = "12h", ["uncertainty"] = 8, ["seed"] = 3 });
        Assert.Equal(200, status);
        var columns = answer.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        int p5 = columns.IndexOf("occupancy_TRKB_p5"), p50 = columns.IndexOf("occupancy_TRKB_p50"), p95 = columns.IndexOf("occupancy_TRKB_p95");
        Assert.True(p5 > 0 && p50 > 0 && p95 > 0, string.Join(",", columns));
        var last = answer.GetProperty("data").EnumerateArray().Last().EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.True(last[p5] <= last[p50] && last[p50] <= last[p95] && last[p5] < last[p95]);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"species":"rat","drug":"fluoxetine","dose":"20mg"}""", "species: unknown species 'rat'; allowed: human, mouse" },
        { """{"drug":"fluoxetine","dosee":"20mg"}""", "unknown key 'dosee'; allowed: species, drug, dose" },
        { """{"dose":"20mg"}""", "dose: give drug NAME as well" },
        { """{"drug":"fluoxetine"}""", "dose: required with drug" },
        { """{"drug":"fluoxetine","dose":"20mg","genotype":"y433x"}""", "genotype: unknown genotype 'y433x'; allowed: wt, y433f-het, y433f-hom" },
        { """{"drug":"fluoxetine","dose":"20mg","doses":"three"}""", "'doses' has the wrong type" },
        { """{"drug":"fluoxetine","dose":"20mg","every":"24h","for":"8w","simulate":"200w"}""", "simulate: 33600 h is longer than this server allows; at most 17532 h" },
        { """{"drug":"fluoxetine","dose":"20mg","every":"24h","for":"8w","step":"1s"}""", "step" },
        { """{"drug":"fluoxetine","dose":"20mg","every":"24h","for":"2w","uncertainty":1000}""", "uncertainty: 1000 samples; this server allows at most 100" },
        { """{}""", "nothing to simulate" },
        { """[1,2]""", "request body" },
        { """{"drug":""", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_options_are_a_400_naming_the_key_and_what_is_allowed(string body, string expected)
    {
        var (status, answer) = await Json.PostRaw(_client, "/api/regimen", body);
        Assert.Equal(400, status);
        Assert.Contains(expected, Json.Error(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_beyond_the_time_budget_is_stopped_with_a_clear_message()
    {
        await using var host = new ApiHost(new WebOptions { SimulationTimeBudget = TimeSpan.FromMilliseconds(30) });
        var (status, answer) = await Json.Post(host.Client, "/api/regimen",
            new Dictionary<string, object> { ["drug"] = "fluoxetine", ["dose"] = "20mg", ["every"] = "24h", ["for"] = "52w", ["uncertainty"] = 50 });
        Assert.Equal(422, status);
        Assert.Contains("did not finish within the server's time budget of", Json.Error(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_method_and_content_type_are_json_errors()
    {
        var (status, answer) = await Json.Get(_client, "/api/regimen");
        Assert.Equal(405, status);
        Assert.Contains("not allowed", Json.Error(answer), StringComparison.Ordinal);
        (status, answer) = await Json.PostRaw(_client, "/api/regimen", "drug=fluoxetine", "application/x-www-form-urlencoded");
        Assert.Equal(415, status);
        Assert.Contains("Content-Type: application/json", Json.Error(answer), StringComparison.Ordinal);
        (status, answer) = await Json.PostRaw(_client, "/api/regimen?format=xml", "{}");
        Assert.Equal(400, status);
        Assert.Contains("allowed: json, csv", Json.Error(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_list_matches_the_json_naming()
    {
        // The error for an unknown key lists the keys the body type reads: the CLI's option names.
        var (_, answer) = await Json.PostRaw(_client, "/api/regimen", """{"x":1}""");
        string message = Json.Error(answer);
        foreach (var key in new[] { "species", "drug", "dose", "route", "every", "for", "doses", "start-at", "regimen", "simulate", "step", "genotype", "cholesterol", "environment", "exposure" })
            Assert.Contains(key, message, StringComparison.Ordinal);
    }
}
