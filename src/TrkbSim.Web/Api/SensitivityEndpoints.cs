using System.Text.Json;
using System.Text.Json.Serialization;
using TrkbSim.Web.Hosting;
using TrkbSim.Web.Simulations;

namespace TrkbSim.Web.Api;

/// <summary>Body of POST /api/sensitivity.</summary>
public sealed record SensitivityRequest : IRequestBody
{
    public string? Species { get; init; }
    /// <summary>One regimen text, e.g. "fluoxetine 20mg oral every 24h for 8w".</summary>
    public string? Regimen { get; init; }
    /// <summary>A mechanism output: madrs, occupancy_TRKB, trkb_signal, trkb_surface, bdnf, plasticity, network_state.</summary>
    public string? Output { get; init; }
    /// <summary>When the output is read: 8w, 30d.</summary>
    public string? Time { get; init; }
    /// <summary>local (elasticities, a tornado) or sobol (first- and total-order indices).</summary>
    public string? Method { get; init; }
    /// <summary>Sobol base sample size N.</summary>
    public int? Samples { get; init; }
    public int? Seed { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>POST /api/sensitivity: which parameters move one output of a regimen run (local tornado or Sobol indices).</summary>
public static class SensitivityEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sensitivity", async (SensitivityRequest? body, SimulationSlots slots, WebOptions options, HttpContext context) =>
        {
            var r = RequestBody.Check(body);
            var question = MechanismSensitivity.Question(r.Species, r.Regimen, r.Output, r.Time, r.Method, r.Samples, r.Seed, options);
            var answer = await slots.RunAsync("the sensitivity analysis", budget => MechanismSensitivity.Run(question, budget), context.RequestAborted);
            return TableJson.Answer(json =>
            {
                json.WriteString("regimen", question.RegimenText);
                json.WriteString("output", question.Output);
                json.WriteNumber("time_h", question.Hours);
                json.WriteString("method", question.Method);
                json.WritePropertyName("nominal_output");
                TableJson.Number(json, answer.NominalOutput);
                json.WriteNumber("evaluations", answer.Evaluations);
                if (question.Method == "sobol")
                {
                    json.WriteNumber("samples", question.Samples);
                    json.WriteNumber("factor", question.Factor);
                }
                json.WriteStartArray("effects");
                foreach (var e in answer.Effects)
                {
                    json.WriteStartObject();
                    json.WriteString("parameter", e.Parameter);
                    json.WriteNumber("nominal", e.Nominal);
                    Field(json, question.Method == "local" ? "elasticity" : "first_order", e.Index);
                    Field(json, "first_order_low", e.IndexLow);
                    Field(json, "first_order_high", e.IndexHigh);
                    Field(json, "total_order", e.Total);
                    Field(json, "total_order_low", e.TotalLow);
                    Field(json, "total_order_high", e.TotalHigh);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            });
        }).WithName("Sensitivity").WithTags("sensitivity").Accepts<SensitivityRequest>("application/json")
          .WithSummary("Sensitivity of one output at one time to the onset parameters: local elasticities (tornado) or Sobol indices");
    }

    static void Field(Utf8JsonWriter json, string name, double? value)
    {
        if (value is not { } v) return;
        json.WritePropertyName(name);
        TableJson.Number(json, v);
    }
}
