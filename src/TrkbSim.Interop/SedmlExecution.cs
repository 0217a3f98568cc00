using TrkbSim.Interop.Omex;
using TrkbSim.Interop.Reports;
using TrkbSim.Interop.Sedml;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Interop;

/// <summary>
/// Runs a COMBINE/OMEX archive (its master SED-ML documents, or all of them when none is master) or a single SED-ML
/// file, and writes the outputs into a folder.
/// </summary>
public static class SedmlExecution
{
    /// <summary>Runs every SED-ML document of the archive that is to be run; all are read and checked before any runs.</summary>
    public static IReadOnlyList<SedRunResult> RunArchive(string archivePath, Action<string> warn)
    {
        var archive = OmexArchive.Open(archivePath);
        var documents = archive.SedmlToRun().Select(l => SedmlReader.Read(archive.ReadEntry(l, Path.GetFileName(archivePath)), l)).ToList();
        return [.. documents.Select(d => new SedmlRunner(archive.RelativeTo(d.Location), warn).Run(d))];
    }

    /// <summary>Runs a SED-ML file; model sources are relative to its folder.</summary>
    public static SedRunResult RunFile(string sedmlPath, Action<string> warn)
    {
        string text;
        try { text = InputFile.ReadAllText(sedmlPath, "SED-ML file"); }
        catch (IOException e) { throw new SedmlException(e.Message); }
        var doc = SedmlReader.Read(text, Path.GetFileName(sedmlPath));
        return new SedmlRunner(new FolderFiles(Path.GetDirectoryName(Path.GetFullPath(sedmlPath))!), warn).Run(doc);
    }

    /// <summary>Writes results into <paramref name="outDir"/> (see <see cref="SedOutputWriter"/>).</summary>
    public static IReadOnlyList<string> WriteOutputs(string outDir, IReadOnlyList<SedRunResult> results) => SedOutputWriter.Write(outDir, results);
}
