using System.Collections.Immutable;
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
        var compiled = (options.Models ?? CompiledModelCache.Shared).Get(text);

        var modelColumns = RegimenColumns.ModelColumns(compounds, settings.Species);
        var sim = compiled.CreateSimulator();
        ImmutableArray<double>? start = null;
        SteadyStateStartInfo? startInfo = null;
        if (options.SteadyStateStart)
            (start, startInfo) = SteadyStateStart.Find(settings, options, library, compiled.StateIds);
        // The table's grid, plus a fine grid over the last dosing interval (and each dose and infusion end in it), so that
        // peaks and troughs come from the solution itself, whatever --step the table uses.
        double[] grid = OutputTimes(options.DurationHours, options.OutputStepHours);
        var (winStart, winEnd) = RegimenSummarizer.LastDosingInterval(settings.Regimens, options.DurationHours);
        var fine = new SortedSet<double>(grid);
        for (int k = 0; k <= WindowPoints; k++) fine.Add(winStart + (winEnd - winStart) * k / WindowPoints);
        foreach (var r in settings.Regimens)
            foreach (double t in r.DoseTimes())
                foreach (double u in new[] { t, t + (r.InfusionHours ?? 0) })
                    if (u >= winStart && u <= winEnd) fine.Add(u);
        double[] times = [.. fine];
        var result = sim.Run(new SimulationSettings
        {
            Start = 0,
            End = options.DurationHours,
            Times = times,
            Variables = modelColumns,
            Solver = options.Solver,
            RelTol = options.RelTol,
            AbsTol = options.AbsTol,
            AbsTolFor = AmountTolerances.For(sim, settings, library, options.RelTol, options.AbsTol),
            Cancellation = options.Cancellation,
            InitialState = start is { } x ? x : null,
        });

        var rows = grid.Select(t => Array.BinarySearch(times, t)).ToArray();
        var values = new double[modelColumns.Count + 1][];
        values[0] = grid;
        var extremes = ImmutableDictionary.CreateBuilder<string, SeriesSummary>(StringComparer.Ordinal);
        var extremeColumns = compounds.SelectMany(RegimenColumns.ExposureOf).Concat(RegimenColumns.Occupancies).ToHashSet();
        for (int i = 0; i < modelColumns.Count; i++)
        {
            var all = result.Values[result.IndexOf(modelColumns[i])];
            values[i + 1] = [.. rows.Select(k => all[k])];
            if (extremeColumns.Contains(modelColumns[i]))
            {
                var (tp, peak, tt, trough) = TimeSeries.Extremes(times, all, winStart, winEnd);
                extremes[modelColumns[i]] = new SeriesSummary(peak, tp, trough, tt, all[^1]);
            }
        }
        return new RegimenResult(settings, [.. compounds], [RegimenColumns.Time, .. modelColumns], values) { WindowExtremes = extremes.ToImmutable(), SteadyStateStart = startInfo };
    }

    /// <summary>Points of the fine grid over the last dosing interval from which peaks and troughs are read.</summary>
    public const int WindowPoints = 2000;

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
}
