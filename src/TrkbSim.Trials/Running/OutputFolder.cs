namespace TrkbSim.Trials.Running;

/// <summary>
/// Writes into a temporary sibling folder and moves it into place only when everything is written, so that a
/// failed run leaves no half-written output folder behind.
/// </summary>
public sealed class OutputFolder : IDisposable
{
    bool _committed;

    /// <summary>The final folder.</summary>
    public string FinalPath { get; }
    /// <summary>The folder being written.</summary>
    public string WorkPath { get; }

    /// <summary>Prepares a work folder next to <paramref name="finalPath"/>; an existing non-empty final folder is an error unless overwriting.</summary>
    public OutputFolder(string finalPath, bool overwrite)
    {
        FinalPath = Path.GetFullPath(finalPath.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (File.Exists(FinalPath)) throw new TrialInputException($"--out {finalPath}: a file of that name exists; give a folder");
        if (!overwrite && Directory.Exists(FinalPath) && Directory.EnumerateFileSystemEntries(FinalPath).Any())
            throw new TrialInputException($"--out {finalPath}: the folder exists and is not empty");
        string parent = Path.GetDirectoryName(FinalPath) ?? throw new TrialInputException($"--out {finalPath}: not a usable folder");
        try { Directory.CreateDirectory(parent); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        { throw new TrialInputException($"--out {finalPath}: cannot create {parent} ({ex.Message})", ex); }
        WorkPath = Path.Combine(parent, $".{Path.GetFileName(FinalPath)}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(WorkPath);
    }

    /// <summary>Moves the finished work folder into place (replacing an existing final folder).</summary>
    public void Commit()
    {
        if (Directory.Exists(FinalPath))
        {
            // Move the old folder aside first so that the swap never leaves neither folder in place.
            string old = FinalPath + $".old-{Guid.NewGuid():N}";
            Directory.Move(FinalPath, old);
            Directory.Move(WorkPath, FinalPath);
            Directory.Delete(old, recursive: true);
        }
        else Directory.Move(WorkPath, FinalPath);
        _committed = true;
    }

    /// <summary>Deletes the work folder unless committed.</summary>
    public void Dispose()
    {
        if (_committed) return;
        try { if (Directory.Exists(WorkPath)) Directory.Delete(WorkPath, recursive: true); }
        catch (IOException) { /* best effort: the error that brought us here matters more */ }
        catch (UnauthorizedAccessException) { }
    }
}
