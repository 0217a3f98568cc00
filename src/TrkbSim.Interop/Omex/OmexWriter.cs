using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

namespace TrkbSim.Interop.Omex;

/// <summary>Writes a COMBINE/OMEX archive: the given files plus manifest.xml; entries carry a fixed date so that the same content gives the same bytes.</summary>
public static class OmexWriter
{
    static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <param name="files">(location, format, master, text) for each file, in order.</param>
    public static void Write(Stream output, IReadOnlyList<(string Location, string Format, bool Master, string Text)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        XNamespace ns = OmexArchive.ManifestNamespace;
        var manifest = new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement(ns + "omexManifest",
            new XElement(ns + "content", new XAttribute("location", "."), new XAttribute("format", OmexArchive.OmexFormat)),
            new XElement(ns + "content", new XAttribute("location", "./manifest.xml"), new XAttribute("format", OmexArchive.ManifestFormat)),
            files.Select(f => new XElement(ns + "content", new XAttribute("location", "./" + f.Location), new XAttribute("format", f.Format),
                f.Master ? new XAttribute("master", "true") : null))));
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Add(zip, "manifest.xml", Xml(manifest));
        foreach (var f in files) Add(zip, f.Location, f.Text);
    }

    /// <summary>An XML document as UTF-8 text with its declaration.</summary>
    public static string Xml(XDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var sb = new StringBuilder();
        using (var w = new Utf8StringWriter(sb)) doc.Save(w);
        return sb.ToString() + "\n";
    }

    static void Add(ZipArchive zip, string location, string text)
    {
        var entry = zip.CreateEntry(location, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var s = entry.Open();
        var bytes = new UTF8Encoding(false).GetBytes(text);
        s.Write(bytes);
    }

    sealed class Utf8StringWriter(StringBuilder sb) : StringWriter(sb, System.Globalization.CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
