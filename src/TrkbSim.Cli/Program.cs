using System.CommandLine;
using TrkbSim.Cli.Commands;
using TrkbSim.Analysis;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Files;
using TrkbSim.Pharmacology;
using TrkbSim.Trials;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Cli;

/// <summary>Entry point of the <c>trkbsim</c> command: builds the command tree and turns errors into messages and exit codes.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Error);

    const string Description = "TrkbSim: antidepressant action through TRKB, on a fast SBML/Antimony modelling engine";

    /// <summary>Every command, by the name it is invoked with, in the order help lists them.</summary>
    public static IReadOnlyList<(string Name, Func<Command> Create)> Commands { get; } =
    [
        ("simulate", SimulateCommand.Create),
        ("steady-state", SteadyStateCommand.Create),
        ("convert", ConvertCommand.Create),
        ("compounds", CompoundsCommand.Create),
        ("trial", TrialCommand.Create),
        ("query", TrialCommand.CreateQuery),
        ("trial-merge", TrialCommand.CreateMerge),
        ("fit", FitCommand.Create),
        ("sensitivity", SensitivityCommand.Create),
        ("scan", ScanCommand.Create),
        ("sbml-test-suite", SbmlTestSuiteCommand.Create),
        ("run-omex", SedmlCommands.CreateRunOmex),
        ("run-sedml", SedmlCommands.CreateRunSedml),
        ("export-omex", SedmlCommands.CreateExportOmex),
        ("regimen", RegimenCommand.Create),
        ("scenario", ScenarioCommand.Create),
        ("validate", ScenarioCommand.CreateValidate),
        ("experiment", ExperimentCommand.Create),
        ("calibrate", CalibrationCommands.CreateCalibrate),
        ("onset-sensitivity", CalibrationCommands.CreateOnsetSensitivity),
        ("serve", ServeCommand.Create),
        ("cluster", ClusterCommand.Create),
    ];

    /// <summary>The whole command tree (help, documentation).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(Description);
        foreach (var (_, create) in Commands) root.Subcommands.Add(create());
        return root;
    }

    /// <summary>
    /// The tree a command line needs: only the command it names when it names one (building every command's options
    /// costs ~35 ms of start-up, most of it compiling their generic option types), else the whole tree (root help,
    /// --version, a misspelt command and its suggestions).
    /// </summary>
    static RootCommand RootFor(string[] args)
    {
        if (args.Length == 0) return BuildRoot();
        foreach (var (name, create) in Commands)
            if (name == args[0])
            {
                var root = new RootCommand(Description);
                root.Subcommands.Add(create());
                return root;
            }
        return BuildRoot();
    }

    public static int Run(string[] args, TextWriter stderr)
    {
        var root = RootFor(args);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) stderr.WriteLine($"trkbsim: error: {e.Message}");
            stderr.WriteLine("Run 'trkbsim --help' (or 'trkbsim COMMAND --help') for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"trkbsim: error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OutputException e)
        {
            stderr.WriteLine($"trkbsim: error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (ModelException e)
        {
            stderr.WriteLine($"trkbsim: model error: {e.UserMessage}");
            return ExitCodes.ModelError;
        }
        catch (Exception e) when (e is PharmacologyInputException or TrialInputException or AnalysisException)
        {
            stderr.WriteLine($"trkbsim: error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (TrkbSim.Analysis.SteadyState.NoSteadyStateException e)
        {
            stderr.WriteLine($"trkbsim: numerical failure: {e.Message}");
            return ExitCodes.NumericalFailure;
        }
        catch (OdeSolverException e)
        {
            stderr.WriteLine($"trkbsim: numerical failure: {e.Message}");
            return ExitCodes.NumericalFailure;
        }
        catch (TrkbSim.Distributed.ClusterException e)
        {
            stderr.WriteLine($"trkbsim: cluster error: {e.Message}");
            return e.Failure switch
            {
                TrkbSim.Distributed.WorkerFailure.Input => ExitCodes.Usage,
                TrkbSim.Distributed.WorkerFailure.Model => ExitCodes.ModelError,
                TrkbSim.Distributed.WorkerFailure.Numerical => ExitCodes.NumericalFailure,
                _ => ExitCodes.Failure,
            };
        }
        catch (IOException e)
        {
            stderr.WriteLine($"trkbsim: error: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"trkbsim: error: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
