using System.Globalization;
using System.Xml.Linq;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Sbml;

/// <summary>Writes <see cref="Expr"/> trees as SBML Level 3 Version 2 content MathML; the inverse of the MathML reader.</summary>
internal static class MathMLWriter
{
    private static readonly XNamespace M = SbmlNamespaces.MathML;

    /// <summary>A &lt;math&gt; element holding <paramref name="e"/>.</summary>
    public static XElement Math(Expr e) => new(M + "math", Write(e));

    /// <summary>A &lt;math&gt; element holding a lambda with the given bound variables.</summary>
    public static XElement Lambda(IEnumerable<string> args, Expr body) =>
        new(M + "math", new XElement(M + "lambda",
            args.Select(a => new XElement(M + "bvar", Ci(a))),
            Write(body)));

    private static XElement Ci(string name) => new(M + "ci", name);

    public static XElement Write(Expr e) => e switch
    {
        NumberExpr n => Number(n.Value),
        SymbolExpr s => Ci(s.Name),
        TimeExpr => Csymbol(SbmlNamespaces.TimeSymbol, "time"),
        ConstantExpr { Name: Ops.Avogadro } => Csymbol(SbmlNamespaces.AvogadroSymbol, "avogadro"),
        ConstantExpr k => new XElement(M + k.Name),
        CallExpr c => Call(c),
        _ => throw new InvalidOperationException($"Cannot write {e.GetType().Name} as MathML."),
    };

    private static XElement Csymbol(string url, string text) =>
        new(M + "csymbol", new XAttribute("encoding", "text"), new XAttribute("definitionURL", url), text);

    private static XElement Number(double v)
    {
        // Non-finite literals stay <cn> so that reading back gives the same tree.
        if (double.IsPositiveInfinity(v)) return new XElement(M + "cn", "INF");
        if (double.IsNegativeInfinity(v)) return new XElement(M + "cn", "-INF");
        if (double.IsNaN(v)) return new XElement(M + "cn", "NaN");
        if (v == System.Math.Floor(v) && System.Math.Abs(v) < 1e15 && !(v == 0 && double.IsNegative(v)))
            return new XElement(M + "cn", new XAttribute("type", "integer"), ((long)v).ToString(CultureInfo.InvariantCulture));
        var text = v.ToString("R", CultureInfo.InvariantCulture);
        int e = text.IndexOfAny(['E', 'e']);
        if (e < 0) return new XElement(M + "cn", text);
        return new XElement(M + "cn", new XAttribute("type", "e-notation"),
            text[..e], new XElement(M + "sep"), text[(e + 1)..].TrimStart('+'));
    }

    private static XElement Call(CallExpr c)
    {
        var a = c.Args;
        switch (c.Op)
        {
            case Ops.Piecewise:
                {
                    var pw = new XElement(M + "piecewise");
                    int i = 0;
                    for (; i + 1 < a.Length; i += 2)
                        pw.Add(new XElement(M + "piece", Write(a[i]), Write(a[i + 1])));
                    if (i < a.Length) pw.Add(new XElement(M + "otherwise", Write(a[i])));
                    return pw;
                }
            case Ops.Delay:
                return new XElement(M + "apply", Csymbol(SbmlNamespaces.DelaySymbol, "delay"), a.Select(Write));
            case Ops.RateOf:
                return new XElement(M + "apply", Csymbol(SbmlNamespaces.RateOfSymbol, "rateOf"), a.Select(Write));
            case Ops.Root when a.Length == 2:
                return new XElement(M + "apply", new XElement(M + "root"), new XElement(M + "degree", Write(a[0])), Write(a[1]));
            case Ops.Log when a.Length == 2:
                return new XElement(M + "apply", new XElement(M + "log"), new XElement(M + "logbase", Write(a[0])), Write(a[1]));
            default:
                var head = Ops.IsBuiltIn(c.Op) ? new XElement(M + c.Op) : Ci(c.Op);
                return new XElement(M + "apply", head, a.Select(Write));
        }
    }
}
