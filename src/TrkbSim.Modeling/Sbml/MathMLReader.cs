using System.Collections.Immutable;
using System.Xml.Linq;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Sbml;

/// <summary>Translates SBML's subset of content MathML into <see cref="Expr"/> trees with canonical <see cref="Ops"/>.</summary>
internal sealed class MathMLReader(SbmlSource source)
{
    private static readonly XNamespace M = SbmlNamespaces.MathML;

    /// <summary>User function ids that clash with built-in operator names, mapped to the ids used instead.</summary>
    public Dictionary<string, string> FunctionRenames { get; } = new(StringComparer.Ordinal);

    /// <summary>The expression of the &lt;math&gt; child of <paramref name="owner"/>, or null when there is none (L3V2 allows that).</summary>
    public Expr? ReadMathOf(XElement owner)
    {
        var math = owner.Element(M + "math");
        if (math is null) return null;
        var body = SingleChild(math, allowNone: true);
        return body is null ? null : Read(body);
    }

    /// <summary>A function definition's lambda: bound variables and body; null when the math is missing.</summary>
    public (ImmutableArray<string> Args, Expr Body)? ReadLambdaOf(XElement owner)
    {
        var math = owner.Element(M + "math");
        if (math is null) return null;
        var lambda = SingleChild(math, allowNone: true);
        if (lambda is null) return null;
        lambda = Unwrap(lambda);
        if (lambda.Name != M + "lambda") throw source.Error(lambda, $"expected <lambda> in a function definition, found <{lambda.Name.LocalName}>");
        var args = ImmutableArray.CreateBuilder<string>();
        Expr? body = null;
        foreach (var child in lambda.Elements())
        {
            if (child.Name == M + "bvar")
            {
                if (body is not null) throw source.Error(child, "<bvar> after the body of a lambda");
                var ci = child.Element(M + "ci") ?? throw source.Error(child, "expected <ci> inside <bvar>");
                args.Add(ci.Value.Trim());
            }
            else
            {
                if (body is not null) throw source.Error(child, "a lambda has more than one body");
                body = Read(child);
            }
        }
        // A lambda without body (only bvars) defines nothing usable.
        if (body is null) return null;
        return (args.ToImmutable(), body);
    }

    private XElement? SingleChild(XElement parent, bool allowNone)
    {
        XElement? found = null;
        foreach (var child in parent.Elements())
        {
            if (found is not null) throw source.Error(child, $"<{parent.Name.LocalName}> must contain a single expression");
            found = child;
        }
        if (found is null && !allowNone) throw source.Error(parent, $"<{parent.Name.LocalName}> is empty; expected an expression");
        return found;
    }

    /// <summary>Strips &lt;semantics&gt; wrappers: the first child is the expression, annotations are ignored.</summary>
    private XElement Unwrap(XElement e)
    {
        while (e.Name == M + "semantics")
        {
            e = e.Elements().FirstOrDefault(c => c.Name != M + "annotation" && c.Name != M + "annotation-xml")
                ?? throw source.Error(e, "<semantics> without an expression");
        }
        return e;
    }

    private int _nesting;

    public Expr Read(XElement e)
    {
        if (++_nesting > ExprSize.MaxNesting)
            throw source.Error(e, $"math nested more than {ExprSize.MaxNesting} levels deep");
        try { return ReadElement(e); }
        finally { _nesting--; }
    }

    private Expr ReadElement(XElement e)
    {
        e = Unwrap(e);
        if (e.Name.Namespace != M) throw source.Unsupported(e, $"element <{e.Name.LocalName}> in math (not MathML)");
        switch (e.Name.LocalName)
        {
            case "cn": return ReadNumber(e);
            case "ci": return new SymbolExpr(e.Value.Trim());
            case "csymbol": return ReadCsymbolValue(e);
            case "apply": return ReadApply(e);
            case "piecewise": return ReadPiecewise(e);
            case "true": return new ConstantExpr(Ops.True);
            case "false": return new ConstantExpr(Ops.False);
            case "pi": return new ConstantExpr(Ops.Pi);
            case "exponentiale": return new ConstantExpr(Ops.ExponentialE);
            case "infinity": return new ConstantExpr(Ops.Infinity);
            case "notanumber": return new ConstantExpr(Ops.NotANumber);
            default: throw source.Unsupported(e, $"MathML element <{e.Name.LocalName}>");
        }
    }

    private Expr ReadNumber(XElement e)
    {
        var type = ((string?)e.Attribute("type"))?.Trim() ?? "real";
        var b = (string?)e.Attribute("base");
        if (b is not null && b.Trim() != "10") throw source.Unsupported(e, $"<cn> with base {b}");
        // Text parts separated by <sep/> (e-notation and rational).
        var parts = new List<string> { "" };
        foreach (var node in e.Nodes())
        {
            switch (node)
            {
                case XText t: parts[^1] += t.Value; break;
                case XElement s when s.Name == M + "sep": parts.Add(""); break;
                case XElement other: throw source.Error(other, $"unexpected <{other.Name.LocalName}> inside <cn>");
            }
        }
        switch (type)
        {
            case "real" or "integer" or "double":
                if (parts.Count != 1) throw source.Error(e, $"<cn type=\"{type}\"> must not contain <sep/>");
                return new NumberExpr(source.ParseDouble(e, parts[0], "<cn>"));
            case "e-notation":
                {
                    if (parts.Count != 2) throw source.Error(e, "<cn type=\"e-notation\"> needs mantissa<sep/>exponent");
                    var text = parts[0].Trim() + "e" + parts[1].Trim();
                    return new NumberExpr(source.ParseDouble(e, text, "<cn type=\"e-notation\">"));
                }
            case "rational":
                {
                    if (parts.Count != 2) throw source.Error(e, "<cn type=\"rational\"> needs numerator<sep/>denominator");
                    double n = source.ParseDouble(e, parts[0], "numerator"), d = source.ParseDouble(e, parts[1], "denominator");
                    return new NumberExpr(n / d);
                }
            default:
                throw source.Unsupported(e, $"<cn type=\"{type}\">");
        }
    }

    private Expr ReadCsymbolValue(XElement e)
    {
        var url = ((string?)e.Attribute("definitionURL"))?.Trim();
        return url switch
        {
            SbmlNamespaces.TimeSymbol => TimeExpr.Instance,
            SbmlNamespaces.AvogadroSymbol => new ConstantExpr(Ops.Avogadro),
            SbmlNamespaces.DelaySymbol or SbmlNamespaces.RateOfSymbol =>
                throw source.Error(e, $"csymbol {url} is a function and must be the head of an <apply>"),
            _ => throw source.Unsupported(e, $"csymbol '{url}'"),
        };
    }

    private Expr ReadApply(XElement e)
    {
        var children = e.Elements().ToList();
        if (children.Count == 0) throw source.Error(e, "empty <apply>");
        var head = Unwrap(children[0]);
        Expr? degree = null, logbase = null;
        var args = ImmutableArray.CreateBuilder<Expr>(children.Count - 1);
        for (int i = 1; i < children.Count; i++)
        {
            var c = children[i];
            if (c.Name == M + "degree") degree = Read(SingleChild(c, allowNone: false)!);
            else if (c.Name == M + "logbase") logbase = Read(SingleChild(c, allowNone: false)!);
            else args.Add(Read(c));
        }

        string op;
        if (head.Name == M + "ci")
        {
            // A call of a user function.
            op = head.Value.Trim();
            if (FunctionRenames.TryGetValue(op, out var renamed)) op = renamed;
            if (degree is not null || logbase is not null) throw source.Error(e, "<degree> or <logbase> with a user function");
            return new CallExpr(op, args.ToImmutable());
        }
        if (head.Name == M + "csymbol")
        {
            var url = ((string?)head.Attribute("definitionURL"))?.Trim();
            op = url switch
            {
                SbmlNamespaces.DelaySymbol => Ops.Delay,
                SbmlNamespaces.RateOfSymbol => Ops.RateOf,
                SbmlNamespaces.TimeSymbol or SbmlNamespaces.AvogadroSymbol => throw source.Error(head, $"csymbol {url} is not a function"),
                _ => throw source.Unsupported(head, $"csymbol '{url}'"),
            };
        }
        else
        {
            if (head.Name.Namespace != M || head.HasElements) throw source.Unsupported(head, $"<{head.Name.LocalName}> as the operator of <apply>");
            op = head.Name.LocalName;
            if (!Ops.IsBuiltIn(op) || op is Ops.Piecewise or Ops.Delay or Ops.RateOf)
                throw source.Unsupported(head, $"MathML operator <{op}>");
        }

        if (op == Ops.Root)
        {
            if (logbase is not null) throw source.Error(e, "<logbase> in <root>");
            args.Insert(0, degree ?? Expr.Num(2));
        }
        else if (op == Ops.Log)
        {
            if (degree is not null) throw source.Error(e, "<degree> in <log>");
            args.Insert(0, logbase ?? Expr.Num(10));
        }
        else if (degree is not null || logbase is not null)
        {
            throw source.Error(e, $"<degree> or <logbase> in <{op}>");
        }

        var (min, max) = Ops.Arity[op];
        if (args.Count < min || (max >= 0 && args.Count > max))
        {
            var expected = max < 0 ? $"at least {min}" : min == max ? $"{min}" : $"{min} to {max}";
            throw source.Error(e, $"<{op}> takes {expected} argument(s), found {args.Count}");
        }
        return new CallExpr(op, args.ToImmutable());
    }

    private Expr ReadPiecewise(XElement e)
    {
        var args = ImmutableArray.CreateBuilder<Expr>();
        Expr? otherwise = null;
        foreach (var c in e.Elements())
        {
            if (c.Name == M + "piece")
            {
                var parts = c.Elements().ToList();
                if (parts.Count != 2) throw source.Error(c, "<piece> needs a value and a condition");
                args.Add(Read(parts[0]));
                args.Add(Read(parts[1]));
            }
            else if (c.Name == M + "otherwise")
            {
                if (otherwise is not null) throw source.Error(c, "more than one <otherwise>");
                otherwise = Read(SingleChild(c, allowNone: false)!);
            }
            else
            {
                throw source.Error(c, $"unexpected <{c.Name.LocalName}> in <piecewise>; expected <piece> or <otherwise>");
            }
        }
        if (otherwise is not null) args.Add(otherwise);
        if (args.Count == 0) throw source.Error(e, "empty <piecewise>");
        return new CallExpr(Ops.Piecewise, args.ToImmutable());
    }
}
