using System.Collections.Immutable;
using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using TrkbSim.Interop.Sedml;

namespace TrkbSim.Interop.Omex;

/// <summary>One content entry of an archive's manifest.</summary>
public sealed record OmexContent(string Location, string Format, bool Master);

/// <summary>
/// A COMBINE/OMEX archive read into memory: its files (bounded in number and size) and its manifest. The SED-ML
/// documents to run are those marked master; when none is marked, all of them (as BioSimulators does).
/// </summary>
public sealed class OmexArchive : ISedFiles
{
    public const string ManifestNamespace = "http://identifiers.org/combine.specifications/omex-manifest";
    public const string SedmlFormat = "http://identifiers.org/combine.specifications/sed-ml";
    public const string SbmlFormat = "http://identifiers.org/combine.specifications/sbml";
    public const string ManifestFormat = "http://identifiers.org/combine.specifications/omex-manifest";
    public const string OmexFormat = "http://identifiers.org/combine.specifications/omex";

    /// <summary>Most files in an archive, and most bytes they may hold uncompressed together.</summary>
    public const int MaxEntries = 10_000;
    public const long MaxBytes = 256L * 1024 * 1024;

    readonly Dictionary<string, byte[]> _files;
    readonly string _name;

    OmexArchive(string name, Dictionary<string, byte[]> files, ImmutableArray<OmexContent> contents)
    {
        _name = name;
        _files = files;
        Contents = contents;
    }

    public ImmutableArray<OmexContent> Contents { get; }

    /// <summary>Paths of the files in the archive.</summary>
    public IEnumerable<string> Files => _files.Keys;

    /// <summary>The SED-ML documents to run, in manifest order: the masters, or every SED-ML file when none is master.</summary>
    public ImmutableArray<string> SedmlToRun()
    {
        var sedml = Contents.Where(c => IsSedml(c.Format)).ToList();
        if (sedml.Count == 0)
            throw new SedmlException($"{_name}: the manifest lists no SED-ML file (format {SedmlFormat}); nothing to run");
        var masters = sedml.Where(c => c.Master).ToList();
        return [.. (masters.Count > 0 ? masters : sedml).Select(c => c.Location)];
    }

    public static bool IsSedml(string format) => format.StartsWith(SedmlFormat, StringComparison.Ordinal) || format.Equals("application/xml+sedml", StringComparison.Ordinal);

    public static OmexArchive Open(string path)
    {
        string name = Path.GetFileName(path);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.Entries.Count > MaxEntries) throw new SedmlException($"{name}: {zip.Entries.Count} files in the archive; at most {MaxEntries} are read");
            long total = 0;
            foreach (var e in zip.Entries)
            {
                if (e.FullName.EndsWith('/')) continue;
                total += e.Length;
                if (total > MaxBytes) throw new SedmlException($"{name}: the archive unpacks to more than {MaxBytes:N0} bytes; at most that is read");
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                if (m.Length != e.Length) throw new SedmlException($"{name}: entry '{e.FullName}' is not the size the archive states");
                files[Normalise(e.FullName)] = m.ToArray();
            }
        }
        catch (InvalidDataException e) { throw new SedmlException($"{name}: not a readable COMBINE/OMEX (zip) archive: {e.Message}"); }
        if (!files.TryGetValue("manifest.xml", out var manifest))
            throw new SedmlException($"{name}: the archive has no manifest.xml; a COMBINE/OMEX archive lists its contents there");
        return new OmexArchive(name, files, ReadManifest(name, manifest));
    }

    static ImmutableArray<OmexContent> ReadManifest(string name, byte[] bytes)
    {
        XDocument doc;
        try
        {
            using var m = new MemoryStream(bytes);
            doc = XDocument.Load(m, LoadOptions.SetLineInfo);
        }
        catch (XmlException e) { throw new SedmlException($"{name}: manifest.xml is not well-formed XML: {e.Message}"); }
        XNamespace ns = ManifestNamespace;
        if (doc.Root?.Name != ns + "omexManifest")
            throw new SedmlException($"{name}: manifest.xml has root <{doc.Root?.Name.LocalName}>; expected <omexManifest> in {ManifestNamespace}");
        return [.. doc.Root.Elements(ns + "content").Select(c => new OmexContent(
            Normalise((string?)c.Attribute("location") ?? throw new SedmlException($"{name}: a manifest <content> has no location")),
            (string?)c.Attribute("format") ?? "",
            (string?)c.Attribute("master") is "true" or "1"))];
    }

    /// <summary>"./a/b.sedml" and "a\b.sedml" are "a/b.sedml"; "." is the archive itself.</summary>
    public static string Normalise(string location)
    {
        var l = location.Replace('\\', '/');
        while (l.StartsWith("./", StringComparison.Ordinal)) l = l[2..];
        return l.TrimStart('/');
    }

    /// <summary>The text of a file by its location in the archive.</summary>
    public string ReadEntry(string location, string where) =>
        _files.TryGetValue(Normalise(location), out var bytes)
            ? new System.Text.UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF')
            : throw new SedmlException($"{where}: '{location}' is not in the archive {_name}; files: {string.Join(", ", _files.Keys.Order(StringComparer.Ordinal))}");

    /// <summary>A view resolving model sources relative to the SED-ML file at <paramref name="sedmlLocation"/>.</summary>
    public ISedFiles RelativeTo(string sedmlLocation) => new Relative(this, sedmlLocation);

    string ISedFiles.ReadText(string source, string where) => ReadEntry(source, where);

    sealed class Relative(OmexArchive archive, string sedmlLocation) : ISedFiles
    {
        public string ReadText(string source, string where)
        {
            string folder = Path.GetDirectoryName(Normalise(sedmlLocation))?.Replace('\\', '/') ?? "";
            var parts = new List<string>();
            foreach (var part in (folder.Length > 0 ? folder + "/" + Normalise(source) : Normalise(source)).Split('/'))
            {
                if (part is "" or ".") continue;
                if (part == "..")
                {
                    if (parts.Count == 0) throw new SedmlException($"{where}: model source '{source}' points outside the archive");
                    parts.RemoveAt(parts.Count - 1);
                }
                else parts.Add(part);
            }
            return archive.ReadEntry(string.Join('/', parts), where);
        }
    }
}
