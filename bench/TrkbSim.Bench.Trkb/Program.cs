using System.Diagnostics;
using System.Globalization;
using System.Text;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Simulation;
using TrkbSim.Trials;
using TrkbSim.Trials.Models;
using TrkbSim.Trials.Population;
using TrkbSim.Trials.Running;

// Usage: TrkbSim.Bench.Trkb OUT.md [--subjects N] [--reps N] [--part all|regimen|population]
// Measures (1) compile time of the assembled TRKB model for fluoxetine 20 mg daily, (2) the median wall time of one
// 8-week simulation with daily output after compile (simulator reused, after warm-up), and (3) subjects per second
// of a two-arm virtual trial (fluoxetine vs placebo, 8 weeks) on all cores, pictures off. `--part` measures only the
// regimen figures (with the header) or only the population and trial rows, so that bench/peers/run.sh can run each
// part under the runtime settings it stands for (see docs/performance.md).
var inv = CultureInfo.InvariantCulture;
if (args.Length == 0) { Console.Error.WriteLine("usage: TrkbSim.Bench.Trkb OUT.md [--subjects N] [--reps N] [--part all|regimen|population]"); return 2; }
int subjects = ArgInt("--subjects", 2000);
int reps = ArgInt("--reps", 200);
int partAt = Array.IndexOf(args, "--part");
string part = partAt >= 0 && partAt + 1 < args.Length ? args[partAt + 1] : "all";
if (part is not ("all" or "regimen" or "population")) { Console.Error.WriteLine($"--part {part}: use all, regimen or population"); return 2; }
bool doRegimen = part != "population", doPopulation = part != "regimen";
string pgo = Environment.GetEnvironmentVariable("DOTNET_TieredPGO") == "0" ? "dynamic PGO off, as in the trkbsim CLI" : "the .NET default runtime settings (dynamic PGO on)";

var library = CompoundLibrary.LoadDefault();
var settings = new MechanismSettings
{
    Regimens = [RegimenParser.Parse("fluoxetine 20mg oral every 24h for 8w", library, Organism.Human)],
};
var model = MechanismAssembler.BuildModel(settings, library);
var compileWatch = Stopwatch.StartNew();
var compiled = ModelCompiler.Compile(model);
compileWatch.Stop();
double benchRtol = double.Parse(Environment.GetEnvironmentVariable("TRKB_RTOL") ?? "1e-6", CultureInfo.InvariantCulture);
string[] checkVars = ["madrs", "occupancy_TRKB", "occupancy_SERT", "plasma_fluoxetine_nM", "plasma_norfluoxetine_nM", "brain_fluoxetine_nM", "trkb_signal", "plasticity"];
var baseSettings = new SimulationSettings
{
    End = 8 * 168, Steps = 56, RelTol = benchRtol, AbsTol = 1e-9, Variables = ["madrs", "occupancy_TRKB"],
    Solver = Environment.GetEnvironmentVariable("TRKB_SOLVER") ?? "auto",
};
// Accuracy first: a fast wrong answer does not count. Hourly outputs against a reference at rtol 1e-11 with every
// absolute tolerance at 1e-13; error relative to each value, floored at 1e-6 of the output's largest value.
var reference = !doRegimen ? null : compiled.CreateSimulator().Run(baseSettings with { RelTol = 1e-11, AbsTol = 1e-13, Variables = checkVars, Steps = 8 * 168 });

// One regimen at a relative tolerance: error against the reference, then the median time of `reps` runs after warm-up.
(double Median, string Statistics, double MaxError, string WorstVar, SimulationSettings Settings) Regimen(double rtol)
{
    var sim = compiled.CreateSimulator();
    var runSettings = baseSettings with { RelTol = rtol };
    // Drug amounts are held to rtol relative to the dose, as in every regimen run (AmountTolerances).
    runSettings = runSettings with { AbsTolFor = AmountTolerances.For(sim, settings, library, rtol, runSettings.AbsTol) };
    var check = compiled.CreateSimulator().Run(runSettings with { Variables = checkVars, Steps = 8 * 168 });
    double maxError = 0;
    string worstVar = "";
    foreach (var v in checkVars)
    {
        var r = reference!.Column(v).ToArray();
        var c = check.Column(v).ToArray();
        double scale = r.Max(Math.Abs);
        for (int i = 0; i < r.Length; i++)
        {
            double e = Math.Abs(c[i] - r[i]) / Math.Max(Math.Abs(r[i]), 1e-6 * scale);
            if (e > maxError) (maxError, worstVar) = (e, v);
        }
    }
    var first = sim.Run(runSettings);
    // Warm up until the JIT has promoted the hot paths (at least 20 runs and 1 s), as the peer harness does.
    var warm = Stopwatch.StartNew();
    for (int i = 0; i < 20 || warm.Elapsed.TotalSeconds < 1; i++) { sim.Reset(); sim.Run(runSettings); }
    var times = new double[reps];
    for (int i = 0; i < reps; i++)
    {
        sim.Reset();
        long t0 = Stopwatch.GetTimestamp();
        sim.Run(runSettings);
        times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    }
    Array.Sort(times);
    return (times[reps / 2], first.Statistics.ToString() ?? "", maxError, worstVar, runSettings);
}
var regimens = doRegimen ? new[] { benchRtol, 1e-4 }.Distinct().Select(r => Regimen(r)).ToList() : [];

// The same 8-week regimen at the trials' tolerance, 16 runs at a time on vector lanes (LaneBatch, as trial subjects are
// simulated): per run, median of `reps` batches after warm-up; every run's outputs are checked bit for bit against its
// scalar run first.
(double PerRun, int Runs)? LaneFigure()
{
    if (!doRegimen || !LaneBatch.Supports(compiled, regimens[^1].Settings)) return null;
    var laneSettings = regimens[^1].Settings;
    var sims = Enumerable.Range(0, 16).Select(_ => compiled.CreateSimulator()).ToList();
    var batch = new LaneBatch(compiled);
    var scalar = compiled.CreateSimulator().Run(laneSettings);
    foreach (var o in batch.Run(sims, laneSettings))
        for (int c = 0; c < scalar.Values.Length; c++)
            if (!scalar.Values[c].AsSpan().SequenceEqual(o.Result!.Values[c])) throw new InvalidOperationException("lane result differs from the scalar run");
    var warm = Stopwatch.StartNew();
    for (int i = 0; i < 5 || warm.Elapsed.TotalSeconds < 1; i++) batch.Run(sims, laneSettings);
    int batches = Math.Max(5, reps / 16);
    var perRun = new double[batches];
    for (int i = 0; i < batches; i++)
    {
        long t0 = Stopwatch.GetTimestamp();
        batch.Run(sims, laneSettings);
        perRun[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds / sims.Count;
    }
    Array.Sort(perRun);
    return (perRun[batches / 2], batches);
}
var lanes = LaneFigure();

// Trials: a drug arm with a placebo arm (as trials are run), and the drug arm alone (every subject a TRKB regimen).
(double PerSecond, double Seconds) Trial(string[] arms, int perArm)
{
    var outDir = Path.Combine(Path.GetTempPath(), "trkbsim-bench-trial-" + Environment.ProcessId);
    var trial = TrialOptions.FromArmStrings(arms, outDir) with { SubjectsPerArm = perArm, Weeks = 8, WritePictures = false };
    var watch = Stopwatch.StartNew();
    var result = new TrialRunner(new MechanismSubjectModelFactory()).Run(trial);
    watch.Stop();
    if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
    return (result.SubjectsSimulated / watch.Elapsed.TotalSeconds, watch.Elapsed.TotalSeconds);
}
// The population alone: subjects drawn and simulated on all cores as the trial does (same sampler, model, tolerances
// and random streams), without the database, summaries or exports. Best of three runs after a warm-up.
double Population(string armText, int n)
{
    var options = TrialOptions.FromArmStrings([armText], Path.GetTempPath()) with { SubjectsPerArm = n, Weeks = 8 };
    var population = PopulationFile.Load(null);
    var model = new MechanismSubjectModelFactory().CreateArm(options.Arms[0], options, population);
    var sampler = new SubjectSampler(population, model.Parameters);
    var schedule = new TrialSchedule(8);
    double noise = population.RatingNoiseSd.Value;
    var pool = new System.Collections.Concurrent.ConcurrentBag<ISubjectModel>();
    double Once(int count)
    {
        var watch = Stopwatch.StartNew();
        Parallel.For(0, count, () => pool.TryTake(out var s) ? s : model.CreateSimulator(),
            (i, _, sim) => { TrialRunner.SimulateSubject(sim, sampler, model, schedule, 42, 0, i, noise); return sim; },
            sim => pool.Add(sim));
        return count / watch.Elapsed.TotalSeconds;
    }
    Once(Math.Min(n, 200));
    return Enumerable.Range(0, 3).Max(_ => Once(n));
}
double populationPerSecond = 0, perSecond = 0, trialSeconds = 0, drugPerSecond = 0, drugSeconds = 0;
if (doPopulation)
{
    populationPerSecond = Population("fluoxetine: fluoxetine 20mg oral every 24h", subjects);
    // A small trial first, not counted: it pays the one-off JIT of the trial runner and DuckDB's start-up, which a
    // user's first trial in a process pays once, not per subject.
    Trial(["fluoxetine: fluoxetine 20mg oral every 24h", "placebo: placebo"], 20);
    (perSecond, trialSeconds) = Trial(["fluoxetine: fluoxetine 20mg oral every 24h", "placebo: placebo"], subjects / 2);
    (drugPerSecond, drugSeconds) = Trial(["fluoxetine: fluoxetine 20mg oral every 24h"], subjects);
}

var sb = new StringBuilder();
if (doRegimen)
{
    sb.AppendLine("## The TRKB mechanism (TrkbSim's own figures)");
    sb.AppendLine();
    sb.AppendLine($"Fluoxetine 20 mg oral daily for 8 weeks, assembled model with {compiled.StateIds.Count} states and {compiled.ParameterIds.Count} parameters, 56 dose events.");
    sb.AppendLine();
    sb.AppendLine("| figure | measured | goal | verdict |");
    sb.AppendLine("|---|---|---|---|");
    sb.AppendLine($"| compile (Antimony model -> delegates) | {compileWatch.Elapsed.TotalMilliseconds.ToString("F0", inv)} ms | — | — |");
}
foreach (var (median, statistics, maxError, worstVar, runSettings) in regimens)
{
    string rtolText = runSettings.RelTol.ToString("G3", inv);
    bool accurate = maxError <= 10 * runSettings.RelTol;
    string verdict = !accurate ? $"not counted: max error {maxError.ToString("E1", inv)} exceeds 10 x rtol"
        : median < 1 ? "met" : $"not met ({(median / 1).ToString("F1", inv)}x the goal)";
    string use = runSettings.RelTol == 1e-4 ? ", the trials' tolerance" : "";
    sb.AppendLine($"| one 8-week regimen after compile (median of {reps}, daily output, rtol {rtolText}{use}, drug amounts to rtol x dose; {pgo}) | {median.ToString("F3", inv)} ms ({statistics}); max relative error of {checkVars.Length} outputs, hourly, against a rtol-1e-11 reference: {maxError.ToString("E1", inv)} ({worstVar}) | < 1 ms | {verdict} |");
}
if (lanes is { } lf)
    sb.AppendLine($"| the same regimen at rtol 1e-4, 16 runs at a time on vector lanes (LaneBatch, as trial subjects run; results bit-identical to the scalar runs, checked), per run, median of {lf.Runs} batches; {pgo} | {lf.PerRun.ToString("F3", inv)} ms | < 1 ms | {(lf.PerRun < 1 ? "met" : "not met")} |");
string Verdict(double rate) => rate > 2000 ? "met" : $"not met ({(2000 / rate).ToString("F2", inv)}x short)";
if (doPopulation)
{
    sb.AppendLine($"| population: fluoxetine subjects x 8 weeks drawn and simulated on {Environment.ProcessorCount} cores (the trial's sampler, model and tolerances; no database), best of 3 runs of {subjects}; {pgo} | {populationPerSecond.ToString("F0", inv)} subjects/s | > 2,000 subjects/s | {Verdict(populationPerSecond)} |");
    sb.AppendLine($"| virtual trial, fluoxetine + placebo arms x {subjects / 2} subjects x 8 weeks, {Environment.ProcessorCount} cores, DuckDB output and exports, no pictures | {perSecond.ToString("F0", inv)} subjects/s ({trialSeconds.ToString("F1", inv)} s) | > 2,000 subjects/s | {Verdict(perSecond)} |");
    sb.AppendLine($"| virtual trial, fluoxetine arm alone x {subjects} subjects x 8 weeks, same settings | {drugPerSecond.ToString("F0", inv)} subjects/s ({drugSeconds.ToString("F1", inv)} s) | > 2,000 subjects/s | {Verdict(drugPerSecond)} |");
    sb.AppendLine();
}
File.WriteAllText(args[0], sb.ToString());
Console.Out.Write(sb.ToString());
return 0;

int ArgInt(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], inv) : fallback;
}
