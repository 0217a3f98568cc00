namespace TrkbSim.Cli.Tests;

/// <summary>Runs the trkbsim command in-process, capturing standard output and error. Tests using it run one at a time.</summary>
public static class CliHarness
{
    private static readonly object Gate = new();

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        lock (Gate)
        {
            var oldOut = Console.Out;
            var oldErr = Console.Error;
            var output = new StringWriter();
            var error = new StringWriter();
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                int code = Program.Run(args, error);
                return (code, output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "trkbsim-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    public static string Write(string dir, string name, string text)
    {
        var p = Path.Combine(dir, name);
        File.WriteAllText(p, text);
        return p;
    }

    /// <summary>Parses CSV output into the header and numeric rows.</summary>
    public static (string[] Header, double[][] Rows) ParseCsv(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return (header, rows);
    }

    /// <summary>The repository's root: the folder above the test output that holds TrkbSim.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrkbSim.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (TrkbSim.slnx) not found above the test output");
    }

    /// <summary>
    /// The folder that holds the shared material (SBML test suite cases): <c>TRKBSIM_SHARED</c> when set, else the
    /// folder beside the repository.
    /// </summary>
    public static string? SharedFolder()
    {
        if (Environment.GetEnvironmentVariable("TRKBSIM_SHARED") is { Length: > 0 } given) return Directory.Exists(given) ? given : null;
        var parent = Directory.GetParent(RepositoryRoot());
        if (parent is null) return null;
        var shared = Path.Combine(parent.FullName, "shared");
        return Directory.Exists(shared) ? shared : null;
    }
}

[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class CliCollection;
