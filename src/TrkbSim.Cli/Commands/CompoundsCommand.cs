using System.CommandLine;
using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim compounds list|show NAME [--file FILE]</c>: the compound library with sources.</summary>
public static class CompoundsCommand
{
    public static Command Create()
    {
        var file = new Option<string?>("--file") { Description = "Extra compound file (JSON, same format as the built-in library) that adds or overrides compounds" };
        var list = new Command("list", "List the compounds with their class and targets") { file };
        list.SetAction(pr =>
        {
            Console.Out.Write(CompoundFormatter.List(Load(pr.GetValue(file))));
            return ExitCodes.Success;
        });
        var name = new Argument<string>("name") { Description = "Compound id (see 'compounds list')" };
        var show = new Command("show", "Show every parameter of a compound: value, unit, status and source") { name, file };
        show.SetAction(pr =>
        {
            Console.Out.Write(CompoundFormatter.Show(Load(pr.GetValue(file)), pr.GetValue(name)!));
            return ExitCodes.Success;
        });
        return new Command("compounds", "The compound library (PK by species, affinities, sources)") { list, show };
    }

    internal static CompoundLibrary Load(string? file)
    {
        if (file is null) return CompoundLibrary.LoadDefault();
        if (!File.Exists(file)) throw new UsageException($"--file: compound file '{file}' does not exist");
        return CompoundLibrary.Load(file);
    }
}
