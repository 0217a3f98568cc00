using System.CommandLine;
using System.Text;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Cli.Output;

/// <summary>The <c>--force</c> option every writing command shares, and small shortcuts over <see cref="OutputSet"/>.</summary>
public static class OutputOptions
{
    /// <summary>A fresh <c>--force</c> option (System.CommandLine options belong to one command each).</summary>
    public static Option<bool> Force() => new("--force")
    {
        Description = "Replace existing output files of the same name (and write into a non-empty --out folder); other files are never touched",
    };

    /// <summary>Produces a whole output folder through <see cref="OutputSet"/>: new or empty unless forced, all or nothing.</summary>
    public static T WriteFolder<T>(string outDir, bool force, Func<string, T> produce)
    {
        using var outputs = new OutputSet(force);
        var staging = outputs.Folder("--out", outDir);
        var result = produce(staging);
        outputs.Commit();
        return result;
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) to a staged path.</summary>
    public static void WriteText(string stagedPath, Action<TextWriter> write)
    {
        using var w = new StreamWriter(stagedPath, false, new UTF8Encoding(false), 1 << 16);
        write(w);
    }
}
