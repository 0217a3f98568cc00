using System.Text.Json;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Web.Hosting;

namespace TrkbSim.Web.Api;

/// <summary>
/// GET /api/compounds (the library: ids, names, classes, targets, clinical doses), GET /api/compounds/{id} (every sourced
/// value with unit, status and source) and GET /api/options (the values each regimen option allows).
/// </summary>
public static class CompoundEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/compounds", () => TableJson.Answer(json => WriteList(json, CompoundLibrary.LoadDefault())))
            .WithName("ListCompounds").WithTags("compounds").WithSummary("The compound library: id, name, class, targets with affinities, clinical dose, species with PK");
        app.MapGet("/api/compounds/{id}", (string id) =>
        {
            var library = CompoundLibrary.LoadDefault();
            if (!library.TryGet(id, out var compound))
                throw ApiException.NotFound($"compound '{id}' is not in the library; known: {string.Join(", ", library.Compounds.Select(c => c.Id))}");
            return TableJson.Answer(json => WriteDetail(json, compound));
        }).WithName("GetCompound").WithTags("compounds").WithSummary("Every sourced value of one compound: field, value, unit, status, source, quote, derivation");
        app.MapGet("/api/options", () => TableJson.Answer(WriteOptions))
            .WithName("ListOptions").WithTags("regimen").WithSummary("The values the regimen options allow (species, routes, genotypes, environments, exposure hypotheses, CYP phenotypes)");
    }

    static void WriteList(Utf8JsonWriter json, CompoundLibrary library)
    {
        json.WriteStartArray("compounds");
        foreach (var c in library.Compounds)
        {
            json.WriteStartObject();
            json.WriteString("id", c.Id);
            json.WriteString("name", c.Name);
            json.WriteString("class", c.Class);
            if (c.Parent is not null) json.WriteString("parent", c.Parent);
            json.WriteStartObject("affinities_nM");
            foreach (var (target, value) in c.Affinities.OrderBy(p => p.Key)) json.WriteNumber(target.ToString(), value.Value);
            json.WriteEndObject();
            json.WriteStartArray("species");
            foreach (var organism in c.Pk.Keys.Order()) json.WriteStringValue(organism.Name());
            json.WriteEndArray();
            if (c.ClinicalDose is { } dose)
            {
                json.WriteStartObject("clinical_dose");
                json.WriteString("text", dose.Describe());
                json.WriteNumber("low", dose.Low.Value);
                json.WriteNumber("high", dose.High.Value);
                json.WriteString("unit", dose.Low.Unit);
                json.WriteString("route", dose.Route);
                if (dose.Every is not null) json.WriteString("every", dose.Every);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    static void WriteDetail(Utf8JsonWriter json, Compound c)
    {
        json.WriteString("id", c.Id);
        json.WriteString("name", c.Name);
        json.WriteString("class", c.Class);
        if (c.Parent is not null) json.WriteString("parent", c.Parent);
        if (c.ClinicalDose is { } dose) json.WriteString("clinical_dose", dose.Describe());
        json.WriteStartArray("notes");
        foreach (var n in c.Notes) json.WriteStringValue(n);
        json.WriteEndArray();
        json.WriteStartArray("values");
        foreach (var (field, v) in c.AllValues())
        {
            json.WriteStartObject();
            json.WriteString("field", field);
            json.WritePropertyName("value");
            TableJson.Number(json, v.Value);
            json.WriteString("unit", v.Unit);
            json.WriteString("status", v.Status.ToString().ToLowerInvariant());
            json.WriteString("source", v.Source);
            if (v.Quote is not null) json.WriteString("quote", v.Quote);
            if (v.Derivation is not null) json.WriteString("derivation", v.Derivation);
            if (v.Note is not null) json.WriteString("note", v.Note);
            if (v.StandIn is not null) json.WriteString("stand_in", v.StandIn);
            if (v.Uncertainty is { } u)
            {
                json.WriteStartObject("uncertainty");
                json.WriteNumber("low", u.Low);
                json.WriteNumber("high", u.High);
                json.WriteString("distribution", UncertaintyRange.DistributionNames[(int)u.Distribution]);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    static void WriteOptions(Utf8JsonWriter json)
    {
        void List(string name, IEnumerable<string> values)
        {
            json.WriteStartArray(name);
            foreach (var v in values) json.WriteStringValue(v);
            json.WriteEndArray();
        }
        List("species", Enum.GetValues<Organism>().Select(o => o.Name()));
        List("routes", ["oral", "iv", "infusion:40min", "intranasal", "ip", "drinking-water"]);
        List("genotype", SettingNames.Genotypes);
        List("environment", SettingNames.Environments);
        List("exposure", ExposureHypothesisNames.All);
        List("cyp_phenotypes", CypNames.Phenotypes);
    }
}
