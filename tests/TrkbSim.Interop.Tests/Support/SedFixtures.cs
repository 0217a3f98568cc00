using TrkbSim.Interop.Omex;

namespace TrkbSim.Interop.Tests.Support;

/// <summary>Temporary folders and small archives for the tests.</summary>
internal static class SedFixtures
{
    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "trkbsim-interop-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>Writes an archive of the given files (location, format, master, text) and returns its path.</summary>
    public static string Archive(string dir, string name, params (string Location, string Format, bool Master, string Text)[] files)
    {
        string path = Path.Combine(dir, name);
        using var f = File.Create(path);
        OmexWriter.Write(f, files);
        return path;
    }

    /// <summary>A SED-ML Level 1 Version 4 document around the given inner XML (lists of models, simulations, ...).</summary>
    public static string Sedml(string inner) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <sedML xmlns="http://sed-ml.org/sed-ml/level1/version4" xmlns:sbml="http://www.sbml.org/sbml/level3/version2/core" level="1" version="4">
        {inner}
        </sedML>
        """;

    /// <summary>An in-memory set of model files for the SED-ML runner.</summary>
    public sealed class Files(Dictionary<string, string> files) : Interop.Sedml.ISedFiles
    {
        public string ReadText(string source, string where) =>
            files.TryGetValue(source, out var t) ? t : throw new Interop.Sedml.SedmlException($"{where}: model file '{source}' not found");
    }
}
