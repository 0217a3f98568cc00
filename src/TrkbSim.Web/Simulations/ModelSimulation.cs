using TrkbSim.Modeling;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Modeling.Sbml;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation;
using TrkbSim.Web.Api;
using TrkbSim.Web.Hosting;

namespace TrkbSim.Web.Simulations;

/// <summary>A checked model-text request: the compiled model, run settings and parameter changes.</summary>
public sealed record PreparedSimulation(CompiledModel Compiled, SimulationSettings Settings, IReadOnlyDictionary<string, double> Changes);

/// <summary>A finished model-text simulation and the compiler's warnings.</summary>
public sealed record ModelRunResult(SimulationResult Result, IReadOnlyList<string> Warnings);

/// <summary>
/// POST /api/simulate's work: checks the request (text size, times, output rows, solver), reads and compiles the text
/// and simulates it within the time budget it is given. Nothing here touches the file system.
/// </summary>
public sealed class ModelSimulation(WebOptions options)
{
    /// <summary>Name the model is reported under in error locations (line and column follow it).</summary>
    public const string SourceName = "model";

    public PreparedSimulation Prepare(SimulateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string text = request.Model ?? throw ApiException.BadRequest("model: the model text (Antimony or SBML) is required");
        if (text.Length > options.MaxModelTextChars)
            throw ApiException.TooLarge($"model: {text.Length:N0} characters; at most {options.MaxModelTextChars:N0} are allowed");
        if (string.IsNullOrWhiteSpace(text)) throw ApiException.BadRequest("model: the model text is empty");

        double end = request.End ?? throw ApiException.BadRequest("end: the end time is required (model time units)");
        string solver = (request.Solver ?? "auto").ToLowerInvariant();
        if (!SolverFactory.Names.Contains(solver))
            throw ApiException.BadRequest($"solver: unknown solver '{request.Solver}'; allowed: {string.Join(", ", SolverFactory.Names)}");
        SimulationSettings settings;
        try
        {
            settings = OutputGrid.Apply(new SimulationSettings { Start = request.Start ?? 0, End = end, Solver = solver, Variables = request.Vars },
                request.Times, request.Steps, options.MaxOutputRows, "");
        }
        catch (ArgumentException e) { throw ApiException.BadRequest(e.Message); }

        var model = Read(text);
        var compiled = ModelCompiler.Compile(model);
        foreach (var v in request.Vars ?? [])
        {
            try { compiled.ValidateVariable(v); }
            catch (ModelException e) { throw ApiException.BadRequest($"vars: {e.Message}"); }
        }
        return new PreparedSimulation(compiled, settings, request.Set ?? new Dictionary<string, double>());
    }

    /// <summary>Simulates; <paramref name="budget"/> stops the run between solver steps.</summary>
    public static ModelRunResult Run(PreparedSimulation prepared, CancellationToken budget)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var sim = prepared.Compiled.CreateSimulator();
        foreach (var (id, value) in prepared.Changes)
        {
            try { sim.Set(id, value); }
            catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InvalidOperationException or ModelException)
            {
                throw ApiException.BadRequest($"set {id}: {e.Message}");
            }
        }
        try
        {
            return new ModelRunResult(sim.Run(prepared.Settings with { Cancellation = budget }), prepared.Compiled.Warnings);
        }
        catch (ArgumentException e) { throw ApiException.BadRequest(e.Message); }
    }

    /// <summary>
    /// Antimony, or SBML when the text starts with '&lt;'. SBML that would make the server read files is refused: external
    /// model definitions (comp package) name files, and a document type declaration could define entities that do.
    /// </summary>
    static Model Read(string text)
    {
        if (!text.TrimStart().StartsWith('<')) return AntimonyReader.Parse(text, SourceName);
        if (text.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || text.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase))
            throw ApiException.BadRequest("model: SBML with a document type declaration (<!DOCTYPE or <!ENTITY) is not accepted by the server");
        if (text.Contains("externalModelDefinition", StringComparison.Ordinal))
            throw ApiException.BadRequest("model: SBML external model definitions refer to files, which the server does not read; flatten the model first (trkbsim convert)");
        return SbmlReader.Read(text, SourceName);
    }
}
