namespace TrkbSim.Interop.Sedml;

/// <summary>The files a SED-ML document refers to (models), by their source path relative to the document.</summary>
public interface ISedFiles
{
    /// <summary>The text of the file at <paramref name="source"/>; a missing file is a <see cref="SedmlException"/> naming it and <paramref name="where"/>.</summary>
    string ReadText(string source, string where);
}

/// <summary>Files next to a SED-ML file on disk.</summary>
public sealed class FolderFiles(string folder) : ISedFiles
{
    public string ReadText(string source, string where)
    {
        string path = Path.GetFullPath(Path.Combine(folder, source));
        if (!File.Exists(path)) throw new SedmlException($"{where}: model file '{source}' not found (looked for {path})");
        try { return TrkbSim.Modeling.Files.InputFile.ReadAllText(path, "model file"); }
        catch (IOException e) { throw new SedmlException($"{where}: {e.Message}"); }
    }
}
