namespace TrkbSim.Cli.Output;

/// <summary>
/// Produces a folder of outputs through a hidden temporary sibling: only when everything was written are the
/// files moved into the target (existing files of the same name are replaced), so a failed run leaves the
/// target as it was.
/// </summary>
public static class OutputFolder
{
    public static T Write<T>(string outDir, Func<string, T> produce)
    {
        var full = Path.GetFullPath(outDir);
        var parent = Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar)) ?? full;
        Directory.CreateDirectory(parent);
        if (File.Exists(full)) throw new UsageException($"--out: '{outDir}' is a file, not a folder");
        var tmp = Path.Combine(parent, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        Directory.CreateDirectory(tmp);
        try
        {
            var result = produce(tmp);
            Directory.CreateDirectory(full);
            MoveTree(tmp, full);
            return result;
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        }
    }

    private static void MoveTree(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from))
        {
            var target = Path.Combine(to, Path.GetFileName(dir));
            Directory.CreateDirectory(target);
            MoveTree(dir, target);
        }
        foreach (var file in Directory.GetFiles(from))
            File.Move(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }
}
