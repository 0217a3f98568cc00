using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrkbSim.Web.Api;

/// <summary>
/// Body of POST /api/regimen: the options of <c>trkbsim regimen</c> as JSON keys, with the same values as text
/// ("dose": "20mg", "every": "24h", "for": "8w"). Options that name files (--compounds, --out, --plot, --summary,
/// --export-model) have no key: the server reads and writes no files for a request.
/// </summary>
public sealed record RegimenBody : IRequestBody
{
    public string? Species { get; init; }
    public string? Drug { get; init; }
    public string? Dose { get; init; }
    public string? Route { get; init; }
    public string? Every { get; init; }
    public string? For { get; init; }
    public int? Doses { get; init; }
    public string? StartAt { get; init; }
    /// <summary>One regimen text or a list of them (combinations).</summary>
    [JsonConverter(typeof(StringOrListConverter))]
    public IReadOnlyList<string>? Regimen { get; init; }
    public string? Simulate { get; init; }
    public string? Step { get; init; }
    public string? Weight { get; init; }
    public string? Genotype { get; init; }
    public string? Cholesterol { get; init; }
    public string? CholesterolDepletion { get; init; }
    public string? Environment { get; init; }
    public string? Exposure { get; init; }
    public string? Cyp2d6 { get; init; }
    public string? Cyp2c19 { get; init; }
    public string? Bdnf { get; init; }
    public bool? Exercise { get; init; }
    public bool? Therapy { get; init; }
    public string? SerotoninPathway { get; init; }
    public bool? KetamineBdnfSynthesis { get; init; }
    /// <summary>Model parameter overrides: id -> value (<c>--set ID=VALUE</c>).</summary>
    public IReadOnlyDictionary<string, double>? Set { get; init; }
    public bool? Strict { get; init; }
    /// <summary>Start from the regimens' periodic steady state (<c>--steady-state</c>).</summary>
    public bool? SteadyState { get; init; }
    /// <summary>Samples for 5/50/95 % bands (<c>--uncertainty N</c>).</summary>
    public int? Uncertainty { get; init; }
    public int? Seed { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
