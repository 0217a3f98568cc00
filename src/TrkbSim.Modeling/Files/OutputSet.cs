using System.Diagnostics;

namespace TrkbSim.Modeling.Files;

/// <summary>
/// The outputs of one command (files and folders), checked before any work starts, written to hidden staging
/// paths beside their targets and moved into place together at the end, so that a failing command leaves none of
/// them. Nothing that exists is replaced unless <c>force</c> is given, and then only files of the same name: no
/// file or folder that this program did not create is ever deleted.
/// </summary>
public sealed class OutputSet : IDisposable
{
    /// <summary>Marks a staging path; a staging path whose process has ended is left over from a killed run.</summary>
    const string StagingTag = ".trkbsim-staging-";

    readonly bool _force;
    readonly List<Entry> _entries = [];
    readonly List<string> _createdFolders = [];
    bool _committed;

    sealed record Entry(string Option, string Target, string Staging, bool IsFolder);

    /// <param name="force">Allow writing over existing files of the same name (and into non-empty folders).</param>
    public OutputSet(bool force = false) => _force = force;

    /// <summary>
    /// Registers an output file and returns the staging path to write it to. The target's folder must exist; an
    /// existing file is an error unless forced. The staging file is created now, which proves the folder writable.
    /// </summary>
    public string File(string option, string path)
    {
        string full = Resolve(option, path);
        if (Directory.Exists(full))
            throw new OutputException($"{option}: '{path}' is a folder; give a file name");
        string dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
            throw new OutputException($"{option}: folder '{dir}' does not exist");
        if (System.IO.File.Exists(full) && !_force)
            throw new OutputException($"{option}: '{path}' exists; give a new name or add --force to replace it");
        CleanStale(dir);
        string staging = Path.Combine(dir, $".{Path.GetFileNameWithoutExtension(full)}{StagingTag}{Environment.ProcessId}-{Guid.NewGuid():N}{Path.GetExtension(full)}");
        Guard(option, dir, () => System.IO.File.Create(staging).Dispose());
        _entries.Add(new Entry(option, full, staging, IsFolder: false));
        return staging;
    }

    /// <summary>
    /// Registers an output folder and returns the staging folder to fill. The target must not exist or be empty
    /// unless forced; missing parent folders are created (and removed again if the command fails).
    /// </summary>
    public string Folder(string option, string path)
    {
        string full = Resolve(option, path);
        if (System.IO.File.Exists(full))
            throw new OutputException($"{option}: '{path}' is a file; give a folder");
        if (!_force && Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new OutputException(
                $"{option}: folder '{path}' exists and is not empty; give a new folder, or add --force to write into it (files of the same name are replaced, other files are kept)");
        string parent = Path.GetDirectoryName(full) ?? throw new OutputException($"{option}: '{path}' is not a usable folder");
        CreateFolders(option, parent);
        CleanStale(parent);
        string staging = Path.Combine(parent, $".{Path.GetFileName(full)}{StagingTag}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Guard(option, parent, () =>
        {
            Directory.CreateDirectory(staging);
            System.IO.File.WriteAllText(Path.Combine(staging, MarkerName), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        _entries.Add(new Entry(option, full, staging, IsFolder: true));
        return staging;
    }

    /// <summary>Name of the marker file inside a staging folder; it is removed before the folder is committed.</summary>
    public const string MarkerName = ".trkbsim-staging";

    /// <summary>Moves every staged output into place. Each target is checked again first, so none moves if one cannot.</summary>
    public void Commit()
    {
        if (_committed) throw new InvalidOperationException("outputs already committed");
        foreach (var e in _entries)
        {
            if (e.IsFolder)
            {
                if (!_force && Directory.Exists(e.Target) && Directory.EnumerateFileSystemEntries(e.Target).Any())
                    throw new OutputException($"{e.Option}: folder '{e.Target}' was filled by something else while this command ran; nothing was written");
                if (System.IO.File.Exists(e.Target))
                    throw new OutputException($"{e.Option}: a file '{e.Target}' appeared while this command ran; nothing was written");
            }
            else if (!_force && System.IO.File.Exists(e.Target))
                throw new OutputException($"{e.Option}: '{e.Target}' appeared while this command ran; nothing was written");
        }
        foreach (var e in _entries)
        {
            Guard(e.Option, e.Target, () =>
            {
                if (!e.IsFolder)
                {
                    System.IO.File.Move(e.Staging, e.Target, overwrite: _force);
                    return;
                }
                System.IO.File.Delete(Path.Combine(e.Staging, MarkerName));
                if (!Directory.Exists(e.Target)) Directory.Move(e.Staging, e.Target);
                else
                {
                    MergeInto(e.Staging, e.Target);
                    Directory.Delete(e.Staging, recursive: true);
                }
            });
        }
        _committed = true;
    }

    /// <summary>Removes the staging paths (and folders this set created) unless committed.</summary>
    public void Dispose()
    {
        foreach (var e in _entries)
        {
            try
            {
                if (e.IsFolder) { if (Directory.Exists(e.Staging)) Directory.Delete(e.Staging, recursive: true); }
                else if (System.IO.File.Exists(e.Staging)) System.IO.File.Delete(e.Staging);
            }
            catch (IOException) { /* best effort: the error that brought us here matters more */ }
            catch (UnauthorizedAccessException) { }
        }
        if (_committed) return;
        for (int i = _createdFolders.Count - 1; i >= 0; i--)
        {
            try { if (!Directory.EnumerateFileSystemEntries(_createdFolders[i]).Any()) Directory.Delete(_createdFolders[i]); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    string Resolve(string option, string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new OutputException($"{option}: the path is empty");
        string full;
        try { full = Path.GetFullPath(path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        { throw new OutputException($"{option}: '{path}' is not a usable path ({ex.Message})", ex); }
        if (Path.GetDirectoryName(full) is null) throw new OutputException($"{option}: '{path}' is the file system root; give a file or folder below it");
        foreach (var e in _entries)
            if (string.Equals(e.Target, full, StringComparison.Ordinal))
                throw new OutputException($"{option}: '{path}' is also the target of {e.Option}");
        return full;
    }

    void CreateFolders(string option, string folder)
    {
        var missing = new Stack<string>();
        for (string? d = folder; d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d))
        {
            if (System.IO.File.Exists(d)) throw new OutputException($"{option}: '{d}' is a file, so the folder cannot be created");
            missing.Push(d);
        }
        while (missing.Count > 0)
        {
            string d = missing.Pop();
            Guard(option, d, () => Directory.CreateDirectory(d));
            _createdFolders.Add(d);
        }
    }

    static void Guard(string option, string path, Action action)
    {
        try { action(); }
        catch (UnauthorizedAccessException ex) { throw new OutputException($"{option}: cannot write to '{path}': permission denied", ex); }
        catch (IOException ex) when (ex is not FileNotFoundException)
        { throw new OutputException($"{option}: cannot write to '{path}': {ex.Message}", ex); }
    }

    static void MergeInto(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from))
        {
            string target = Path.Combine(to, Path.GetFileName(dir));
            if (System.IO.File.Exists(target)) throw new IOException($"'{target}' is a file where a folder is to be written");
            Directory.CreateDirectory(target);
            MergeInto(dir, target);
        }
        foreach (var file in Directory.GetFiles(from))
            System.IO.File.Move(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }

    /// <summary>
    /// Deletes staging files and folders in <paramref name="folder"/> left by trkbsim processes that no longer run
    /// (a killed run). Only paths carrying the staging tag and the process id of a finished process are touched.
    /// </summary>
    public static void CleanStale(string folder)
    {
        IEnumerable<string> candidates;
        try { candidates = Directory.EnumerateFileSystemEntries(folder, "." + "*" + StagingTag + "*").ToList(); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return; }
        foreach (var path in candidates)
        {
            string name = Path.GetFileName(path);
            int at = name.IndexOf(StagingTag, StringComparison.Ordinal);
            if (at < 0) continue;
            string rest = name[(at + StagingTag.Length)..];
            int dash = rest.IndexOf('-');
            if (dash <= 0 || !int.TryParse(rest[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)) continue;
            if (IsRunning(pid)) continue;
            try
            {
                if (Directory.Exists(path))
                {
                    if (!System.IO.File.Exists(Path.Combine(path, MarkerName))) continue; // not a folder we staged
                    Directory.Delete(path, recursive: true);
                }
                else System.IO.File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* another process may hold it */ }
        }
    }

    static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}

/// <summary>An output path that may not be written (exists, not empty, not writable); the message names the option.</summary>
public sealed class OutputException(string message, Exception? inner = null) : Exception(message, inner);
