using TrkbSim.Modeling;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Modeling.Sbml;

namespace TrkbSim.Cli;

/// <summary>Reads a model file, choosing the reader by extension.</summary>
public static class ModelLoader
{
    public static readonly string[] AntimonyExtensions = [".ant", ".txt", ".antimony"];
    public static readonly string[] SbmlExtensions = [".xml", ".sbml"];

    public static Model Load(string path)
    {
        if (!File.Exists(path))
            throw new UsageException($"model file '{path}' does not exist");
        var ext = Path.GetExtension(path).ToLowerInvariant();
        var text = File.ReadAllText(path);
        if (AntimonyExtensions.Contains(ext)) return AntimonyReader.Parse(text, path);
        if (SbmlExtensions.Contains(ext)) return SbmlReader.Read(text, path);
        throw new UsageException(
            $"MODEL '{path}': unknown extension '{ext}'; allowed: {string.Join(", ", AntimonyExtensions.Concat(SbmlExtensions))}");
    }
}
