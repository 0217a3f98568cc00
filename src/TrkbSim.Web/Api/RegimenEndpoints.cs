using System.Text;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Runs;
using TrkbSim.Web.Hosting;
using TrkbSim.Web.Simulations;

namespace TrkbSim.Web.Api;

/// <summary>
/// POST /api/regimen: one subject on a regimen through every layer of the mechanism. The answer has the columns and
/// values <c>trkbsim regimen --out x.csv</c> writes for the same options (<c>?format=csv</c>: that CSV itself), the
/// compounds present, the plausibility warnings and the run's summary (onset, response, peaks and troughs).
/// </summary>
public static class RegimenEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/regimen", async (RegimenBody? body, string? format, SimulationSlots slots, WebOptions options, HttpContext context) =>
        {
            if (format is not (null or "json" or "csv")) throw ApiException.BadRequest($"format: '{format}' is not allowed; allowed: json, csv");
            var prepared = RegimenMapping.Prepare(RequestBody.Check(body), CompoundLibrary.LoadDefault());
            CheckWork(prepared, options);
            var result = await slots.RunAsync("the regimen run", budget =>
            {
                var run = prepared.Regimen.Options with { Cancellation = budget };
                return prepared.Uncertainty is { } u
                    ? UncertaintyRunner.Run(prepared.Regimen.Settings, run, u.Samples, u.Seed)
                    : RegimenRunner.Run(prepared.Regimen.Settings, run);
            }, context.RequestAborted);
            if (format == "csv")
            {
                using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                RegimenCsvWriter.Write(result, text);
                return Results.Text(text.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
            }
            var summary = RegimenSummarizer.Summarize(result).ToJson();
            return TableJson.Answer(json =>
            {
                TableJson.Write(json, result.Columns, result.Values);
                json.WriteStartArray("compounds");
                foreach (var c in result.Compounds) json.WriteStringValue(c);
                json.WriteEndArray();
                json.WriteStartArray("warnings");
                foreach (var w in prepared.Regimen.Warnings) json.WriteStringValue(w);
                json.WriteEndArray();
                json.WritePropertyName("summary");
                json.WriteRawValue(summary);
            });
        }).WithName("RunRegimen").WithTags("regimen").Accepts<RegimenBody>("application/json")
          .WithSummary("One subject on a regimen: {\"columns\": [...], \"data\": [[...], ...]} as `trkbsim regimen --out x.csv` gives for the same options; ?format=csv for that CSV");
    }

    /// <summary>The server's work budget: simulated time, output rows and uncertainty samples.</summary>
    static void CheckWork(PreparedRegimenRun prepared, WebOptions limits)
    {
        double hours = prepared.Regimen.Options.DurationHours, step = prepared.Regimen.Options.OutputStepHours;
        if (hours > limits.MaxRegimenHours)
            throw ApiException.BadRequest($"simulate: {hours:G6} h is longer than this server allows; at most {limits.MaxRegimenHours:G6} h ({limits.MaxRegimenHours / 8766:0.#} years)");
        if (hours / step > limits.MaxOutputRows)
            throw ApiException.BadRequest($"step: {step:G6} h over {hours:G6} h gives more than {limits.MaxOutputRows:N0} rows; use a step of at least {hours / limits.MaxOutputRows:G3} h");
        if (prepared.Uncertainty is { Samples: var n } && n > limits.MaxUncertaintySamples)
            throw ApiException.BadRequest($"uncertainty: {n} samples; this server allows at most {limits.MaxUncertaintySamples} (more with `trkbsim regimen --uncertainty`)");
    }
}
