using System.Globalization;
using System.Text;
using TrkbSim.Analysis.Sensitivity;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;
using TrkbSim.Simulation;

namespace TrkbSim.Pharmacology.Calibration;

/// <summary>Options of <see cref="OnsetSensitivity.Run"/>.</summary>
public sealed record OnsetSensitivityOptions
{
    /// <summary>The regimen whose onset is analysed.</summary>
    public string Regimen { get; init; } = "fluoxetine 20mg oral every 24h for 16w";
    /// <summary>Simulated weeks; an onset not reached by then counts as the end of the run (censored).</summary>
    public int Weeks { get; init; } = 16;
    /// <summary>"morris" (screening) or "sobol" (first- and total-order indices).</summary>
    public string Method { get; init; } = "morris";
    /// <summary>Morris trajectories or the Sobol base sample size.</summary>
    public int? Samples { get; init; }
    public int Seed { get; init; } = 1;
    /// <summary>Each parameter varies log-uniformly between nominal / Factor and nominal * Factor.</summary>
    public double Factor { get; init; } = 2;
    /// <summary>Parameters to vary; default: <see cref="OnsetSensitivity.DefaultParameters"/> that exist in the model.</summary>
    public IReadOnlyList<string>? Parameters { get; init; }
}

/// <summary>A finished onset sensitivity analysis: the ranking and the raw result as JSON.</summary>
public sealed record OnsetSensitivityReport(string Method, IReadOnlyList<(string Parameter, double Index, double Spread)> Ranking,
    string Json, string Markdown, int Evaluations);

/// <summary>
/// Which parameters decide the onset of an antidepressant regimen: the time until MADRS first falls 20 % below
/// its baseline, and the MADRS change at week 8, under global variation of exposure (clearance, brain partition
/// and equilibration, TRKB affinity) and core (receptor, plasticity, network) parameters. The model is compiled
/// once; each worker thread varies parameters on its own simulator.
/// </summary>
public static class OnsetSensitivity
{
    public const string OnsetOutput = "onset_days";
    public const string Week8Output = "madrs_change_week8";

    /// <summary>Exposure parameters for compound X (X_...) and core parameters varied by default.</summary>
    public static readonly IReadOnlyList<string> DefaultParameters =
    [
        "{0}_CL_per_kg", "{0}_kp", "{0}_membrane_half_time", "{0}_K_TRKB", "{0}_fm_cyp2d6",
        "{1}_CL_per_kg", "{1}_membrane_half_time", "{1}_K_TRKB", "trkb_assay_membrane_ratio",
        "J_ref", "bdnf_receptor_load", "drive_threshold", "tau_ieg", "tau_ap1", "K_plasticity", "k_rewire", "k_relapse",
    ];

    public static OnsetSensitivityReport Run(OnsetSensitivityOptions options, CompoundLibrary? library = null)
    {
        library ??= CompoundLibrary.LoadDefault();
        if (options.Weeks < 8) throw new PharmacologyInputException($"--weeks {options.Weeks}: at least 8 weeks are needed for the week-8 output");
        if (!(options.Factor > 1)) throw new PharmacologyInputException($"--factor {options.Factor}: must be > 1");
        var regimen = RegimenParser.Parse(options.Regimen, library, Organism.Human);
        var settings = new MechanismSettings { Regimens = [regimen] };
        var compiled = ModelCompiler.Compile(AntimonyReader.Parse(MechanismAssembler.Assemble(settings, library), "onset.ant"));

        var probe = compiled.CreateSimulator();
        var metabolite = library.MetabolitesOf(regimen.Compound, Organism.Human).Select(m => m.Id).FirstOrDefault() ?? regimen.Compound;
        var candidates = options.Parameters ?? DefaultParameters.Select(p => string.Format(CultureInfo.InvariantCulture, p, regimen.Compound, metabolite)).Distinct().ToList();
        var settable = compiled.ParameterIds.ToHashSet();
        var ids = new List<string>();
        foreach (var id in candidates)
        {
            if (settable.Contains(id)) ids.Add(id);
            else if (options.Parameters is not null)
                throw new PharmacologyInputException($"--param {id}: not a settable parameter of the assembled model");
        }
        var distributions = ids.Select(id =>
        {
            double nominal = probe.Get(id);
            if (!(nominal > 0)) throw new PharmacologyInputException($"parameter {id} has nominal value {nominal}; log-uniform variation needs a positive value");
            return (ParameterDistribution)new LogUniformDistribution(id, nominal / options.Factor, nominal * options.Factor);
        }).ToList();

        var function = new OnsetFunction(compiled, ids, options.Weeks);
        string method = options.Method.ToLowerInvariant();
        string json;
        List<(string, double, double)> ranking;
        int evaluations;
        if (method == "sobol")
        {
            var r = SobolAnalysis.Run(function, distributions, new SobolOptions { SampleSize = options.Samples ?? 256, Seed = options.Seed, BootstrapSamples = 200 });
            var onset = r.Outputs.First(o => o.Output == OnsetOutput);
            ranking = [.. ids.Select(id => (id, onset.TotalOrder[id], onset.FirstOrder[id])).OrderByDescending(t => t.Item2)];
            json = SensitivityJson.Serialize(r);
            evaluations = r.Evaluations;
        }
        else if (method == "morris")
        {
            var r = MorrisScreening.Run(function, distributions, new MorrisOptions { Trajectories = options.Samples ?? 20, Seed = options.Seed });
            var onset = r.Outputs.First(o => o.Output == OnsetOutput);
            ranking = [.. ids.Select(id => (id, onset.MuStar[id], onset.Sigma[id])).OrderByDescending(t => t.Item2)];
            json = SensitivityJson.Serialize(r);
            evaluations = r.Evaluations;
        }
        else throw new PharmacologyInputException($"--method {options.Method}: allowed: morris, sobol");

        // Exposure parameters: the generated exposure part's (library-valued) symbols; the rest belong to the core.
        var exposure = MechanismAssembler.AssembleWithExposure(settings, library).Exposure.Parameters.Select(p => p.Symbol).ToHashSet();
        return new OnsetSensitivityReport(method, ranking, json, Markdown(options, method, ranking, evaluations, exposure), evaluations);
    }

    static string Markdown(OnsetSensitivityOptions o, string method, IReadOnlyList<(string Parameter, double Index, double Spread)> ranking, int evaluations,
        IReadOnlySet<string> exposureParameters)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"# What decides the onset of {o.Regimen}");
        sb.AppendLine();
        sb.AppendLine($"Onset: days until MADRS first falls 20 % below baseline (censored at {o.Weeks * 7} d). Each parameter varies " +
                      $"log-uniformly within x/÷{o.Factor.ToString(inv)} of its value; method {method}, {evaluations} simulations, seed {o.Seed}.");
        sb.AppendLine();
        sb.AppendLine(method == "sobol" ? "| rank | parameter | total-order index | first-order index |" : "| rank | parameter | mu* (days per unit range) | sigma |");
        sb.AppendLine("|---|---|---|---|");
        int k = 1;
        foreach (var (p, index, spread) in ranking)
            sb.AppendLine($"| {k++} | `{p}` | {index.ToString("G3", inv)} | {spread.ToString("G3", inv)} |");
        double total = ranking.Sum(r => Math.Max(0, r.Index));
        if (total > 0)
        {
            var fromExposure = ranking.Where(r => exposureParameters.Contains(r.Parameter)).ToList();
            double share = fromExposure.Sum(r => Math.Max(0, r.Index)) / total;
            sb.AppendLine();
            sb.AppendLine($"Exposure parameters (compound library: clearance, brain partitioning and transfer, TRKB affinity, CYP share, assay ratio) " +
                          $"carry {(100 * share).ToString("0", inv)} % of the summed index, core parameters (receptor, plasticity, network) " +
                          $"{(100 * (1 - share)).ToString("0", inv)} %. Largest: {string.Join(", ", ranking.Take(3).Select(r => $"`{r.Parameter}`"))}.");
        }
        return sb.ToString();
    }

    /// <summary>Onset (days) and MADRS change at week 8 as a function of the varied parameters.</summary>
    sealed class OnsetFunction(CompiledModel compiled, IReadOnlyList<string> ids, int weeks) : ISampleFunction
    {
        public IReadOnlyList<string> OutputNames { get; } = [OnsetOutput, Week8Output];

        public ISampleWorker CreateWorker() => new Worker(compiled.CreateSimulator(), ids, weeks);

        sealed class Worker(Simulator sim, IReadOnlyList<string> ids, int weeks) : ISampleWorker
        {
            readonly SimulationSettings _settings = new()
            {
                End = weeks * 168.0, Steps = weeks * 7 * 4, RelTol = 1e-6, AbsTol = 1e-9, Variables = ["madrs"],
            };

            public void Evaluate(ReadOnlySpan<double> x, Span<double> y)
            {
                sim.Reset();
                for (int i = 0; i < ids.Count; i++) sim.Set(ids[i], x[i]);
                var r = sim.Run(_settings);
                var madrs = r.Values[0];
                double baseline = madrs[0];
                y[0] = (TimeSeries.FirstTimeAtOrBelow(r.Times, madrs, 0.8 * baseline) ?? weeks * 168.0) / 24;
                y[1] = TimeSeries.Interpolate(r.Times, madrs, 8 * 168.0) - baseline;
            }
        }
    }
}
