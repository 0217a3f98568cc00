using System.Collections.Concurrent;
using System.Text.Json;
using TrkbSim.Pharmacology.Runs;
using TrkbSim.Pharmacology.Scenarios;
using TrkbSim.Web.Hosting;

namespace TrkbSim.Web.Api;

/// <summary>
/// GET /api/scenarios (every named scenario: name, title, description, runs, key outputs) and
/// GET /api/scenarios/{name} (its runs' key outputs over time, per-run summaries and the comparison in numbers).
/// Scenarios are fixed by the program, so each is simulated once and its answer kept.
/// </summary>
public static class ScenarioEndpoints
{
    static readonly ConcurrentDictionary<string, byte[]> Answers = new(StringComparer.Ordinal);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/scenarios", () => TableJson.Answer(json =>
        {
            json.WriteStartArray("scenarios");
            foreach (var s in ScenarioRegistry.All)
            {
                json.WriteStartObject();
                json.WriteString("name", s.Name);
                json.WriteString("title", s.Title);
                json.WriteString("description", s.Description);
                WriteStrings(json, "runs", s.Runs.Select(r => r.Label));
                WriteStrings(json, "key_outputs", s.KeyOutputs);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        })).WithName("ListScenarios").WithTags("scenarios").WithSummary("Every named scenario: name, title, description, run labels, key outputs");

        app.MapGet("/api/scenarios/{name}", async (string name, SimulationSlots slots, HttpContext context) =>
        {
            var scenario = ScenarioRegistry.All.FirstOrDefault(s => s.Name == name)
                ?? throw ApiException.NotFound($"scenario '{name}' is unknown; known: {string.Join(", ", ScenarioRegistry.Names)}");
            if (!Answers.TryGetValue(scenario.Name, out var answer))
            {
                answer = await slots.RunAsync($"scenario {scenario.Name}", _ => Render(ScenarioRunner.Simulate(scenario)), context.RequestAborted);
                Answers.TryAdd(scenario.Name, answer);
            }
            return Results.Bytes(answer, "application/json; charset=utf-8");
        }).WithName("RunScenario").WithTags("scenarios")
          .WithSummary("A scenario's runs (time_h and the key outputs per run), per-run summaries and findings (markdown lines)");
    }

    static byte[] Render(ScenarioResults results)
    {
        var scenario = results.Definition;
        var findings = scenario.Compare(results);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, TableJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("name", scenario.Name);
            json.WriteString("title", scenario.Title);
            json.WriteString("description", scenario.Description);
            WriteStrings(json, "findings", findings);
            json.WriteStartArray("key_outputs");
            foreach (var column in scenario.KeyOutputs)
            {
                var (title, axis) = OverlayPlotter.Describe(column);
                json.WriteStartObject();
                json.WriteString("column", column);
                json.WriteString("title", title);
                json.WriteString("axis", axis);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("runs");
            for (int i = 0; i < scenario.Runs.Length; i++)
            {
                var result = results.Results[i];
                json.WriteStartObject();
                json.WriteString("label", scenario.Runs[i].Label);
                string[] columns = [RegimenColumns.Time, .. scenario.KeyOutputs.Where(result.Has)];
                TableJson.Write(json, columns, [.. columns.Select(result.Column)]);
                json.WritePropertyName("summary");
                json.WriteRawValue(results.Summaries[i].ToJson());
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }
}
