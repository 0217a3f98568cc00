using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrkbSim.Pharmacology.Validation;

/// <summary>Reads the observation file (Data/observations.json, format trkbsim-observations/2).</summary>
public static class ObservationFile
{
    public const string Format = "trkbsim-observations/2";
    const string Resource = "TrkbSim.Pharmacology.Data.observations.json";

    public sealed record Contents(ImmutableArray<Observation> Observations, ImmutableArray<ExcludedObservation> NotSimulated);

    /// <summary>The built-in observations.</summary>
    public static Contents LoadDefault()
    {
        using var stream = typeof(ObservationFile).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"embedded resource {Resource} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "observations.json (built-in)");
    }

    public static Contents Parse(string json, string sourceName)
    {
        Dto? dto;
        try { dto = JsonSerializer.Deserialize<Dto>(json, Options); }
        catch (JsonException e)
        {
            throw new PharmacologyInputException($"{sourceName}:{(e.LineNumber ?? 0) + 1}: {e.Message}", e);
        }
        if (dto is null || dto.Format != Format)
            throw new PharmacologyInputException($"{sourceName}: field 'format' must be '{Format}'");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = ImmutableArray.CreateBuilder<Observation>();
        foreach (var o in dto.Observations ?? [])
        {
            string id = o.Id ?? throw new PharmacologyInputException($"{sourceName}: an observation has no 'id'");
            PharmacologyInputException Bad(string what) => new($"{sourceName}: observation '{id}': {what}");
            if (!seen.Add(id)) throw Bad("id is used twice");
            if (o.Readout?.Kind is null || o.Readout.Columns is null || o.Readout.Columns.Length == 0) throw Bad("'readout' needs 'kind' and 'columns'");
            if (o.Observed is null || o.Observed.Unit is null) throw Bad("'observed' needs 'value' and 'unit'");
            if (!(o.DurationH > 0) || !(o.StepH > 0)) throw Bad("'duration_h' and 'step_h' must be > 0");
            var r = o.Readout;
            var use = o.Use switch
            {
                "calibration" => ObservationUse.Calibration,
                "validation" => ObservationUse.Validation,
                null => throw Bad("'use' is required: calibration (it set a model parameter) or validation (it set none)"),
                var u => throw Bad($"'use' is '{u}'; allowed: calibration, validation"),
            };
            var regimens = (o.Regimens ?? []).ToImmutableArray();
            string group = o.Group ?? (regimens.Length > 0 ? regimens[0].Split(' ', 2)[0] : "no drug");
            if (!ReadoutEvaluator.Kinds.Contains(r.Kind)) throw Bad($"readout kind '{r.Kind}' is not known; known: {string.Join(", ", ReadoutEvaluator.Kinds)}");
            if (ReadoutEvaluator.NeedsReference(r.Kind) != (o.Reference is not null))
                throw Bad(ReadoutEvaluator.NeedsReference(r.Kind) ? $"readout '{r.Kind}' needs a 'reference' run" : "'reference' is given but the readout does not use it");
            list.Add(new Observation
            {
                Id = id,
                Description = o.Description ?? throw Bad("'description' is required"),
                Source = o.Source ?? throw Bad("'source' is required"),
                Quote = o.Quote ?? throw Bad("'quote' is required"),
                Sheet = o.Sheet ?? "",
                SheetStatus = o.SheetStatus ?? "",
                Species = o.Species ?? throw Bad("'species' is required"),
                Regimens = regimens,
                DurationHours = o.DurationH,
                StepHours = o.StepH,
                Settings = ToSettings(o.Settings),
                Reference = o.Reference is { } rf ? new ReferenceRun([.. rf.Regimens ?? []], ToSettings(rf.Settings)) : null,
                Use = use,
                Group = group,
                Readout = new Readout(r.Kind, [.. r.Columns])
                {
                    Denominator = [.. r.Denominator ?? []],
                    AtHours = r.AtH, FromHours = r.FromH, ToHours = r.ToH, From2Hours = r.From2H, To2Hours = r.To2H,
                    OriginHours = r.OriginH, RefHours = r.RefH, Fraction = r.Fraction, Level = r.Level, SampleEveryHours = r.SampleEveryH,
                },
                Observed = new ObservedValue(o.Observed.Value, o.Observed.Unit)
                {
                    Low = o.Observed.Low, High = o.Observed.High, Bound = o.Observed.Bound, Derivation = o.Observed.Derivation,
                },
                RegimenAssumed = o.RegimenAssumed ?? false,
                Note = o.Note,
            });
        }
        var excluded = (dto.NotSimulated ?? []).Select(e => new ExcludedObservation(e.Observation ?? "", e.Source ?? "", e.Reason ?? "")).ToImmutableArray();
        return new Contents(list.ToImmutable(), excluded);
    }

    static RunSettings ToSettings(SettingsDto? s) => s is null ? new RunSettings() : new RunSettings
    {
        Genotype = s.Genotype, Placebo = s.Placebo, Exercise = s.Exercise, Environment = s.Environment, Cyp2d6 = s.Cyp2d6,
        Cyp2c19 = s.Cyp2c19, BdnfKnockout = s.BdnfKnockout, Exposure = s.Exposure,
        ParameterOverrides = (s.ParameterOverrides ?? []).ToImmutableDictionary(),
    };

    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    sealed class Dto
    {
        public string? Format { get; set; }
        public string? Description { get; set; }
        public ObservationDto[]? Observations { get; set; }
        public ExcludedDto[]? NotSimulated { get; set; }
    }

    sealed class ObservationDto
    {
        public string? Id { get; set; }
        public string? Description { get; set; }
        public string? Source { get; set; }
        public string? Quote { get; set; }
        public string? Sheet { get; set; }
        public string? SheetStatus { get; set; }
        public string? Species { get; set; }
        public string[]? Regimens { get; set; }
        public double DurationH { get; set; }
        public double StepH { get; set; }
        public SettingsDto? Settings { get; set; }
        public ReferenceDto? Reference { get; set; }
        public ReadoutDto? Readout { get; set; }
        public ObservedDto? Observed { get; set; }
        public string? Use { get; set; }
        public string? Group { get; set; }
        public bool? RegimenAssumed { get; set; }
        public string? Note { get; set; }
    }

    sealed class SettingsDto
    {
        public string? Genotype { get; set; }
        public double? Placebo { get; set; }
        public bool? Exercise { get; set; }
        public string? Environment { get; set; }
        public string? Cyp2d6 { get; set; }
        public string? Cyp2c19 { get; set; }
        public bool? BdnfKnockout { get; set; }
        public string? Exposure { get; set; }
        public Dictionary<string, double>? ParameterOverrides { get; set; }
    }

    sealed class ReferenceDto
    {
        public string[]? Regimens { get; set; }
        public SettingsDto? Settings { get; set; }
    }

    sealed class ReadoutDto
    {
        public string? Kind { get; set; }
        public string[]? Columns { get; set; }
        public string[]? Denominator { get; set; }
        public double? AtH { get; set; }
        public double? FromH { get; set; }
        public double? ToH { get; set; }
        [JsonPropertyName("from2_h")] public double? From2H { get; set; }
        [JsonPropertyName("to2_h")] public double? To2H { get; set; }
        public double? OriginH { get; set; }
        public double? RefH { get; set; }
        public double? Fraction { get; set; }
        public double? Level { get; set; }
        public double? SampleEveryH { get; set; }
    }

    sealed class ObservedDto
    {
        public double Value { get; set; }
        public string? Unit { get; set; }
        public double? Low { get; set; }
        public double? High { get; set; }
        public string? Bound { get; set; }
        public string? Derivation { get; set; }
    }

    sealed class ExcludedDto
    {
        public string? Observation { get; set; }
        public string? Source { get; set; }
        public string? Reason { get; set; }
    }
}
