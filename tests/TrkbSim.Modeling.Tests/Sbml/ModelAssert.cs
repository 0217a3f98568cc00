using System.Collections;
using System.Reflection;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Tests.Sbml;

/// <summary>Structural equality of model descriptions (records with immutable arrays), reporting the first difference.</summary>
internal static class ModelAssert
{
    public static void Equal(Model expected, Model actual)
    {
        var diff = FirstDifference(expected, actual, "model");
        if (diff is not null) Assert.Fail(diff);
    }

    public static string? FirstDifference(object? a, object? b, string path)
    {
        if (a is null || b is null) return a is null && b is null ? null : $"{path}: {Show(a)} != {Show(b)}";
        if (a.GetType() != b.GetType()) return $"{path}: type {a.GetType().Name} != {b.GetType().Name} ({Show(a)} vs {Show(b)})";
        switch (a)
        {
            case double x:
                var y = (double)b;
                return x.Equals(y) ? null : $"{path}: {x:R} != {y:R}";
            case string or bool or int or long or Enum:
                return a.Equals(b) ? null : $"{path}: {Show(a)} != {Show(b)}";
            case Expr ea:
                // Expression records compare structurally (CallExpr overrides equality over its arguments).
                return ea.Equals(b) ? null : $"{path}: {ea} != {b}";
            case IEnumerable ia when b is IEnumerable ib:
                {
                    var la = ia.Cast<object?>().ToList();
                    var lb = ib.Cast<object?>().ToList();
                    if (la.Count != lb.Count) return $"{path}: {la.Count} items != {lb.Count} items";
                    for (int i = 0; i < la.Count; i++)
                        if (FirstDifference(la[i], lb[i], $"{path}[{i}]") is { } d) return d;
                    return null;
                }
        }
        foreach (var p in a.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || p.Name == "EqualityContract") continue;
            if (FirstDifference(p.GetValue(a), p.GetValue(b), $"{path}.{p.Name}") is { } d) return d;
        }
        return null;
    }

    private static string Show(object? o) => o switch { null => "null", string s => $"\"{s}\"", _ => o.ToString() ?? "" };
}
