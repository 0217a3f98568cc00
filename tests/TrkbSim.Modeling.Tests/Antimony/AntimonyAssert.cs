using System.Collections.Immutable;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Tests.Antimony;

/// <summary>Assertions shared by the Antimony tests: located errors and structural model equality.</summary>
internal static class AntimonyAssert
{
    /// <summary>Parses <paramref name="text"/> expecting a ModelException at the given line and column whose message contains every fragment.</summary>
    public static ModelException Error(string text, int line, int column, params string[] fragments)
    {
        var ex = Assert.Throws<ModelException>(() => AntimonyReader.Parse(text, "test.ant"));
        Assert.True(ex.Location is not null, $"no location on: {ex.Message}");
        var at = ex.Location!.Value;
        Assert.True(at.Line == line && at.Column == column,
            $"expected the error at {line}:{column}, got {at.Line}:{at.Column}: {ex.Message}");
        Assert.Equal("test.ant", at.File);
        foreach (var f in fragments)
            Assert.True(ex.Message.Contains(f, StringComparison.Ordinal), $"message lacks '{f}': {ex.Message}");
        Assert.StartsWith($"test.ant:{line}:{column}: ", ex.UserMessage);
        return ex;
    }

    public static Expr Parsed(string text)
    {
        var m = AntimonyReader.Parse($"x := {text}\n" + string.Concat(Symbols.Select(s => $"{s} = 1\n")));
        return m.Rules.OfType<AssignmentRule>().Single(r => r.Variable == "x").Math;
    }

    private static readonly string[] Symbols = ["a", "b", "c", "d", "y", "k"];

    /// <summary>Flattens nested plus, times, and, or into n-ary calls so that equal sums compare equal.</summary>
    public static Expr Normalize(Expr e)
    {
        if (e is not CallExpr c) return e;
        var args = c.Args.Select(Normalize).ToList();
        if (c.Op is Ops.Plus or Ops.Times or Ops.And or Ops.Or && args.Count >= 2)
            args = [.. args.SelectMany(a => a is CallExpr inner && inner.Op == c.Op && inner.Args.Length >= 2 ? inner.Args : [a])];
        return new CallExpr(c.Op, [.. args]);
    }

    private static void SameExpr(Expr? expected, Expr? actual, string what)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: expected {expected}, got {actual}");
            return;
        }
        var a = Normalize(expected);
        var b = Normalize(actual);
        Assert.True(a.Equals(b), $"{what}: expected {a}, got {b}");
    }

    private static void SameNumber(double? expected, double? actual, string what)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: expected {expected}, got {actual}");
        if (expected is { } x && actual is { } y)
            Assert.True(x.Equals(y) || System.Math.Abs(x - y) <= 1e-12 * System.Math.Abs(x), $"{what}: expected {x}, got {y}");
    }

    /// <summary>Asserts that two models describe the same simulation, component by component.</summary>
    public static void Equivalent(Model expected, Model actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Name, actual.Name);

        Assert.Equal(expected.Functions.Select(f => f.Id).Order(), actual.Functions.Select(f => f.Id).Order());
        foreach (var f in expected.Functions)
        {
            var g = actual.FindFunction(f.Id)!;
            Assert.Equal(f.Arguments.ToArray(), g.Arguments.ToArray());
            SameExpr(f.Body, g.Body, $"function {f.Id}");
        }

        Assert.Equal(expected.Units.Select(u => u.Id).Order(), actual.Units.Select(u => u.Id).Order());
        foreach (var u in expected.Units)
        {
            var v = actual.Units.Single(x => x.Id == u.Id);
            Assert.Equal(u.Terms.Length, v.Terms.Length);
            for (int i = 0; i < u.Terms.Length; i++)
            {
                Assert.Equal(u.Terms[i].Kind, v.Terms[i].Kind);
                SameNumber(u.Terms[i].Exponent, v.Terms[i].Exponent, $"unit {u.Id} exponent");
                SameNumber(u.Terms[i].Multiplier * System.Math.Pow(10, u.Terms[i].Scale),
                    v.Terms[i].Multiplier * System.Math.Pow(10, v.Terms[i].Scale), $"unit {u.Id} factor");
            }
        }
        Assert.Equal(expected.ModelUnits, actual.ModelUnits);

        Assert.Equal(expected.Compartments.Select(c => c.Id).Order(), actual.Compartments.Select(c => c.Id).Order());
        foreach (var c in expected.Compartments)
        {
            var d = actual.FindCompartment(c.Id)!;
            SameNumber(c.Size, d.Size, $"size of {c.Id}");
            Assert.Equal(c with { Size = null }, d with { Size = null });
        }

        Assert.Equal(expected.Species.Select(s => s.Id).Order(), actual.Species.Select(s => s.Id).Order());
        foreach (var s in expected.Species)
        {
            var t = actual.FindSpecies(s.Id)!;
            SameNumber(s.InitialAmount, t.InitialAmount, $"initial amount of {s.Id}");
            SameNumber(s.InitialConcentration, t.InitialConcentration, $"initial concentration of {s.Id}");
            Assert.Equal(s with { InitialAmount = null, InitialConcentration = null }, t with { InitialAmount = null, InitialConcentration = null });
        }

        Assert.Equal(expected.Parameters.Select(p => p.Id).Order(), actual.Parameters.Select(p => p.Id).Order());
        foreach (var p in expected.Parameters)
        {
            var q = actual.FindParameter(p.Id)!;
            SameNumber(p.Value, q.Value, $"value of {p.Id}");
            Assert.Equal(p with { Value = null }, q with { Value = null });
        }

        Assert.Equal(expected.Reactions.Select(r => r.Id).Order(), actual.Reactions.Select(r => r.Id).Order());
        foreach (var r in expected.Reactions)
        {
            var s = actual.FindReaction(r.Id)!;
            Assert.Equal(r.Reactants.ToArray(), s.Reactants.ToArray());
            Assert.Equal(r.Products.ToArray(), s.Products.ToArray());
            Assert.Equal(r.Modifiers.Order(), s.Modifiers.Order());
            SameExpr(r.KineticLaw, s.KineticLaw, $"kinetic law of {r.Id}");
            Assert.Equal(r.Reversible, s.Reversible);
            Assert.Equal(r.Compartment, s.Compartment);
            Assert.Equal(r.Name, s.Name);
            Assert.Empty(s.LocalParameters);
        }

        Assert.Equal(expected.InitialAssignments.Select(a => a.Symbol).Order(), actual.InitialAssignments.Select(a => a.Symbol).Order());
        foreach (var a in expected.InitialAssignments)
            SameExpr(a.Math, actual.InitialAssignments.Single(b => b.Symbol == a.Symbol).Math, $"initial assignment of {a.Symbol}");

        Assert.Equal(expected.Rules.Length, actual.Rules.Length);
        foreach (var (x, y) in Key(expected.Rules).Zip(Key(actual.Rules)))
        {
            Assert.Equal(x.Key, y.Key);
            SameExpr(x.Math, y.Math, $"rule {x.Key}");
        }

        Assert.Equal(expected.Events.Length, actual.Events.Length);
        foreach (var (e, f) in expected.Events.Zip(actual.Events))
        {
            Assert.Equal(e.Id, f.Id);
            Assert.Equal(e.Name, f.Name);
            SameExpr(e.Trigger, f.Trigger, $"trigger of event {e.Id}");
            SameExpr(e.Delay, f.Delay, $"delay of event {e.Id}");
            SameExpr(e.Priority, f.Priority, $"priority of event {e.Id}");
            Assert.Equal((e.Persistent, e.InitialValue, e.UseValuesFromTriggerTime), (f.Persistent, f.InitialValue, f.UseValuesFromTriggerTime));
            Assert.Equal(e.Assignments.Select(a => a.Variable), f.Assignments.Select(a => a.Variable));
            foreach (var (a, b) in e.Assignments.Zip(f.Assignments)) SameExpr(a.Math, b.Math, $"event {e.Id} assignment to {a.Variable}");
        }
    }

    private static IEnumerable<(string Key, Expr Math)> Key(ImmutableArray<Rule> rules) => rules
        .Select(r => r switch
        {
            AssignmentRule a => ("assign " + a.Variable, a.Math),
            RateRule rr => ("rate " + rr.Variable, rr.Math),
            AlgebraicRule al => ("algebraic " + Normalize(al.Math), al.Math),
            _ => ("?", Expr.Zero),
        })
        .OrderBy(k => k.Item1, StringComparer.Ordinal);

    /// <summary>Writes <paramref name="model"/> and reads it back, asserting the result is equivalent.</summary>
    public static Model RoundTrip(Model model)
    {
        string text = AntimonyWriter.Write(model);
        Model back;
        try { back = AntimonyReader.Parse(text, "written.ant"); }
        catch (ModelException ex) { throw new Xunit.Sdk.XunitException($"written text does not parse: {ex.UserMessage}\n{text}"); }
        Equivalent(model, back);
        // Writing is stable: the text of the re-read model is the same.
        Assert.Equal(text, AntimonyWriter.Write(back));
        return back;
    }
}
