using System.CommandLine;
using TrkbSim.Analysis.SteadyState;
using TrkbSim.Cli.Options;
using TrkbSim.Cli.Output;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Files;
using TrkbSim.Simulation;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim steady-state MODEL</c>: the state where every rate is zero, its conservation laws and its stability.</summary>
public static class SteadyStateCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Model file: Antimony (.ant, .txt) or SBML (.xml, .sbml)" };
        var method = TypedOptions.Choice("--method", SteadyStateMethodNames.Table,
            "newton (damped Newton from the initial state), simulate (integrate towards it, then Newton) or auto (Newton, else simulate)",
            SteadyStateMethod.Auto);
        var set = new Option<string[]>("--set") { Description = "Change a parameter or initial value first: id=value (repeatable)", AllowMultipleArgumentsPerToken = true };
        var maxTime = TypedOptions.Budget("--max-time", "Stop with an error (and no output) when the search takes longer: 30 (seconds), 90s, 10min");
        var outFile = new Option<string?>("--out") { Description = "Result JSON file; default: standard output" };
        var force = OutputOptions.Force();
        var cmd = new Command("steady-state",
            "Find a steady state: the state, the largest scaled rate left, the conservation laws (with totals from the initial state) and stability (largest real part of the Jacobian's eigenvalues: all of them up to 500 states, those nearest zero for larger sparse models)")
        {
            model, method, set, maxTime, outFile, force,
        };
        cmd.SetAction(pr =>
        {
            OptionParsing.CheckExtension("--out", pr.GetValue(outFile), ".json");
            var assignments = OptionParsing.ParseAssignments("--set", pr.GetValue(set));
            using var outputs = new OutputSet(pr.GetValue(force));
            string? staged = pr.GetValue(outFile) is { } o ? outputs.File("--out", o) : null;

            var compiled = ModelCompiler.Compile(ModelLoader.Load(pr.GetValue(model)!));
            foreach (var w in compiled.Warnings) Console.Error.WriteLine($"trkbsim: warning: {w}");
            if (compiled.Model.Events.Length > 0)
                Console.Error.WriteLine($"trkbsim: warning: the model's {compiled.Model.Events.Length} event(s) are not part of a steady state and are ignored by Newton");
            var sim = compiled.CreateSimulator();
            foreach (var (id, value) in assignments)
            {
                try { sim.Set(id, value); }
                catch (ModelException e) { throw new UsageException($"--set {id}: {e.Message}"); }
            }
            TimeSpan? budget = pr.GetValue(maxTime);
            using var stop = budget is { } b ? new CancellationTokenSource(b) : new CancellationTokenSource();
            SteadyStateResult result;
            try { result = SteadyStateSolver.Solve(sim, new SteadyStateOptions { Method = method.ValueIn(pr), Cancellation = stop.Token }); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw new UsageException($"--max-time {budget.GetValueOrDefault().TotalSeconds:G6} s: the search was stopped; nothing was written");
            }
            if (!result.Laws.Certain)
                Console.Error.WriteLine($"trkbsim: warning: the {result.Laws.Count} conservation law(s) found could not be shown complete " +
                    "(sparse search: no QR tolerance passed the completeness certificate); a missing law's total is not held, so " +
                    "check the state against the model's conserved quantities");
            string json = SteadyStateJson.Serialize(result);
            if (staged is not null)
            {
                File.WriteAllText(staged, json);
                outputs.Commit();
            }
            else Console.Out.WriteLine(json);
            return ExitCodes.Success;
        });
        return cmd;
    }
}
