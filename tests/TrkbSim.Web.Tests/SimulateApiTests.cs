namespace TrkbSim.Web.Tests;

/// <summary>POST /api/simulate: model text in, time course out; model errors at their line and column; no file access.</summary>
public sealed class SimulateApiTests(ApiHostFixture fixture) : IClassFixture<ApiHostFixture>
{
    readonly HttpClient _client = fixture.Host.Client;

    [Fact]
    public async Task Antimony_text_is_simulated_on_the_requested_grid()
    {
        var (status, answer) = await Json.Post(_client, "/api/simulate", new { model = "S1 = 10; J0: S1 -> ; k1*S1; k1 = 0.1", end = 10.0, steps = 4 });
        Assert.Equal(200, status);
        Assert.Equal(["time", "S1"], answer.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var rows = answer.GetProperty("data").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();
        Assert.Equal([0, 2.5, 5, 7.5, 10], rows.Select(r => r[0]));
        foreach (var r in rows) Assert.Equal(10 * Math.Exp(-0.1 * r[0]), r[1], 1e-5);
    }

    [Fact]
    public async Task Times_vars_and_set_are_applied()
    {
        var (status, answer) = await Json.Post(_client, "/api/simulate", new
        {
            model = "S1 = 10; J0: S1 -> ; k1*S1; k1 = 0.1; y := 2*S1", end = 5.0, times = new[] { 0.0, 5.0 }, vars = new[] { "y" },
            set = new Dictionary<string, double> { ["k1"] = 0.2 },
        });
        Assert.Equal(200, status);
        var last = answer.GetProperty("data")[1];
        Assert.Equal(5, last[0].GetDouble());
        Assert.Equal(20 * Math.Exp(-1.0), last[1].GetDouble(), 1e-5);
    }

    [Fact]
    public async Task A_syntax_error_comes_with_its_line_and_column()
    {
        var (status, answer) = await Json.Post(_client, "/api/simulate", new { model = "x = 1\ny = x +* 2\n", end = 1.0 });
        Assert.Equal(400, status);
        Assert.Equal(2, answer.GetProperty("line").GetInt32());
        Assert.Equal(8, answer.GetProperty("column").GetInt32());
        Assert.Contains("model:2:8", Json.Error(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_name_comes_with_its_line_and_column()
    {
        var (status, answer) = await Json.Post(_client, "/api/simulate", new { model = "x = 1\n\ny := zz + 2\n", end = 1.0 });
        Assert.Equal(400, status);
        Assert.Equal(3, answer.GetProperty("line").GetInt32());
        Assert.Contains("unknown identifier 'zz'", Json.Error(answer), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"x = 1"}""", "end: the end time is required")]
    [InlineData("""{"model":"x = 1","end":1,"steps":0}""", "steps: 0 is not allowed; allowed: 1 to")]
    [InlineData("""{"model":"x = 1","end":1,"steps":5,"times":[0,1]}""", "steps and times cannot be used together")]
    [InlineData("""{"model":"x = 1","end":1,"times":[0.5,2]}""", "times: 2 lies outside [start, end] = [0, 1]")]
    [InlineData("""{"model":"x = 1","end":1,"solver":"euler"}""", "solver: unknown solver 'euler'; allowed:")]
    [InlineData("""{"end":1}""", "model: the model text (Antimony or SBML) is required")]
    [InlineData("""{"model":"S1 = 1; S1 -> ; S1","end":1,"vars":["nope"]}""", "vars:")]
    [InlineData("""{"model":"S1 = 1; S1 -> ; S1","end":1,"set":{"nope":2}}""", "set nope:")]
    public async Task Bad_requests_name_what_is_wrong(string body, string expected)
    {
        var (status, answer) = await Json.PostRaw(_client, "/api/simulate", body);
        Assert.Equal(400, status);
        Assert.Contains(expected, Json.Error(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sbml_that_names_files_or_declares_entities_is_refused_without_reading_anything()
    {
        const string external = """
            <?xml version="1.0" encoding="UTF-8"?>
            <sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" xmlns:comp="http://www.sbml.org/sbml/level3/version1/comp/version1" level="3" version="1" comp:required="true">
              <comp:listOfExternalModelDefinitions><comp:externalModelDefinition comp:id="e" comp:source="/etc/passwd"/></comp:listOfExternalModelDefinitions>
              <model id="m"/>
            </sbml>
            """;
        var (status, answer) = await Json.Post(_client, "/api/simulate", new { model = external, end = 1.0 });
        Assert.Equal(400, status);
        string message = Json.Error(answer);
        Assert.Contains("external model definitions", message, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", message, StringComparison.Ordinal);

        const string entity = """<?xml version="1.0"?><!DOCTYPE sbml [<!ENTITY x SYSTEM "file:///etc/passwd">]><sbml>&x;</sbml>""";
        (status, answer) = await Json.Post(_client, "/api/simulate", new { model = entity, end = 1.0 });
        Assert.Equal(400, status);
        Assert.Contains("document type declaration", Json.Error(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sbml_text_is_simulated_too()
    {
        const string sbml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
              <model id="decay">
                <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
                <listOfSpecies><species id="S" compartment="c" initialConcentration="4" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>
                <listOfParameters><parameter id="k" value="0.5" constant="true"/></listOfParameters>
                <listOfReactions><reaction id="r" reversible="false"><listOfReactants><speciesReference species="S" stoichiometry="1" constant="true"/></listOfReactants>
                  <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>k</ci><ci>S</ci><ci>c</ci></apply></math></kineticLaw></reaction></listOfReactions>
              </model>
            </sbml>
            """;
        var (status, answer) = await Json.Post(_client, "/api/simulate", new { model = sbml, end = 2.0, steps = 2 });
        Assert.Equal(200, status);
        var last = answer.GetProperty("data")[2];
        Assert.Equal(4 * Math.Exp(-1.0), last[1].GetDouble(), 1e-5);
    }
}
