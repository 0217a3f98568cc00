using TrkbSim.Pharmacology.Scenarios;

namespace TrkbSim.Web.Tests;

/// <summary>GET /api/compounds, /api/compounds/{id}, /api/options, /api/model, /api/scenarios and the OpenAPI document.</summary>
public sealed class CatalogApiTests(ApiHostFixture fixture) : IClassFixture<ApiHostFixture>
{
    readonly HttpClient _client = fixture.Host.Client;

    [Fact]
    public async Task Compounds_lists_the_library_with_affinities_and_clinical_doses()
    {
        var (status, answer) = await Json.Get(_client, "/api/compounds");
        Assert.Equal(200, status);
        var fluoxetine = answer.GetProperty("compounds").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "fluoxetine");
        Assert.Equal("SSRI", fluoxetine.GetProperty("class").GetString());
        Assert.True(fluoxetine.GetProperty("affinities_nM").GetProperty("SERT").GetDouble() > 0);
        Assert.Equal("mg/day", fluoxetine.GetProperty("clinical_dose").GetProperty("unit").GetString());
        Assert.Contains(answer.GetProperty("compounds").EnumerateArray(), c => c.TryGetProperty("parent", out var p) && p.GetString() == "fluoxetine");
    }

    [Fact]
    public async Task A_compound_shows_every_value_with_unit_status_and_source()
    {
        var (status, answer) = await Json.Get(_client, "/api/compounds/ketamine");
        Assert.Equal(200, status);
        var values = answer.GetProperty("values").EnumerateArray().ToList();
        Assert.Contains(values, v => v.GetProperty("field").GetString() == "affinities.NMDA");
        Assert.All(values, v =>
        {
            Assert.False(string.IsNullOrEmpty(v.GetProperty("source").GetString()));
            Assert.Contains(v.GetProperty("status").GetString(), new[] { "measured", "derived", "assumed", "calibrated" });
        });
        (status, answer) = await Json.Get(_client, "/api/compounds/aspirin");
        Assert.Equal(404, status);
        Assert.Contains("compound 'aspirin' is not in the library; known: fluoxetine", Json.Error(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_lists_the_allowed_values()
    {
        var (_, answer) = await Json.Get(_client, "/api/options");
        Assert.Equal(["human", "mouse"], answer.GetProperty("species").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("y433f-het", answer.GetProperty("genotype").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["membrane", "free"], answer.GetProperty("exposure").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Model_gives_the_core_and_the_assembled_text_for_a_regimen()
    {
        var (status, answer) = await Json.Get(_client, "/api/model?regimen=" + Uri.EscapeDataString("sertraline 50mg oral every 24h for 2w"));
        Assert.Equal(200, status);
        string assembled = answer.GetProperty("assembled").GetString()!;
        Assert.Contains("sertraline", assembled, StringComparison.Ordinal);
        Assert.Contains("madrs", assembled, StringComparison.Ordinal);
        Assert.Contains(answer.GetProperty("core").GetString()!.Split('\n')[5], assembled, StringComparison.Ordinal);
        (status, answer) = await Json.Get(_client, "/api/model?species=rat");
        Assert.Equal(400, status);
        Assert.Contains("allowed: human, mouse", Json.Error(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenarios_lists_every_named_scenario()
    {
        var (_, answer) = await Json.Get(_client, "/api/scenarios");
        Assert.Equal(ScenarioRegistry.Names, answer.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList());
    }

    [Fact]
    public async Task A_scenario_gives_its_runs_key_outputs_summaries_and_findings()
    {
        var (status, answer) = await Json.Get(_client, "/api/scenarios/imipramine");
        Assert.Equal(200, status);
        var definition = ScenarioRegistry.Get("imipramine");
        var runs = answer.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(definition.Runs.Select(r => r.Label), runs.Select(r => r.GetProperty("label").GetString()));
        foreach (var run in runs)
        {
            Assert.Equal(["time_h", .. definition.KeyOutputs], run.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!));
            Assert.True(run.GetProperty("data").GetArrayLength() > 100);
            Assert.True(run.GetProperty("summary").GetProperty("duration_hours").GetDouble() > 0);
        }
        Assert.NotEmpty(answer.GetProperty("findings").EnumerateArray());
        Assert.Contains("%", answer.GetProperty("key_outputs").EnumerateArray().First(k => k.GetProperty("column").GetString()!.StartsWith("occupancy", StringComparison.Ordinal)).GetProperty("axis").GetString(), StringComparison.Ordinal);
        (status, answer) = await Json.Get(_client, "/api/scenarios/nope");
        Assert.Equal(404, status);
        Assert.Contains("known: fluoxetine-vs-ketamine", Json.Error(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_api()
    {
        string doc = await _client.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/compounds", "/api/compounds/{id}", "/api/scenarios", "/api/scenarios/{name}", "/api/regimen", "/api/simulate", "/api/trials", "/api/trials/{id}", "/api/trials/{id}/query", "/api/model" })
            Assert.Contains($"\"{path}\"", doc, StringComparison.Ordinal);
        Assert.Contains("TrkbSim web API", doc, StringComparison.Ordinal);
        Assert.Contains("start-at", doc, StringComparison.Ordinal);
    }
}
