using System.Collections.Immutable;
using System.CommandLine;
using TrkbSim.Cli.Options;
using TrkbSim.Cli.Output;
using TrkbSim.Interop;
using TrkbSim.Interop.Omex;
using TrkbSim.Interop.Sedml;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Files;
using TrkbSim.Numerics.Ode;
using TrkbSim.Simulation;

namespace TrkbSim.Cli.Commands;

/// <summary>
/// <c>trkbsim run-omex -i ARCHIVE.omex -o OUTDIR</c>, <c>trkbsim run-sedml FILE.sedml -o OUTDIR</c> and
/// <c>trkbsim export-omex MODEL --end T -o FILE.omex</c>: SED-ML and COMBINE/OMEX in and out (docs/sedml.md).
/// </summary>
public static class SedmlCommands
{
    /// <summary>Most output intervals of an exported time course.</summary>
    const int MaxSteps = 10_000_000;

    public static Command CreateRunOmex()
    {
        var archive = new Option<string>("--archive", "-i") { Description = "COMBINE/OMEX archive (.omex) to run", Required = true };
        var outDir = OutDirOption();
        var force = ForceFolder();
        var cmd = new Command("run-omex",
            "Run the SED-ML of a COMBINE/OMEX archive (the master documents, or all when none is master): reports as CSV and reports.h5, plots as PNG")
        { archive, outDir, force };
        cmd.SetAction(pr =>
        {
            string path = pr.GetValue(archive)!;
            if (!File.Exists(path)) throw new UsageException($"--archive: '{path}' does not exist or is not a file");
            return RunInto(pr.GetValue(outDir)!, pr.GetValue(force), () => SedmlExecution.RunArchive(path, Warn));
        });
        return cmd;
    }

    public static Command CreateRunSedml()
    {
        var file = new Argument<string>("sedml") { Description = "SED-ML file (.sedml or .xml); model sources are relative to its folder" };
        var outDir = OutDirOption();
        var force = ForceFolder();
        var cmd = new Command("run-sedml", "Run a SED-ML file: reports as CSV and reports.h5, plots as PNG") { file, outDir, force };
        cmd.SetAction(pr =>
        {
            string path = pr.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"SEDML '{path}' does not exist or is not a file");
            return RunInto(pr.GetValue(outDir)!, pr.GetValue(force), () => [SedmlExecution.RunFile(path, Warn)]);
        });
        return cmd;
    }

    public static Command CreateExportOmex()
    {
        var model = new Argument<string>("model") { Description = "Model file: Antimony (.ant, .txt) or SBML (.xml, .sbml)" };
        var end = new Option<double>("--end") { Description = "End time (model time units)", Required = true };
        var start = new Option<double>("--start") { Description = "Start time", DefaultValueFactory = _ => 0.0 };
        var steps = new Option<int>("--steps") { Description = "Number of output intervals", DefaultValueFactory = _ => 100 };
        var outputs = new Option<string?>("--output") { Description = "Comma-separated output variables: ids, amount(S), concentration(S) (default: as simulate)" };
        var solver = TypedOptions.Name("--solver", "solver", SolverFactory.Names, "Solver, written as its KiSAO algorithm id", "auto");
        var rtol = new Option<double>("--rtol") { Description = "Relative tolerance", DefaultValueFactory = _ => 1e-6 };
        var atol = new Option<double>("--atol") { Description = "Absolute tolerance", DefaultValueFactory = _ => 1e-12 };
        var outFile = new Option<string>("--out", "-o") { Description = "Archive to write (.omex)", Required = true };
        var force = OutputOptions.Force();
        var cmd = new Command("export-omex",
            "Write a COMBINE/OMEX archive (model as SBML, SED-ML time course with report and plot, manifest) that re-runs a time course in SED-ML tools")
        { model, end, start, steps, outputs, solver, rtol, atol, outFile, force };
        cmd.SetAction(pr =>
        {
            OptionParsing.RequireRange("--rtol", pr.GetValue(rtol), 0, 1, minExclusive: true);
            OptionParsing.RequireRange("--atol", pr.GetValue(atol), 0, double.PositiveInfinity, minExclusive: true);
            OptionParsing.RequireRange("--steps", pr.GetValue(steps), 1, MaxSteps);
            double t0 = pr.GetValue(start), t1 = pr.GetValue(end);
            if (!double.IsFinite(t0) || !double.IsFinite(t1) || !(t1 > t0))
                throw new UsageException($"--end: {t1:G} must be a finite time after --start {t0:G}");
            OptionParsing.CheckExtension("--out", pr.GetValue(outFile), ".omex");
            using var staged = new OutputSet(pr.GetValue(force));
            string path = staged.File("--out", pr.GetValue(outFile)!);
            var m = ModelLoader.Load(pr.GetValue(model)!);
            var compiled = ModelCompiler.Compile(m);
            foreach (var w in compiled.Warnings) Warn(w);
            var names = pr.GetValue(outputs) is { } text ? OptionParsing.ParseList("--output", text) : compiled.DefaultVariables();
            foreach (var v in names)
            {
                try { compiled.ValidateVariable(v); }
                catch (ModelException e) { throw new UsageException($"--output: {e.Message}"); }
            }
            WriteArchive(path, new SedTimeCourseSpec
            {
                Model = m, Start = t0, End = t1, Steps = pr.GetValue(steps), Solver = pr.GetValue(solver)!,
                RelTol = pr.GetValue(rtol), AbsTol = pr.GetValue(atol), Outputs = [.. names],
            }, "--output");
            staged.Commit();
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>Writes an archive for a time course to a staged path; an output the SED-ML cannot name is a usage error of <paramref name="option"/>.</summary>
    internal static void WriteArchive(string stagedPath, SedTimeCourseSpec spec, string option)
    {
        try { OmexExport.Write(stagedPath, spec); }
        catch (ArgumentException e) { throw new UsageException($"{option}: {e.Message}"); }
    }

    /// <summary>--force of the commands that write an output folder (named --out-dir here, as BioSimulators names it).</summary>
    static Option<bool> ForceFolder() => new("--force")
    {
        Description = "Write into a non-empty --out-dir folder: files of the same name are replaced, other files are kept",
    };

    static Option<string> OutDirOption() =>
        new("--out-dir", "-o") { Description = "Output folder: new or empty unless --force (nothing is written unless every output is)", Required = true };

    static int RunInto(string outDir, bool force, Func<IReadOnlyList<SedRunResult>> run)
    {
        using var outputs = new OutputSet(force);
        string staging = outputs.Folder("--out-dir", outDir);
        var results = run();
        var written = SedmlExecution.WriteOutputs(staging, results);
        outputs.Commit();
        Console.Error.WriteLine($"ran {results.Count} SED-ML document(s): {string.Join(", ", results.Select(r => r.Document.Location))}; wrote {string.Join(", ", written)} in {outDir}");
        return ExitCodes.Success;
    }

    static void Warn(string message) => Console.Error.WriteLine($"trkbsim: warning: {message}");
}
