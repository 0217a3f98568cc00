using TrkbSim.Pharmacology;
using TrkbSim.Pharmacology.Regimens;
using System.CommandLine;
using TrkbSim.Cli.Options;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Cli.Output;
using TrkbSim.Trials;
using TrkbSim.Trials.Chunks;
using TrkbSim.Distributed;
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
            Description = "Arm as \"LABEL: REGIMEN\" (regimen as for 'regimen --regimen', several joined by '+', or 'placebo'), or a compound alone "
                + "at the low end of its clinical dose (fluoxetine is \"fluoxetine: fluoxetine 20mg oral every 24h\"), or placebo; repeatable",
            Required = true, AllowMultipleArgumentsPerToken = false,
        };
        var n = new Option<int>("--n") { Description = "Subjects per arm", DefaultValueFactory = _ => 1000 };
        var weeks = new Option<int>("--weeks") { Description = "Trial length in weeks", DefaultValueFactory = _ => 8 };
        var species = TypedOptions.Choice("--species", OrganismNames.Table, "Species (virtual trials rate mood on the MADRS: human)", Organism.Human);
        var seed = new Option<ulong>("--seed") { Description = "Master random seed", DefaultValueFactory = _ => 42UL };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores); results do not depend on it" };
        var population = new Option<string?>("--population") { Description = "Covariate and variability file (format of the built-in population.json)" };
        var timecourses = new Option<string>("--timecourses")
        {
            Description = "Rows of each subject's time course stored in the timecourses table: daily, weekly or none (summaries do not depend on it)",
            DefaultValueFactory = _ => "daily",
        };
        var maxTime = TypedOptions.Budget("--max-time", "Stop with an error (and no output) when the run takes longer: 90s, 10min, 2h");
        var outDir = new Option<string>("--out") { Description = "Output folder: new or empty (or any folder with --force); written whole at the end, or not at all", Required = true };
        var force = OutputOptions.Force();
        var shard = new Option<string?>("--shard")
        {
            Description = "Run only shard I of N (I/N, I from 0) into the --out folder, for batch schedulers; combine the parts with 'trial-merge'",
        };
        var cluster = ClusterCommand.Option();
        var cmd = new Command("trial", "Run a virtual trial: populations with variability, responder rates, DuckDB results, plots and report")
        {
            arm, n, weeks, species, seed, threads, population, timecourses, maxTime, outDir, force, shard, cluster,
        };
        cmd.SetAction(pr =>
        {
            var shardSpec = pr.GetValue(shard) is { } shardText ? ShardSpec.Parse(shardText) : null;
            // The results database and the pictures' libraries (a trial from the command line always draws) load on the
            // idle core while the compound library is read for the arms.
            if (shardSpec is null) NativeWarmUp.Start(pictures: true);
            var options = TrialOptions.FromArmStrings(pr.GetValue(arm) ?? [], pr.GetValue(outDir)!) with
            {
                SubjectsPerArm = pr.GetValue(n),
                Weeks = pr.GetValue(weeks),
                Species = species.ValueIn(pr),
                Seed = pr.GetValue(seed),
                Threads = pr.GetValue(threads),
                PopulationFile = pr.GetValue(population),
                TimecourseEveryDays = TrialOptions.ParseTimecourses(pr.GetValue(timecourses)!),
                Force = pr.GetValue(force),
            };
            options.Validate();
            // An arm named by a compound alone: say which regimen it stands for before the run.
            foreach (var (text, spec) in (pr.GetValue(arm) ?? []).Zip(options.Arms))
                if (ArmSpec.IsWordAlone(text) && !spec.IsPlacebo)
                    Console.Error.WriteLine($"arm {spec.Label}: {spec.Regimen} (the low end of its clinical dose in the compound library)");
            using var connection = pr.GetValue(cluster) is { } endpoint ? ClusterConnection.Connect(endpoint) : null;
            IChunkExecutor executor = connection is null ? LocalChunkExecutor.Instance : new ClusterChunkExecutor(connection);
            TimeSpan? budget = pr.GetValue(maxTime);
            var bar = ProgressBar.ForTerminal();
            var progress = bar is null ? null : bar.Of<TrialProgress>(p => (p.Fraction, $"{p.SubjectsDone}/{p.SubjectsTotal} {p.Stage}"));
            using var stop = budget is { } b ? new CancellationTokenSource(b) : new CancellationTokenSource();
            using var interrupt = new InterruptSignals(stop);
            TrialResult result;
            try
            {
                if (shardSpec is not null)
                {
                    var part = new TrialShards(new MechanismSubjectModelFactory()) { Executor = executor }.RunShard(options, shardSpec, progress, stop.Token);
                    bar?.Finish();
                    Console.Error.WriteLine($"shard {part.Shard}: {part.Subjects} subjects in {part.Chunks} chunks in {part.Elapsed.TotalSeconds:F1} s; part in {part.Folder} (combine with 'trkbsim trial-merge')");
                    return ExitCodes.Success;
                }
                result = new TrialRunner(new MechanismSubjectModelFactory()) { Executor = executor }.Run(options, progress, stop.Token);
            }
            catch (OperationCanceledException) when (interrupt.Signalled)
            {
                return Interrupted(bar);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw new UsageException($"--max-time {pr.GetResult(maxTime)!.Tokens[0].Value}: the trial did not finish in time; nothing was written (use fewer subjects or a longer budget)");
            }
            bar?.Finish();
            Report(result);
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>Prints what a trial wrote: counts and time, the last visit's summary, the files.</summary>
    static void Report(TrialResult result)
    {
        TrialTimingsFile.WriteIfAsked(result);
        Console.Error.WriteLine(
            $"{result.SubjectsSimulated} subjects simulated ({result.SubjectsFailed} failed) in {result.Elapsed.TotalSeconds:F1} s; results in {result.OutputDirectory}");
        Console.Error.Write(TrkbSim.Trials.Output.SummaryText.LastVisit(result.Summary));
        foreach (var f in result.Files) Console.Out.WriteLine(f);
    }

    /// <summary>Ends a run stopped by Ctrl+C or SIGTERM (it removed what it had written): says so, exit code 130.</summary>
    static int Interrupted(ProgressBar? bar)
    {
        bar?.Finish();
        Console.Error.WriteLine("trkbsim: interrupted; the trial stopped and nothing was written");
        return ExitCodes.Interrupted;
    }

    /// <summary><c>trkbsim trial-merge PART... --out DIR</c>: the outputs of one trial from its shards.</summary>
    public static Command CreateMerge()
    {
        var parts = new Argument<string[]>("parts") { Description = "The shard folders written by 'trial --shard I/N --out DIR' (all N of them, any order)", Arity = ArgumentArity.OneOrMore };
        var threads = new Option<int?>("--threads") { Description = "Threads for writing the database (default: all cores); results do not depend on it" };
        var outDir = new Option<string>("--out") { Description = "Output folder: new or empty (or any folder with --force); written whole at the end, or not at all", Required = true };
        var force = OutputOptions.Force();
        var cmd = new Command("trial-merge", "Merge the shards of a trial into the outputs one run would have written (summary.csv byte-identical)")
        {
            parts, threads, outDir, force,
        };
        cmd.SetAction(pr =>
        {
            if (pr.GetValue(threads) is { } t && (t < 1 || t > TrialOptions.MaxThreads))
                throw new UsageException($"--threads {t}: must be 1 to {TrialOptions.MaxThreads}");
            var bar = ProgressBar.ForTerminal();
            var progress = bar is null ? null : bar.Of<TrialProgress>(p => (p.Fraction, $"{p.SubjectsDone}/{p.SubjectsTotal} {p.Stage}"));
            using var stop = new CancellationTokenSource();
            using var interrupt = new InterruptSignals(stop);
            TrialResult result;
            try
            {
                result = new TrialShards(new MechanismSubjectModelFactory())
                    .Merge(pr.GetValue(parts)!, pr.GetValue(outDir)!, pr.GetValue(force), pr.GetValue(threads), writePictures: true, progress, stop.Token);
            }
            catch (OperationCanceledException) when (interrupt.Signalled)
            {
                return Interrupted(bar);
            }
            bar?.Finish();
            Report(result);
            return ExitCodes.Success;
        });
        return cmd;
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

}
