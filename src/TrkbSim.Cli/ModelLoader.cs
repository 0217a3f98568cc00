using TrkbSim.Modeling;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Modeling.Sbml;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Cli;

/// <summary>Reads a model file, choosing the reader by extension.</summary>
public static class ModelLoader
{
    public static readonly string[] AntimonyExtensions = [".ant", ".txt", ".antimony"];
    public static readonly string[] SbmlExtensions = [".xml", ".sbml"];

    public static Model Load(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (!AntimonyExtensions.Contains(ext) && !SbmlExtensions.Contains(ext))
            throw new UsageException(
                $"MODEL '{path}': unknown extension '{ext}'; allowed: {string.Join(", ", AntimonyExtensions.Concat(SbmlExtensions))}");
        string text;
        try { text = InputFile.ReadAllText(path, "model file"); }
        catch (InputFileException e) { throw new UsageException(e.Message); }
        if (AntimonyExtensions.Contains(ext)) return AntimonyReader.Parse(text, path);
        if (SbmlExtensions.Contains(ext)) return SbmlReader.Read(text, path);
        throw new UsageException(
            $"MODEL '{path}': unknown extension '{ext}'; allowed: {string.Join(", ", AntimonyExtensions.Concat(SbmlExtensions))}");
    }
}
