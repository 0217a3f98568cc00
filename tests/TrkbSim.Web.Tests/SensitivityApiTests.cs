namespace TrkbSim.Web.Tests;

/// <summary>POST /api/sensitivity: local elasticities (tornado) and Sobol indices of one output.</summary>
public sealed class SensitivityApiTests(ApiHostFixture fixture) : IClassFixture<ApiHostFixture>
{
    readonly HttpClient _client = fixture.Host.Client;

    [Fact]
    public async Task Local_elasticities_rank_the_parameters_and_the_largest_moves_the_output()
    {
        var (status, answer) = await Json.Post(_client, "/api/sensitivity", new { regimen = "fluoxetine 20mg oral every 24h for 3w", output = "occupancy_TRKB", time = "3w" });
        Assert.Equal(200, status);
        var effects = answer.GetProperty("effects").EnumerateArray().ToList();
        Assert.True(effects.Count >= 8);
        var magnitudes = effects.Select(e => Math.Abs(e.GetProperty("elasticity").GetDouble())).ToList();
        Assert.Equal(magnitudes.OrderByDescending(m => m), magnitudes);
        // TRKB occupancy rises with the drug's TRKB affinity: a larger K_TRKB (weaker binding) lowers it.
        var kTrkb = effects.Single(e => e.GetProperty("parameter").GetString() == "fluoxetine_K_TRKB");
        Assert.True(kTrkb.GetProperty("elasticity").GetDouble() < 0);
        Assert.Equal(2 * effects.Count + 1, answer.GetProperty("evaluations").GetInt32());
    }

    [Fact]
    public async Task Sobol_indices_come_with_intervals()
    {
        var (status, answer) = await Json.Post(_client, "/api/sensitivity", new { regimen = "ketamine 0.5mg/kg infusion:40min doses 1", output = "plasticity", time = "2d", method = "sobol", samples = 4 });
        Assert.Equal(200, status);
        var first = answer.GetProperty("effects")[0];
        Assert.True(first.GetProperty("total_order_low").GetDouble() <= first.GetProperty("total_order_high").GetDouble());
        Assert.Equal(4 * (answer.GetProperty("effects").GetArrayLength() + 2), answer.GetProperty("evaluations").GetInt32());
    }

    [Theory]
    [InlineData("""{"output":"serotonin"}""", "output: 'serotonin' is not offered; allowed: madrs")]
    [InlineData("""{"method":"morris"}""", "method: 'morris' is not allowed; allowed: local, sobol")]
    [InlineData("""{"method":"sobol","samples":100000}""", "samples: 100000 is not allowed; allowed: 4 to 64")]
    [InlineData("""{"time":"60w"}""", "time: at most 52w")]
    [InlineData("""{"regimen":"fluoxetine lots"}""", "fluoxetine lots")]
    public async Task Bad_requests_name_the_key(string body, string expected)
    {
        var (status, answer) = await Json.PostRaw(_client, "/api/sensitivity", body);
        Assert.Equal(400, status);
        Assert.Contains(expected, Json.Error(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analysis_beyond_the_time_budget_is_stopped()
    {
        await using var host = new ApiHost(new WebOptions { SimulationTimeBudget = TimeSpan.FromMilliseconds(300) });
        var (status, answer) = await Json.Post(host.Client, "/api/sensitivity", new { method = "sobol", samples = 64, time = "26w" });
        Assert.Equal(422, status);
        Assert.Contains("the sensitivity analysis did not finish within the server's time budget", Json.Error(answer), StringComparison.Ordinal);
    }
}
