using System.Xml.Linq;

namespace TrkbSim.Modeling.Sbml;

/// <summary>XML namespaces and csymbol URIs of SBML core and MathML.</summary>
public static class SbmlNamespaces
{
    public static readonly XNamespace MathML = "http://www.w3.org/1998/Math/MathML";
    public static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    public static readonly XNamespace L3V2 = "http://www.sbml.org/sbml/level3/version2/core";
    public static readonly XNamespace L3V1 = "http://www.sbml.org/sbml/level3/version1/core";
    public static readonly XNamespace L2V4 = "http://www.sbml.org/sbml/level2/version4";

    /// <summary>Annotation namespace for what SBML L3V2 core cannot say (e.g. the L2/L3V1 fast flag).</summary>
    public static readonly XNamespace TrkbSim = "https://trkbsim.org/sbml/annotation/1";

    public const string TimeSymbol = "http://www.sbml.org/sbml/symbols/time";
    public const string AvogadroSymbol = "http://www.sbml.org/sbml/symbols/avogadro";
    public const string DelaySymbol = "http://www.sbml.org/sbml/symbols/delay";
    public const string RateOfSymbol = "http://www.sbml.org/sbml/symbols/rateOf";

    /// <summary>Level and version of a core namespace, or null when it is not an SBML core namespace.</summary>
    public static (int Level, int Version)? LevelVersion(XNamespace ns) => ns.NamespaceName switch
    {
        "http://www.sbml.org/sbml/level1" => (1, 2),
        "http://www.sbml.org/sbml/level2" => (2, 1),
        "http://www.sbml.org/sbml/level2/version2" => (2, 2),
        "http://www.sbml.org/sbml/level2/version3" => (2, 3),
        "http://www.sbml.org/sbml/level2/version4" => (2, 4),
        "http://www.sbml.org/sbml/level2/version5" => (2, 5),
        "http://www.sbml.org/sbml/level3/version1/core" => (3, 1),
        "http://www.sbml.org/sbml/level3/version2/core" => (3, 2),
        _ => null,
    };
}
