namespace TrkbSim.Cli.Output;

/// <summary>
/// Writes a file through a temporary sibling that is renamed into place only when writing succeeded,
/// so a failed run never leaves a half-written output behind.
/// </summary>
public static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> with a temporary path (same folder and extension), then moves it to <paramref name="path"/>.</summary>
    public static void WriteVia(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
            throw new UsageException($"output folder '{dir}' does not exist");
        var tmp = Path.Combine(dir, $".{Path.GetFileNameWithoutExtension(full)}.{Environment.ProcessId}.tmp{Path.GetExtension(full)}");
        try
        {
            write(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public static void Write(string path, Action<TextWriter> write) => WriteVia(path, tmp =>
    {
        using var w = new StreamWriter(tmp, false, new System.Text.UTF8Encoding(false), 1 << 16);
        write(w);
    });

    public static void WriteAllText(string path, string text) => Write(path, w => w.Write(text));
}
