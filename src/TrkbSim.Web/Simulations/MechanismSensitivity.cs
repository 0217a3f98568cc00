using System.Collections.Immutable;
using System.Globalization;
using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Sensitivity;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Pharmacology.Calibration;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Simulation;
using TrkbSim.Web.Hosting;

namespace TrkbSim.Web.Simulations;

/// <summary>What a sensitivity request asks: the regimen, the output and the time it is read at, the method and its size.</summary>
public sealed record SensitivityQuestion(Organism Species, DoseRegimen Regimen, string RegimenText, string Output, double Hours, string Method, int Samples, int Seed, double Factor);

/// <summary>One parameter's share: the local elasticity (d ln y / d ln p), or Sobol first- and total-order indices with intervals.</summary>
public sealed record ParameterEffect(string Parameter, double Nominal, double Index, double? Total = null, double? IndexLow = null, double? IndexHigh = null, double? TotalLow = null, double? TotalHigh = null);

/// <summary>The answer: the output's nominal value and every parameter's effect, largest first.</summary>
public sealed record SensitivityAnswer(SensitivityQuestion Question, double NominalOutput, int Evaluations, IReadOnlyList<ParameterEffect> Effects);

/// <summary>
/// Sensitivity of one mechanism output at one time to the parameters that decide onset (the exposure and core
/// parameters of <see cref="OnsetSensitivity.DefaultParameters"/>), on the flat model a regimen assembles: local
/// elasticities by central differences (a tornado), or Sobol indices with each parameter log-uniform within a factor.
/// </summary>
public static class MechanismSensitivity
{
    /// <summary>The outputs one may ask about.</summary>
    public static readonly IReadOnlyList<string> Outputs = ["madrs", "occupancy_TRKB", "trkb_signal", "trkb_surface", "bdnf", "plasticity", "network_state"];

    public static SensitivityAnswer Run(SensitivityQuestion q, CancellationToken budget)
    {
        ArgumentNullException.ThrowIfNull(q);
        var library = CompoundLibrary.LoadDefault();
        var settings = new MechanismSettings { Species = q.Species, Regimens = ImmutableArray.Create(q.Regimen) };
        var model = AntimonyReader.Parse(MechanismAssembler.Assemble(settings, library), "mechanism");
        var evaluator = SimulatorModelEvaluator.Create(model, new SimulationSettings { RelTol = 1e-8, AbsTol = 1e-10, Cancellation = budget });
        string metabolite = library.MetabolitesOf(q.Regimen.Compound, q.Species).Select(m => m.Id).FirstOrDefault() ?? q.Regimen.Compound;
        var ids = OnsetSensitivity.DefaultParameters
            .Select(p => string.Format(CultureInfo.InvariantCulture, p, q.Regimen.Compound, metabolite)).Distinct()
            .Where(id => evaluator.HasParameter(id) && evaluator.NominalValue(id) is > 0).ToList();
        var grid = Enumerable.Range(0, 101).Select(i => q.Hours * i / 100).ToArray();
        if (q.Method == "local")
        {
            var r = LocalSensitivity.Compute(evaluator, ids, [q.Output], grid);
            var effects = ids.Select((id, j) => new ParameterEffect(id, r.ParameterValues[id], r.Normalized[0][j][^1]))
                .OrderByDescending(e => double.IsFinite(e.Index) ? Math.Abs(e.Index) : -1).ToList();
            return new SensitivityAnswer(q, r.Values[0][^1], 2 * ids.Count + 1, effects);
        }
        var distributions = ids.Select(id =>
        {
            double nominal = evaluator.NominalValue(id)!.Value;
            return (ParameterDistribution)new LogUniformDistribution(id, nominal / q.Factor, nominal * q.Factor);
        }).ToList();
        var quantity = ModelQuantity.Parse($"{q.Output}@{q.Hours.ToString("R", CultureInfo.InvariantCulture)}");
        var function = new ModelSampleFunction(evaluator, ids, [quantity], grid);
        var s = SobolAnalysis.Run(function, distributions, new SobolOptions { SampleSize = q.Samples, Seed = q.Seed, BootstrapSamples = 200 });
        budget.ThrowIfCancellationRequested();
        var o = s.Outputs[0];
        var sobol = ids.Select(id => new ParameterEffect(id, evaluator.NominalValue(id)!.Value, o.FirstOrder[id], o.TotalOrder[id],
                o.FirstOrderCi[id].Low, o.FirstOrderCi[id].High, o.TotalOrderCi[id].Low, o.TotalOrderCi[id].High))
            .OrderByDescending(e => double.IsFinite(e.Total ?? double.NaN) ? e.Total : -1).ToList();
        return new SensitivityAnswer(q, o.Mean, s.Evaluations, sobol);
    }

    /// <summary>Reads and checks the request; 400 naming the key for anything out of range.</summary>
    public static SensitivityQuestion Question(string? species, string? regimen, string? output, string? time, string? method, int? samples, int? seed, WebOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        string speciesName = species ?? "human";
        if (!OrganismNames.TryParse(speciesName, out var organism))
            throw ApiException.BadRequest($"species: unknown species '{speciesName}'; allowed: human, mouse");
        string text = regimen ?? "fluoxetine 20mg oral every 24h for 8w";
        var parsed = RegimenParser.Parse(text, CompoundLibrary.LoadDefault(), organism);
        string what = output ?? (organism == Organism.Human ? "madrs" : "behavior_score");
        var allowed = organism == Organism.Human ? Outputs : [.. Outputs.Where(o => o != "madrs"), "behavior_score"];
        if (!allowed.Contains(what)) throw ApiException.BadRequest($"output: '{what}' is not offered; allowed: {string.Join(", ", allowed)}");
        double hours = RegimenParser.ParseTime((time ?? "8w").Trim(), "time", m => new TrkbSim.Pharmacology.PharmacologyInputException(m), positive: true);
        if (hours > 52 * 168) throw ApiException.BadRequest("time: at most 52w on this server");
        string m = (method ?? "local").ToLowerInvariant();
        if (m is not ("local" or "sobol")) throw ApiException.BadRequest($"method: '{method}' is not allowed; allowed: local, sobol");
        int n = samples ?? 16;
        if (m == "sobol" && (n < 4 || n > limits.MaxSobolSamples))
            throw ApiException.BadRequest($"samples: {n} is not allowed; allowed: 4 to {limits.MaxSobolSamples} (base sample size N; N x (parameters + 2) simulations)");
        return new SensitivityQuestion(organism, parsed, text, what, hours, m, n, seed ?? 1, 2);
    }
}
