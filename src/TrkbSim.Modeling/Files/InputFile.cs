using System.Text;

namespace TrkbSim.Modeling.Files;

/// <summary>A file input that is not a readable regular file of bounded size (a pipe, a device, an empty or huge file).</summary>
public sealed class InputFileException(string message) : IOException(message);

/// <summary>
/// The one way the project reads a user's input file: it must exist, be a regular file (not a pipe or a device, which
/// could block or never end) and hold at most a stated number of bytes, checked before reading; the read itself stops
/// at that bound.
/// </summary>
public static class InputFile
{
    /// <summary>Default bound: 256 MiB.</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    public static string ReadAllText(string path, string what, long maxBytes = DefaultMaxBytes)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new InputFileException(Directory.Exists(path) ? $"{what} '{path}' is a folder, not a file" : $"{what} '{path}' does not exist");
        // Follow a symbolic link to what it points at (e.g. /dev/stdin to a pipe).
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target) info = target;
        // Pipes, sockets and devices report no length: reading them could block forever or never end.
        if (info.Length == 0)
            throw new InputFileException($"{what} '{path}' is empty or not a regular file (a pipe or a device); give a file with content");
        if (info.Length > maxBytes)
            throw new InputFileException($"{what} '{path}' has {info.Length:N0} bytes; at most {maxBytes:N0} are read");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[System.Math.Min(info.Length + 1, maxBytes + 1)];
        int total = 0, n;
        while (total < buffer.Length && (n = stream.Read(buffer, total, buffer.Length - total)) > 0) total += n;
        if (total > maxBytes)
            throw new InputFileException($"{what} '{path}' grew past {maxBytes:N0} bytes while it was read");
        return new UTF8Encoding(false).GetString(buffer, 0, total).TrimStart('\uFEFF');
    }
}
