using System.Text.Json;
using System.Text.Json.Serialization;
using TrkbSim.Pharmacology;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Trials;
using TrkbSim.Trials.Output;
using TrkbSim.Web.Hosting;
using TrkbSim.Web.Trials;

namespace TrkbSim.Web.Api;

/// <summary>Body of POST /api/trials: what <c>trkbsim trial</c> takes, within the server's limits.</summary>
public sealed record TrialRequest : IRequestBody
{
    /// <summary>Arms as <c>"LABEL: REGIMEN"</c> (as <c>--arm</c>): a regimen text, several joined by '+', or 'placebo'.</summary>
    public IReadOnlyList<string>? Arms { get; init; }
    /// <summary>Subjects per arm.</summary>
    public int? N { get; init; }
    public int? Weeks { get; init; }
    public ulong? Seed { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>Body of POST /api/trials/{id}/query.</summary>
public sealed record QueryRequest : IRequestBody
{
    /// <summary>One read-only SELECT on the trial's tables.</summary>
    public string? Sql { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>
/// POST /api/trials (starts a virtual trial in the background; answers 202 with its id), GET /api/trials/{id} (status,
/// progress, and when finished the summary by arm and week and the MADRS percentile bands) and
/// POST /api/trials/{id}/query (one read-only SELECT on that trial's DuckDB tables).
/// </summary>
public static class TrialEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/trials", (TrialRequest? body, TrialRegistry registry, WebOptions options, HttpContext context) =>
        {
            var job = registry.Start(Options(RequestBody.Check(body), options));
            context.Response.Headers.Location = $"/api/trials/{job.Id}";
            return TableJson.Answer(json => WriteJob(json, job), StatusCodes.Status202Accepted);
        }).WithName("StartTrial").WithTags("trials").Accepts<TrialRequest>("application/json")
          .WithSummary("Start a virtual trial in the background; 202 with {\"id\": ...}; 429 when the server's trial slots are busy");

        app.MapGet("/api/trials/{id}", (string id, TrialRegistry registry) => TableJson.Answer(json => WriteJob(json, registry.Get(id))))
            .WithName("GetTrial").WithTags("trials")
            .WithSummary("A trial's status and progress; when finished, summary rows (response and remission by week with 95 % intervals) and MADRS percentiles per arm and day");

        app.MapPost("/api/trials/{id}/query", async (string id, QueryRequest? body, TrialRegistry registry, SimulationSlots slots, WebOptions options, HttpContext context) =>
        {
            var request = RequestBody.Check(body);
            string database = TrialRegistry.DatabaseOf(registry.Get(id));
            string sql = request.Sql ?? throw ApiException.BadRequest("sql: give a SELECT query, e.g. SELECT * FROM summary");
            ReadOnlySql.Check(sql);
            var result = await slots.RunAsync("the query", _ => TrialQuery.Run(database, sql, options.MaxQueryRows, options.QueryTimeBudget), context.RequestAborted);
            return TableJson.Answer(json =>
            {
                WriteRows(json, result);
                json.WriteBoolean("truncated", result.Truncated);
                json.WriteNumber("max_rows", options.MaxQueryRows);
            });
        }).WithName("QueryTrial").WithTags("trials").Accepts<QueryRequest>("application/json")
          .WithSummary("One read-only SELECT on the trial's tables (subjects, timecourses, weekly_scores, summary, time_to_response, madrs_percentiles, run_info)");
    }

    /// <summary>Trial options from the request, checked against the server's limits and the runner's own rules.</summary>
    static TrialOptions Options(TrialRequest request, WebOptions limits)
    {
        var arms = request.Arms ?? throw ApiException.BadRequest("arms: give at least one arm as \"LABEL: REGIMEN\", e.g. [\"flx: fluoxetine 20mg oral every 24h\", \"pbo: placebo\"]");
        if (arms.Count == 0 || arms.Count > limits.MaxTrialArms)
            throw ApiException.BadRequest($"arms: {arms.Count} arms; allowed: 1 to {limits.MaxTrialArms}");
        int n = request.N ?? 200;
        if (n < 1 || n > limits.MaxTrialSubjectsPerArm)
            throw ApiException.BadRequest($"n: {n} subjects per arm; allowed on this server: 1 to {limits.MaxTrialSubjectsPerArm:N0} (larger trials: `trkbsim trial`)");
        int weeks = request.Weeks ?? 8;
        if (weeks < 1 || weeks > limits.MaxTrialWeeks)
            throw ApiException.BadRequest($"weeks: {weeks}; allowed on this server: 1 to {limits.MaxTrialWeeks}");
        if (arms.Any(a => a is null || a.Length > 500)) throw ApiException.BadRequest("arms: each arm is a text of at most 500 characters");
        var options = TrialOptions.FromArmStrings(arms, "(server)") with
        {
            SubjectsPerArm = n,
            Weeks = weeks,
            Seed = request.Seed ?? 42,
            TimecourseEveryDays = 7,
            WritePictures = false,
        };
        options.Validate();
        // The regimens are read now, so that a mistake is answered at once (400) rather than by a failed trial.
        var library = CompoundLibrary.LoadDefault();
        foreach (var arm in options.Arms)
            foreach (var part in arm.RegimenPartsForTrial(options.Weeks))
            {
                try { RegimenParser.Parse(part, library, Organism.Human); }
                catch (PharmacologyInputException e) { throw ApiException.BadRequest($"arms: \"{arm.Label}: {arm.Regimen}\": {e.Message}"); }
            }
        return options;
    }

    static void WriteJob(Utf8JsonWriter json, TrialJob job)
    {
        var progress = job.Progress;
        json.WriteString("id", job.Id);
        json.WriteString("status", job.Status.ToString().ToLowerInvariant());
        json.WriteStartObject("progress");
        json.WriteNumber("done", progress.SubjectsDone);
        json.WriteNumber("total", progress.SubjectsTotal);
        json.WriteNumber("fraction", progress.Fraction);
        json.WriteString("stage", progress.Stage);
        json.WriteEndObject();
        json.WriteNumber("elapsed_s", Math.Round(job.Elapsed.TotalSeconds, 2));
        json.WriteStartArray("arms");
        foreach (var arm in job.Options.Arms) json.WriteStringValue(arm.Label);
        json.WriteEndArray();
        json.WriteNumber("n", job.Options.SubjectsPerArm);
        json.WriteNumber("weeks", job.Options.Weeks);
        json.WriteNumber("seed", job.Options.Seed);
        if (job.Error is not null) json.WriteString("error", job.Error);
        if (job.Result is { } result)
        {
            json.WriteNumber("subjects_simulated", result.SubjectsSimulated);
            json.WriteNumber("subjects_failed", result.SubjectsFailed);
            json.WriteStartObject("summary");
            WriteRows(json, new TrialQueryResult(SummaryColumns, [.. result.Summary.Select(r => r.ToRow())], false));
            json.WriteEndObject();
        }
        if (job.Percentiles is { } percentiles)
        {
            json.WriteStartObject("madrs_percentiles");
            WriteRows(json, percentiles);
            json.WriteEndObject();
        }
    }

    /// <summary>Column names of the summary rows: those of summary.csv and the summary table.</summary>
    static readonly IReadOnlyList<string> SummaryColumns = SummaryCsv.Header.Split(',');

    /// <summary>"columns" and "data" of query rows: numbers as numbers (non-finite as null), text as text.</summary>
    static void WriteRows(Utf8JsonWriter json, TrialQueryResult result)
    {
        json.WriteStartArray("columns");
        foreach (var c in result.Columns) json.WriteStringValue(c);
        json.WriteEndArray();
        json.WriteStartArray("data");
        foreach (var row in result.Rows)
        {
            json.WriteStartArray();
            foreach (var v in row) Value(json, v);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    static void Value(Utf8JsonWriter json, object? v)
    {
        switch (v)
        {
            case null or DBNull: json.WriteNullValue(); break;
            case double d: TableJson.Number(json, d); break;
            case float f: TableJson.Number(json, f); break;
            case decimal m: json.WriteNumberValue(m); break;
            case long or int or short or sbyte or byte or ushort or uint: json.WriteNumberValue(Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)); break;
            case ulong u: json.WriteNumberValue(u); break;
            case System.Numerics.BigInteger b: json.WriteStringValue(b.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
            case bool b: json.WriteBooleanValue(b); break;
            case string s: json.WriteStringValue(s); break;
            case IFormattable f: json.WriteStringValue(f.ToString(null, System.Globalization.CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(v.ToString()); break;
        }
    }
}
