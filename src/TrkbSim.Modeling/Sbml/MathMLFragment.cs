using System.Xml.Linq;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Sbml;

/// <summary>
/// Reads and writes content MathML &lt;math&gt; elements found outside an SBML model (e.g. in SED-ML) with the SBML
/// reader's MathML subset and the SBML writer, so that other XML formats share one MathML reader and writer.
/// </summary>
public static class MathMLFragment
{
    /// <summary>The expression of the &lt;math&gt; child of <paramref name="owner"/>; errors carry <paramref name="fileName"/> and the line.</summary>
    public static Expr? ReadMathOf(XElement owner, string? fileName) => new MathMLReader(new SbmlSource(fileName)).ReadMathOf(owner);

    /// <summary>A &lt;math&gt; element holding <paramref name="e"/>, as the SBML writer writes math.</summary>
    public static XElement Write(Expr e) => MathMLWriter.Math(e);
}
