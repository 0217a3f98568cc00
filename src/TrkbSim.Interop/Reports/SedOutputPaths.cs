using System.Text.RegularExpressions;
using TrkbSim.Interop.Sedml;

namespace TrkbSim.Interop.Reports;

/// <summary>Where a document's outputs go: a folder named after its location without the extension ("a/b.sedml" -> "a/b").</summary>
public static partial class SedOutputPaths
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SId();

    public static string Folder(string outDir, string location)
    {
        string l = Omex.OmexArchive.Normalise(location);
        if (l.Split('/').Any(p => p is ".." or ""))
            throw new SedmlException($"SED-ML location '{location}' has an empty or '..' part; outputs are written below the output folder only");
        string dir = Path.GetDirectoryName(l) ?? "";
        return Path.Combine(outDir, dir, Path.GetFileNameWithoutExtension(l));
    }

    /// <summary>An output's file name: its SED-ML id (an SId: letters, digits, underscores) and the extension.</summary>
    public static string FileName(string id, string extension) =>
        SId().IsMatch(id) ? id + extension
        : throw new SedmlException($"output id '{id}' is not a SED-ML SId (a letter or underscore, then letters, digits, underscores); it names a file");
}
