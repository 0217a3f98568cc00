namespace TrkbSim.Cli.Output;

/// <summary>
/// Writes a file through a temporary sibling that is renamed into place only when writing succeeded,
/// so a failed run never leaves a half-written output behind.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<TextWriter> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
            throw new UsageException($"output folder '{dir}' does not exist");
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var w = new StreamWriter(tmp, false, new System.Text.UTF8Encoding(false), 1 << 16))
                write(w);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public static void WriteAllText(string path, string text) => Write(path, w => w.Write(text));

    public static void WriteBytes(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
            throw new UsageException($"output folder '{dir}' does not exist");
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
