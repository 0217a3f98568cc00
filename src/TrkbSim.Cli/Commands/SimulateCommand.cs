using System.CommandLine;
using TrkbSim.Cli.Options;
using System.Diagnostics;
using TrkbSim.Cli.Output;
using TrkbSim.Modeling.Files;
using TrkbSim.Modeling;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim simulate MODEL --end T ...</c>: a time course of an Antimony or SBML model.</summary>
public static class SimulateCommand
{
    /// <summary>Most output rows (times) of one simulate run.</summary>
    const int MaxOutputRows = 10_000_000;

    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Model file: Antimony (.ant, .txt) or SBML (.xml, .sbml)" };
        var end = new Option<double>("--end") { Description = "End time (model time units)", Required = true };
        var start = new Option<double>("--start") { Description = "Start time", DefaultValueFactory = _ => 0.0 };
        var steps = new Option<int?>("--steps") { Description = "Number of output intervals (default 100)" };
        var times = new Option<string?>("--times") { Description = "Comma-separated output times instead of --steps" };
        var rtol = new Option<double>("--rtol") { Description = "Relative tolerance", DefaultValueFactory = _ => 1e-6 };
        var atol = new Option<double>("--atol") { Description = "Absolute tolerance", DefaultValueFactory = _ => 1e-12 };
        var atolFor = new Option<string[]>("--atol-for")
        {
            Description = "Absolute tolerance of one state variable, in the units it is integrated in (amounts for species): id=value (repeatable)",
            AllowMultipleArgumentsPerToken = true,
        };
        var solver = TypedOptions.Name("--solver", "solver", SolverFactory.Names, "Solver", "auto");
        var linearSolver = TypedOptions.Name("--linear-solver", "linear solver", LinearSolverChoice.Names,
            "Linear algebra of the stiff solvers: dense LU, sparse LU, iterative (GMRES with an incomplete LU), or auto (sparse for models with at least " +
            $"{LinearSolverChoice.SparseMinimumDimension} states and a Jacobian at most {LinearSolverChoice.SparseMaximumDensity:P0} full; iterative from " +
            $"{LinearSolverChoice.IterativeMinimumDimension:N0} states when a complete LU would hold over {LinearSolverChoice.IterativeFillRatio:F0} times W's entries)", "auto");
        var set = new Option<string[]>("--set") { Description = "Change a parameter or initial value: id=value (repeatable)", AllowMultipleArgumentsPerToken = true };
        var vars = new Option<string?>("--vars") { Description = "Comma-separated output variables (default: all)" };
        var outFile = new Option<string?>("--out") { Description = "Output file (.csv or .json); default: CSV on standard output" };

        var maxTime = TypedOptions.Budget("--max-time", "Stop with an error (and no output) when the simulation takes longer: 30 (seconds), 90s, 10min");
        var force = OutputOptions.Force();
        var cmd = new Command("simulate", "Simulate a model's time course")
        {
            model, end, start, steps, times, rtol, atol, atolFor, solver, linearSolver, set, vars, maxTime, outFile, force,
        };
        cmd.SetAction(pr =>
        {
            var settings = new SimulationSettings
            {
                Start = pr.GetValue(start),
                End = pr.GetValue(end),
                RelTol = pr.GetValue(rtol),
                AbsTol = pr.GetValue(atol),
                Solver = pr.GetValue(solver)!,
                LinearSolver = LinearSolverChoice.Parse(pr.GetValue(linearSolver)!),
            };
            OptionParsing.RequireRange("--rtol", settings.RelTol, 0, 1, minExclusive: true);
            OptionParsing.RequireRange("--atol", settings.AbsTol, 0, double.PositiveInfinity, minExclusive: true);
            try
            {
                settings = OutputGrid.Apply(settings, pr.GetValue(times) is { } timeText ? OptionParsing.ParseDoubleList("--times", timeText) : null,
                    pr.GetValue(steps), MaxOutputRows, "--");
            }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            var varText = pr.GetValue(vars);
            if (varText is not null) settings = settings with { Variables = OptionParsing.ParseList("--vars", varText) };
            var assignments = OptionParsing.ParseAssignments("--set", pr.GetValue(set));
            var stateTolerances = OptionParsing.ParseAssignments("--atol-for", pr.GetValue(atolFor));
            foreach (var (id, value) in stateTolerances)
                OptionParsing.RequireRange($"--atol-for {id}", value, 0, double.PositiveInfinity, minExclusive: true);
            var output = pr.GetValue(outFile);
            string? format = output is null ? "csv" : Path.GetExtension(output).ToLowerInvariant() switch
            {
                ".csv" => "csv",
                ".json" => "json",
                _ => null,
            };
            if (format is null) throw new UsageException($"--out: '{output}' must end in .csv or .json");
            using var outputs = new OutputSet(pr.GetValue(force));
            string? staged = output is null ? null : outputs.File("--out", output);

            var m = ModelLoader.Load(pr.GetValue(model)!);
            var compiled = ModelCompiler.Compile(m);
            foreach (var w in compiled.Warnings) Console.Error.WriteLine($"trkbsim: warning: {w}");
            foreach (var v in settings.Variables ?? [])
            {
                try { compiled.ValidateVariable(v); }
                catch (ModelException e) { throw new UsageException($"--vars: {e.Message}"); }
            }
            if (stateTolerances.Count > 0)
            {
                foreach (var (id, _) in stateTolerances)
                {
                    if (!compiled.StateIds.Contains(id))
                        throw new UsageException($"--atol-for {id}: not a state variable of the model; states: {string.Join(", ", compiled.StateIds)}");
                }
                settings = settings with { AbsTolFor = stateTolerances.ToDictionary(a => a.Id, a => a.Value) };
            }
            var sim = compiled.CreateSimulator();
            foreach (var (id, value) in assignments)
            {
                try { sim.Set(id, value); }
                catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InvalidOperationException or ModelException)
                {
                    throw new UsageException($"--set {id}: {e.Message}");
                }
            }
            TimeSpan? budget = pr.GetValue(maxTime);
            using var stop = budget is { } b ? new CancellationTokenSource(b) : new CancellationTokenSource();
            var sw = Stopwatch.StartNew();
            SimulationResult result;
            var bar = ProgressBar.ForTerminal();
            try { result = sim.Run(settings with { Cancellation = stop.Token, Progress = bar }); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            catch (OperationCanceledException e) when (stop.IsCancellationRequested)
            {
                throw new UsageException($"--max-time {budget.GetValueOrDefault().TotalSeconds:G6} s: {e.Message}; nothing was written");
            }
            finally { bar?.Finish(); }
            sw.Stop();

            if (output is null)
            {
                var stdout = Console.Out;
                ResultWriter.WriteCsv(stdout, result);
                stdout.Flush();
            }
            else
            {
                OutputOptions.WriteText(staged!, w =>
                {
                    if (format == "csv") ResultWriter.WriteCsv(w, result);
                    else ResultWriter.WriteJson(w, result);
                });
                outputs.Commit();
            }
            Console.Error.WriteLine(
                $"compiled in {compiled.CompileTime.TotalMilliseconds:F1} ms; simulated in {sw.Elapsed.TotalMilliseconds:F2} ms ({result.Statistics})");
            return ExitCodes.Success;
        });
        return cmd;
    }
}
