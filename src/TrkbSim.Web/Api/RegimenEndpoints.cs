using System.Globalization;
using System.Text;
using TrkbSim.Pharmacology.Mechanism;
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
        app.MapPost("/api/regimen", async (RegimenBody? body, string? format, SimulationSlots slots, AnswerCache cache, WebOptions options, HttpContext context) =>
        {
            if (format is not (null or "json" or "csv")) throw ApiException.BadRequest($"format: '{format}' is not allowed; allowed: json, csv");
            var library = CompoundLibrary.LoadDefault();
            var prepared = RegimenMapping.Prepare(RequestBody.Check(body), library);
            CheckWork(prepared, options);
            string contentType = format == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
            string key = Key(prepared, library, format ?? "json");
            if (!cache.TryGet(key, out var answer))
            {
                var result = await slots.RunAsync("the regimen run", budget =>
                {
                    var run = prepared.Regimen.Options with { Cancellation = budget };
                    return prepared.Uncertainty is { } u
                        ? UncertaintyRunner.Run(prepared.Regimen.Settings, run, u.Samples, u.Seed)
                        : RegimenRunner.Run(prepared.Regimen.Settings, run);
                }, context.RequestAborted);
                answer = format == "csv" ? Csv(result) : Json(result, prepared);
                cache.Add(key, answer);
            }
            return Results.Bytes(answer, contentType);
        }).WithName("RunRegimen").WithTags("regimen").Accepts<RegimenBody>("application/json")
          .WithSummary("One subject on a regimen: {\"columns\": [...], \"data\": [[...], ...]} as `trkbsim regimen --out x.csv` gives for the same options; ?format=csv for that CSV");
    }

    /// <summary>What decides the answer: the assembled model, the run options, the uncertainty draw and the format.</summary>
    static string Key(PreparedRegimenRun prepared, CompoundLibrary library, string format)
    {
        var o = prepared.Regimen.Options;
        var inv = CultureInfo.InvariantCulture;
        return AnswerCache.Key(MechanismAssembler.Assemble(prepared.Regimen.Settings, library), o.DurationHours.ToString("R", inv), o.OutputStepHours.ToString("R", inv),
            o.Solver, o.RelTol.ToString("R", inv), o.AbsTol.ToString("R", inv), prepared.Uncertainty?.ToString() ?? "typical", format, string.Join("\n", prepared.Regimen.Warnings));
    }

    static byte[] Csv(RegimenResult result)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        RegimenCsvWriter.Write(result, text);
        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    static byte[] Json(RegimenResult result, PreparedRegimenRun prepared)
    {
        var summary = RegimenSummarizer.Summarize(result).ToJson();
        return TableJson.Bytes(json =>
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
