using System.Text;
using TrkbSim.Interop.Sedml;

namespace TrkbSim.Interop.Reports;

/// <summary>
/// Writes what SED-ML documents produced into a folder: &lt;location without extension&gt;/&lt;report id&gt;.csv per
/// report, &lt;location without extension&gt;/&lt;plot id&gt;.png per plot, and reports.h5 with every report. The
/// folder should be a staging folder that is moved into place only when everything is written.
/// </summary>
public static class SedOutputWriter
{
    public const string Hdf5Name = "reports.h5";

    /// <summary>Writes the outputs; returns the paths written, relative to <paramref name="outDir"/>.</summary>
    public static IReadOnlyList<string> Write(string outDir, IReadOnlyList<SedRunResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var written = new List<string>();
        foreach (var result in results)
        {
            string folder = SedOutputPaths.Folder(outDir, result.Document.Location);
            Directory.CreateDirectory(folder);
            foreach (var r in result.Reports)
            {
                string path = Path.Combine(folder, SedOutputPaths.FileName(r.Report.Id, ".csv"));
                using (var w = new StreamWriter(path, false, new UTF8Encoding(false))) SedCsvWriter.Write(w, r);
                written.Add(Path.GetRelativePath(outDir, path));
            }
            foreach (var p in result.Plots)
            {
                string path = Path.Combine(folder, SedOutputPaths.FileName(p.Plot.Id, ".png"));
                SedPlotWriter.SavePng(path, p);
                written.Add(Path.GetRelativePath(outDir, path));
            }
        }
        SedHdf5Writer.Write(Path.Combine(outDir, Hdf5Name), results);
        written.Add(Hdf5Name);
        return written;
    }
}
