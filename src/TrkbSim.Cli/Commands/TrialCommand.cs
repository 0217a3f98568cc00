using TrkbSim.Pharmacology;
using TrkbSim.Pharmacology.Regimens;
using System.CommandLine;
using TrkbSim.Cli.Output;
using TrkbSim.Trials;
using TrkbSim.Trials.Models;
using TrkbSim.Trials.Output;
using TrkbSim.Trials.Running;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim trial --arm "LABEL: REGIMEN" ... --out DIR</c> and <c>trkbsim query DB "SQL"</c>.</summary>
public static class TrialCommand
{
    public static Command Create()
    {
        var arm = new Option<string[]>("--arm")
        {
            Description = "Arm as \"LABEL: REGIMEN\" (regimen as for 'regimen --regimen', several joined by '+', or 'placebo'); repeatable",
            Required = true, AllowMultipleArgumentsPerToken = false,
        };
        var n = new Option<int>("--n") { Description = "Subjects per arm", DefaultValueFactory = _ => 1000 };
        var weeks = new Option<int>("--weeks") { Description = "Trial length in weeks", DefaultValueFactory = _ => 8 };
        var species = new Option<string>("--species") { Description = "Species (human)", DefaultValueFactory = _ => "human" };
        var seed = new Option<ulong>("--seed") { Description = "Master random seed", DefaultValueFactory = _ => 42UL };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores); results do not depend on it" };
        var population = new Option<string?>("--population") { Description = "Covariate and variability file (format of the built-in population.json)" };
        var timecourses = new Option<string>("--timecourses")
        {
            Description = "Rows of each subject's time course stored in the timecourses table: daily, weekly or none (summaries do not depend on it)",
            DefaultValueFactory = _ => "daily",
        };
        var maxTime = new Option<string?>("--max-time") { Description = "Stop with an error (and no output) when the run takes longer: 90s, 10min, 2h" };
        var outDir = new Option<string>("--out") { Description = "Output folder: new or empty (or any folder with --force); written whole at the end, or not at all", Required = true };
        var force = OutputOptions.Force();
        var cmd = new Command("trial", "Run a virtual trial: populations with variability, responder rates, DuckDB results, plots and report")
        {
            arm, n, weeks, species, seed, threads, population, timecourses, maxTime, outDir, force,
        };
        cmd.SetAction(pr =>
        {
            var options = TrialOptions.FromArmStrings(pr.GetValue(arm) ?? [], pr.GetValue(outDir)!) with
            {
                SubjectsPerArm = pr.GetValue(n),
                Weeks = pr.GetValue(weeks),
                Species = pr.GetValue(species)!,
                Seed = pr.GetValue(seed),
                Threads = pr.GetValue(threads),
                PopulationFile = pr.GetValue(population),
                TimecourseEveryDays = TrialOptions.ParseTimecourses(pr.GetValue(timecourses)!),
                Force = pr.GetValue(force),
            };
            options.Validate();
            TimeSpan? budget = pr.GetValue(maxTime) is { } mt ? MaxTime(mt) : null;
            var progress = Console.IsErrorRedirected ? null : new ConsoleProgress();
            using var stop = budget is { } b ? new CancellationTokenSource(b) : new CancellationTokenSource();
            TrialResult result;
            try { result = new TrialRunner(new MechanismSubjectModelFactory()).Run(options, progress, stop.Token); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw new UsageException($"--max-time {pr.GetValue(maxTime)}: the trial did not finish in time; nothing was written (use fewer subjects or a longer budget)");
            }
            if (progress is not null) ConsoleProgress.Finish();
            Console.Error.WriteLine(
                $"{result.SubjectsSimulated} subjects simulated ({result.SubjectsFailed} failed) in {result.Elapsed.TotalSeconds:F1} s; results in {result.OutputDirectory}");
            Console.Error.Write(TrkbSim.Trials.Output.SummaryText.LastVisit(result.Summary));
            foreach (var f in result.Files) Console.Out.WriteLine(f);
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>A time budget: seconds (90s) or a regimen time (10min, 2h, 1d).</summary>
    static TimeSpan MaxTime(string text)
    {
        var t = text.Trim();
        double hours = double.NaN;
        if (t.EndsWith('s') && !t.EndsWith("min", StringComparison.Ordinal))
        {
            if (double.TryParse(t[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double sec)) hours = sec / 3600;
        }
        else
        {
            try { hours = RegimenParser.ParseTime(t, "--max-time", m => new PharmacologyInputException(m), positive: true); }
            catch (PharmacologyInputException) { }
        }
        if (!(hours > 0) || hours > 24 * 365)
            throw new UsageException($"--max-time {text}: expected a positive time with a unit: s, min, h, d (e.g. 90s, 10min, 2h)");
        return TimeSpan.FromHours(hours);
    }

    public static Command CreateQuery()
    {
        var db = new Argument<string>("db") { Description = "A trial.duckdb file (or the trial's output folder)" };
        var sql = new Argument<string>("sql") { Description = "SQL to run, e.g. \"SELECT * FROM summary\"" };
        var export = new Option<string?>("--export") { Description = "Write the result to FILE.csv or FILE.parquet instead of printing it" };
        var csv = new Option<bool>("--csv") { Description = "Print as CSV instead of a table" };
        var cmd = new Command("query", "Ask a trial's results database anything (DuckDB SQL)") { db, sql, export, csv };
        cmd.SetAction(pr =>
        {
            var path = pr.GetValue(db)!;
            if (Directory.Exists(path)) path = Path.Combine(path, TrialDatabase.FileName);
            if (!File.Exists(path)) throw new UsageException($"DB: '{path}' does not exist");
            var query = pr.GetValue(sql)!;
            if (pr.GetValue(export) is { } file)
            {
                var ext = Path.GetExtension(file).ToLowerInvariant();
                if (ext is not (".csv" or ".parquet"))
                    throw new UsageException($"--export: '{file}' must end in .csv or .parquet");
                TrialDatabase.Export(path, query, file);
                return ExitCodes.Success;
            }
            var result = TrialDatabase.Query(path, query);
            Console.Out.Write(pr.GetValue(csv) ? result.ToCsv() : result.ToText());
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>A one-line progress bar on standard error, for terminals only.</summary>
    private sealed class ConsoleProgress : IProgress<TrialProgress>
    {
        private int _lastPercent = -1;
        private readonly object _gate = new();

        public void Report(TrialProgress value)
        {
            int percent = (int)(value.Fraction * 100);
            lock (_gate)
            {
                if (percent == _lastPercent) return;
                _lastPercent = percent;
                int filled = percent / 4;
                Console.Error.Write($"\r[{new string('#', filled)}{new string('.', 25 - filled)}] {percent,3}% {value.SubjectsDone}/{value.SubjectsTotal} {value.Stage,-20}");
            }
        }

        public static void Finish() => Console.Error.WriteLine();
    }
}
