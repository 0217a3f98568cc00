using System.Collections.Immutable;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Web.Hosting;

namespace TrkbSim.Web.Api;

/// <summary>
/// GET /api/model: the mechanism as Antimony text: the TRKB core alone, and the flat model a regimen run assembles
/// (exposure part, core and run settings), which POST /api/simulate runs as it stands or edited.
/// </summary>
public static class ModelEndpoints
{
    /// <summary>The regimen assembled when the request names none.</summary>
    public const string DefaultRegimen = "fluoxetine 20mg oral every 24h for 4w";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/model", (string? regimen, string? species) =>
        {
            string speciesName = species ?? "human";
            if (!OrganismNames.TryParse(speciesName, out var organism))
                throw ApiException.BadRequest($"species: unknown species '{speciesName}'; allowed: human, mouse");
            string text = string.IsNullOrWhiteSpace(regimen) ? DefaultRegimen : regimen;
            if (text.Length > 1000) throw ApiException.BadRequest("regimen: at most 1,000 characters");
            var library = CompoundLibrary.LoadDefault();
            var settings = new MechanismSettings { Species = organism, Regimens = ImmutableArray.Create(RegimenParser.Parse(text, library, organism)) };
            string assembled = MechanismAssembler.Assemble(settings, library);
            return TableJson.Answer(json =>
            {
                json.WriteString("regimen", text);
                json.WriteString("species", organism.Name());
                json.WriteString("core", MechanismAssembler.LoadCoreText());
                json.WriteString("assembled", assembled);
            });
        }).WithName("GetModel").WithTags("model")
          .WithSummary("The TRKB core model (Antimony) and the flat model assembled for a regimen (query: regimen, species)");
    }
}
