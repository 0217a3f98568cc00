using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace TrkbSim.Modeling.Sbml;

/// <summary>The file an SBML document came from: turns XML nodes into source locations for error messages.</summary>
internal sealed class SbmlSource(string? fileName)
{
    public string? FileName { get; } = fileName;

    public SourceLocation? Locate(XObject? node) =>
        node is IXmlLineInfo li && li.HasLineInfo() ? new SourceLocation(FileName, li.LineNumber, li.LinePosition) : null;

    public ModelException Error(XObject? node, string message) => new(message, Locate(node));

    public ModelException Unsupported(XObject? node, string what) => new UnsupportedFeatureException(what, Locate(node));

    /// <summary>Parses an XML Schema double (also INF, -INF, NaN, as SBML allows).</summary>
    public double ParseDouble(XObject node, string text, string what)
    {
        var t = text.Trim();
        switch (t.ToUpperInvariant())
        {
            case "INF" or "+INF" or "INFINITY" or "+INFINITY": return double.PositiveInfinity;
            case "-INF" or "-INFINITY": return double.NegativeInfinity;
            case "NAN": return double.NaN;
        }
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
        throw Error(node, $"expected a number for {what}, found '{text}'");
    }

    public bool ParseBool(XObject node, string text, string what) => text.Trim() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw Error(node, $"expected true or false for {what}, found '{text}'"),
    };
}
