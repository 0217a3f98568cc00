using System.Collections.Immutable;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Validation;

/// <summary>
/// Simulates every observation of Data/observations.json and compares prediction with observation: a table
/// (validation.csv), a predicted-vs-observed log-log plot with 2-fold lines (validation.png) and validation.md.
/// No parameter is fitted here; docs/validation.md in the repository is this markdown (kept current by a test).
/// </summary>
public static class Validator
{
    /// <summary>Runs the built-in observations; writes the files into <paramref name="outDir"/> when it is given.</summary>
    public static ValidationReport Run(string? outDir = null) => Run(ObservationFile.LoadDefault(), outDir);

    public static ValidationReport Run(ObservationFile.Contents contents, string? outDir = null, CompoundLibrary? library = null)
    {
        library ??= CompoundLibrary.LoadDefault();
        var observations = contents.Observations;
        // Observations that share a run are simulated once.
        var runs = new ConcurrentDictionary<string, Lazy<RegimenResult>>(StringComparer.Ordinal);
        var predictions = new double?[observations.Length];
        RegimenResult RunOf(Observation o, ImmutableArray<string> regimens, RunSettings settings) =>
            runs.GetOrAdd(RunKey(o, regimens, settings), _ => new Lazy<RegimenResult>(() => Simulate(o, regimens, settings, library))).Value;
        Parallel.For(0, observations.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var o = observations[i];
            var result = RunOf(o, o.Regimens, o.Settings);
            var reference = o.Reference is { } rf ? RunOf(o, rf.Regimens, rf.Settings) : null;
            predictions[i] = Predict(o, result, reference);
        });
        var report = new ValidationReport([.. observations.Select((o, i) => new ValidationRow(o, predictions[i]))], contents.NotSimulated);
        if (outDir is null) return report;

        Directory.CreateDirectory(outDir);
        string csv = Path.Combine(outDir, "validation.csv"), png = Path.Combine(outDir, "validation.png"), md = Path.Combine(outDir, "validation.md");
        File.WriteAllText(csv, Csv(report));
        ValidationPlotter.Write(report, png);
        var groupPlots = ValidationPlotter.WriteGroups(report, outDir);
        File.WriteAllText(md, ValidationMarkdown.Render(report));
        return report with { Files = [csv, png, md, .. groupPlots] };
    }

    /// <summary>The prediction for one observation from its simulated table, in the observed unit.</summary>
    public static double? Predict(Observation o, RegimenResult result, RegimenResult? reference = null)
    {
        double? v = ReadoutEvaluator.Evaluate(o.Readout, result, reference);
        if (v is not { } x || !double.IsFinite(x)) return null;
        return ReadoutEvaluator.IsTime(o.Readout.Kind) ? x / ReadoutEvaluator.HoursPer(o.Observed.Unit) : x;
    }

    /// <summary>The settings an observation is simulated with.</summary>
    public static MechanismSettings Settings(Observation o, CompoundLibrary library) => Settings(o, o.Regimens, o.Settings, library);

    static MechanismSettings Settings(Observation o, ImmutableArray<string> regimens, RunSettings s, CompoundLibrary library)
    {
        if (!OrganismNames.TryParse(o.Species, out var species))
            throw new PharmacologyInputException($"observation '{o.Id}': unknown species '{o.Species}'; allowed: human, mouse");
        string where = $"observation '{o.Id}': settings";
        var settings = new MechanismSettings
        {
            Species = species,
            Regimens = [.. regimens.Select(r => RegimenParser.Parse(r, library, species))],
            ParameterOverrides = s.ParameterOverrides,
            Placebo = s.Placebo,
            Exercise = s.Exercise ?? false,
            BdnfKnockout = s.BdnfKnockout ?? false,
        };
        if (s.Genotype is { } g) settings = settings with { Genotype = SettingNames.ParseGenotype(g, $"{where}.genotype") };
        if (s.Environment is { } e) settings = settings with { Environment = SettingNames.ParseEnvironment(e, $"{where}.environment") };
        if (s.Cyp2d6 is { } d6) settings = settings with { Cyp2d6 = SettingNames.ParsePhenotype(d6, $"{where}.cyp2d6") };
        if (s.Cyp2c19 is { } c19) settings = settings with { Cyp2c19 = SettingNames.ParsePhenotype(c19, $"{where}.cyp2c19") };
        if (s.Exposure is { } x) settings = settings with { Exposure = ExposureHypothesisNames.Parse(x, $"{where}.exposure") };
        return settings;
    }

    static RegimenResult Simulate(Observation o, ImmutableArray<string> regimens, RunSettings s, CompoundLibrary library) =>
        RegimenRunner.Run(Settings(o, regimens, s, library), new RegimenRunOptions
        {
            DurationHours = o.DurationHours,
            OutputStepHours = o.StepHours,
            Library = library,
            RelTol = 1e-8,
            AbsTol = 1e-10,
        });

    static string RunKey(Observation o, ImmutableArray<string> regimens, RunSettings s) =>
        string.Join('|', o.Species, string.Join(';', regimens), o.DurationHours.ToString("R", CultureInfo.InvariantCulture),
            o.StepHours.ToString("R", CultureInfo.InvariantCulture), s.Key());

    /// <summary>The validation table as CSV (invariant culture, full precision).</summary>
    public static string Csv(ValidationReport report)
    {
        static string N(double? v) => Modeling.Files.Csv.Number(v);
        static string Q(string s) => Modeling.Files.Csv.Field(s);
        var sb = new StringBuilder("id,group,species,use,description,observed,unit,low,high,bound,predicted,fold_error,within_2_fold,within_range,regimen_assumed,source\n");
        foreach (var r in report.Rows)
        {
            var o = r.Observation;
            sb.Append(string.Join(',', Q(o.Id), Q(o.Group), o.Species, o.Use.ToString().ToLowerInvariant(), Q(o.Description), N(o.Observed.Value),
                Q(o.Observed.Unit), N(o.Observed.Low), N(o.Observed.High), o.Observed.Bound ?? "", N(r.Predicted), N(r.FoldError),
                r.Within2Fold ? "true" : "false", r.WithinRange is { } w ? (w ? "true" : "false") : "", o.RegimenAssumed ? "true" : "false", Q(o.Source)));
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
