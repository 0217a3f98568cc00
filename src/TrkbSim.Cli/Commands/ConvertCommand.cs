using System.CommandLine;
using TrkbSim.Cli.Options;
using TrkbSim.Cli.Output;
using TrkbSim.Modeling.Files;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Modeling.Sbml;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim convert MODEL --to antimony|sbml [--out FILE]</c>.</summary>
public static class ConvertCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Model file: Antimony (.ant, .txt) or SBML (.xml, .sbml)" };
        var to = TypedOptions.Name("--to", "format", ["antimony", "sbml"], "Target format");
        to.Required = true;
        var outFile = new Option<string?>("--out") { Description = "Output file; default: standard output" };
        var force = OutputOptions.Force();
        var cmd = new Command("convert", "Convert a model between Antimony and SBML (Level 3 Version 2)") { model, to, outFile, force };
        cmd.SetAction(pr =>
        {
            var target = pr.GetValue(to)!;
            var output = pr.GetValue(outFile);
            using var outputs = new OutputSet(pr.GetValue(force));
            string? staged = output is null ? null : outputs.File("--out", output);
            var m = ModelLoader.Load(pr.GetValue(model)!);
            var text = target == "antimony" ? AntimonyWriter.Write(m) : SbmlWriter.Write(m);
            if (staged is null) Console.Out.Write(text);
            else
            {
                File.WriteAllText(staged, text);
                outputs.Commit();
            }
            return ExitCodes.Success;
        });
        return cmd;
    }
}
