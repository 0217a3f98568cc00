using System.Text.Json;
using System.Text.Json.Serialization;
using TrkbSim.Web.Hosting;
using TrkbSim.Web.Simulations;

namespace TrkbSim.Web.Api;

/// <summary>Body of POST /api/simulate: model text (Antimony or SBML) and what <c>trkbsim simulate</c> takes.</summary>
public sealed record SimulateRequest : IRequestBody
{
    /// <summary>The model: Antimony text, or SBML (text starting with '&lt;').</summary>
    public string? Model { get; init; }
    public double? Start { get; init; }
    public double? End { get; init; }
    /// <summary>Number of output intervals (default 100).</summary>
    public int? Steps { get; init; }
    /// <summary>Output times instead of steps.</summary>
    public IReadOnlyList<double>? Times { get; init; }
    /// <summary>Output variables (default: all).</summary>
    public IReadOnlyList<string>? Vars { get; init; }
    public string? Solver { get; init; }
    /// <summary>Parameter or initial value changes: id -> value.</summary>
    public IReadOnlyDictionary<string, double>? Set { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>POST /api/simulate: a model text's time course, with errors at their line and column.</summary>
public static class SimulateEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/simulate", async (SimulateRequest? body, ModelSimulation simulation, SimulationSlots slots, HttpContext context) =>
        {
            var request = RequestBody.Check(body);
            var prepared = simulation.Prepare(request);
            var result = await slots.RunAsync("the simulation", budget => ModelSimulation.Run(prepared, budget), context.RequestAborted);
            return TableJson.Answer(json =>
            {
                TableJson.Write(json, ["time", .. result.Result.Columns], [result.Result.Times, .. result.Result.Values]);
                json.WriteStartArray("warnings");
                foreach (var w in result.Warnings) json.WriteStringValue(w);
                json.WriteEndArray();
                json.WriteString("statistics", result.Result.Statistics.ToString());
            });
        }).WithName("Simulate").WithTags("model")
          .Accepts<SimulateRequest>("application/json")
          .WithSummary("Simulate model text (Antimony or SBML): {\"columns\": [...], \"data\": [[...], ...]}; model errors come with line and column");
    }
}
