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

    public static RootCommand BuildRoot() => new("TrkbSim: antidepressant action through TRKB, on a fast SBML/Antimony modelling engine")
    {
        SimulateCommand.Create(),
        SteadyStateCommand.Create(),
        ConvertCommand.Create(),
        CompoundsCommand.Create(),
        TrialCommand.Create(),
        TrialCommand.CreateQuery(),
        TrialCommand.CreateMerge(),
        FitCommand.Create(),
        SensitivityCommand.Create(),
        ScanCommand.Create(),
        SbmlTestSuiteCommand.Create(),
        SedmlCommands.CreateRunOmex(),
        SedmlCommands.CreateRunSedml(),
        SedmlCommands.CreateExportOmex(),
        RegimenCommand.Create(),
        ScenarioCommand.Create(),
        ScenarioCommand.CreateValidate(),
        ExperimentCommand.Create(),
        CalibrationCommands.CreateCalibrate(),
        CalibrationCommands.CreateOnsetSensitivity(),
        ServeCommand.Create(),
        ClusterCommand.Create(),
    };

    public static int Run(string[] args, TextWriter stderr)
    {
        var root = BuildRoot();
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
