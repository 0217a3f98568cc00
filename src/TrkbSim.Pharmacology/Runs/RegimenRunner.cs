using System.Collections.Concurrent;
using TrkbSim.Numerics.Ode;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Simulation;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>
/// Runs the assembled mechanism for one set of settings (species, regimens, genotype, environment...) and returns
/// the regimen table; <see cref="WriteOutputs"/> writes its CSV, summary JSON and plots.
/// </summary>
public static class RegimenRunner
{
    /// <summary>Compiled models by assembled text: scenarios and validation reuse the same texts.</summary>
    static readonly ConcurrentDictionary<string, Lazy<CompiledModel>> Compiled = new(StringComparer.Ordinal);
    const int MaxCached = 64;

    /// <summary>Simulates <paramref name="durationHours"/> with output every <paramref name="outputStepHours"/>.</summary>
    public static RegimenResult Run(MechanismSettings settings, double durationHours, double outputStepHours = 1,
        CompoundLibrary? library = null) =>
        Run(settings, new RegimenRunOptions { DurationHours = durationHours, OutputStepHours = outputStepHours, Library = library });

    public static RegimenResult Run(MechanismSettings settings, RegimenRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.DurationHours > 0) || !double.IsFinite(options.DurationHours))
            throw new PharmacologyInputException($"run duration {options.DurationHours} h is not allowed; it must be > 0");
        if (!(options.OutputStepHours > 0) || !double.IsFinite(options.OutputStepHours))
            throw new PharmacologyInputException($"output step {options.OutputStepHours} h is not allowed; it must be > 0");
        if (options.DurationHours / options.OutputStepHours > 5_000_000)
            throw new PharmacologyInputException(
                $"output step {options.OutputStepHours} h gives more than 5 million rows over {options.DurationHours} h; choose a larger step");

        var library = options.Library ?? CompoundLibrary.LoadDefault();
        var compounds = ExposurePartGenerator.CompoundsPresent(library, settings.Species, settings.Regimens).Select(c => c.Id).ToList();
        string text = MechanismAssembler.Assemble(settings, library);
        var compiled = Compile(text);

        var modelColumns = RegimenColumns.ModelColumns(compounds, settings.Species);
        var sim = compiled.CreateSimulator();
        var result = sim.Run(new SimulationSettings
        {
            Start = 0,
            End = options.DurationHours,
            Times = OutputTimes(options.DurationHours, options.OutputStepHours),
            Variables = modelColumns,
            Solver = options.Solver,
            RelTol = options.RelTol,
            AbsTol = options.AbsTol,
            AbsTolFor = AmountTolerances.For(sim, settings, library, options.RelTol, options.AbsTol),
        });

        var values = new double[modelColumns.Count + 1][];
        values[0] = result.Times;
        for (int i = 0; i < modelColumns.Count; i++) values[i + 1] = result.Values[result.IndexOf(modelColumns[i])];
        return new RegimenResult(settings, [.. compounds], [RegimenColumns.Time, .. modelColumns], values);
    }

    /// <summary>0, step, 2 step, ... and the end time.</summary>
    public static double[] OutputTimes(double duration, double step)
    {
        int n = (int)Math.Floor(duration / step + 1e-9);
        var times = new List<double>(n + 2);
        for (int i = 0; i <= n; i++) times.Add(Math.Min(i * step, duration));
        if (duration - times[^1] > 1e-9 * Math.Max(1, duration)) times.Add(duration);
        else times[^1] = duration;
        return [.. times];
    }

    /// <summary>
    /// Writes <c>NAME.csv</c>, <c>NAME_summary.json</c> and the plots <c>NAME_exposure.png</c>, <c>NAME_occupancy.png</c>,
    /// <c>NAME_signalling.png</c>, <c>NAME_mood.png</c> into <paramref name="outDir"/>; returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> WriteOutputs(RegimenResult result, string outDir, string name = "regimen", bool plots = true)
    {
        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        string csv = Path.Combine(outDir, name + ".csv");
        RegimenCsvWriter.Write(result, csv);
        written.Add(csv);
        string json = Path.Combine(outDir, name + "_summary.json");
        File.WriteAllText(json, RegimenSummarizer.Summarize(result).ToJson());
        written.Add(json);
        if (plots) written.AddRange(RegimenPlotter.WritePlots(result, outDir, name));
        return written;
    }

    internal static CompiledModel Compile(string text)
    {
        if (Compiled.Count > MaxCached) Compiled.Clear();
        var lazy = Compiled.GetOrAdd(text, t => new Lazy<CompiledModel>(
            () => ModelCompiler.Compile(Modeling.Antimony.AntimonyReader.Parse(t, "mechanism.ant"))));
        return lazy.Value;
    }
}
