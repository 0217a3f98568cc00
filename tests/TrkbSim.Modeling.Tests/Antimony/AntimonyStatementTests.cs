using TrkbSim.Modeling.Antimony;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Tests.Antimony;

public class AntimonyStatementTests
{
    private static Model Parse(string text) => AntimonyReader.Parse(text);

    [Fact]
    public void CommentsOfAllThreeKindsAreIgnored()
    {
        var m = Parse("""
            // line comment
            # hash comment
            /* block
               comment */ k = 1 /* inline */ ; j = 2 // trailing
            x = 3 # trailing
            """);
        Assert.Equal([("k", 1.0), ("j", 2.0), ("x", 3.0)], m.Parameters.Select(p => (p.Id, p.Value!.Value)));
    }

    [Fact]
    public void StatementsEndAtSemicolonsOrLineEnds()
    {
        var m = Parse("a = 1; b = 2\nc = 3;;\n\n;d = 4");
        Assert.Equal(["a", "b", "c", "d"], m.Parameters.Select(p => p.Id));
    }

    [Fact]
    public void OrderOfStatementsDoesNotMatter()
    {
        var forward = Parse("k1 = 0.1\nS1 = 10\nJ1: S1 -> S2; k1*S1\nx := 2*k1\nat time > 1: k1 = 0.2");
        var backward = Parse("at time > 1: k1 = 0.2\nx := 2*k1\nJ1: S1 -> S2; k1*S1\nS1 = 10\nk1 = 0.1");
        Assert.Equal(0.1, backward.FindParameter("k1")!.Value);
        Assert.Equal(10.0, backward.FindSpecies("S1")!.InitialConcentration);
        AntimonyAssert.Equivalent(forward, backward);
    }

    [Fact]
    public void LaterValueOverridesEarlier()
    {
        var m = Parse("pH = 7\nk1 = -log10(pH)\npH = 8.2");
        Assert.Equal(8.2, m.FindParameter("pH")!.Value);
        Assert.Equal(Expr.Call(Ops.Minus, Expr.Call(Ops.Log, Expr.Num(10), Expr.Sym("pH"))), m.InitialAssignments.Single().Math);

        var n = Parse("x = y + 1\ny = 2\nx = 5");
        Assert.Empty(n.InitialAssignments);
        Assert.Equal(5.0, n.FindParameter("x")!.Value);
    }

    [Fact]
    public void ReactionForms()
    {
        var m = Parse("""
            J1: A + 2 B -> C; k*A*B
            J2: 2.5 C => ; k*C
            -> A; k
            $X -> A; k*X
            A + A -> D; k
            k = 1
            """);
        var j1 = m.FindReaction("J1")!;
        Assert.Equal([new SpeciesReference("A"), new SpeciesReference("B", 2)], j1.Reactants.ToArray());
        Assert.True(j1.Reversible);
        var j2 = m.FindReaction("J2")!;
        Assert.False(j2.Reversible);
        Assert.Equal([new SpeciesReference("C", 2.5)], j2.Reactants.ToArray());
        Assert.Empty(j2.Products);
        Assert.Equal(["J1", "J2", "_J0", "_J1", "_J2"], m.Reactions.Select(r => r.Id));
        Assert.True(m.FindSpecies("X")!.BoundaryCondition);
        Assert.False(m.FindSpecies("A")!.BoundaryCondition);
        // A species written twice on a side is one reference with stoichiometry 2.
        Assert.Equal([new SpeciesReference("A", 2)], m.FindReaction("_J2")!.Reactants.ToArray());
        Assert.All(m.Species, s => Assert.Equal(0.0, s.InitialConcentration));
    }

    [Fact]
    public void AutomaticReactionIdsSkipIdsInUse()
    {
        var m = Parse("_J0: A -> B; 1\nB -> C; 1");
        Assert.Equal(["_J0", "_J1"], m.Reactions.Select(r => r.Id));
    }

    [Fact]
    public void ReactionWithoutRateAndRateSetByName()
    {
        var m = Parse("J0: S1 + E -> ES;\nJ1: ES -> S1 + E;\nJ0 = k1*S1*E\nk1 = 2");
        Assert.Equal(Expr.Sym("k1") * Expr.Sym("S1") * Expr.Sym("E"), m.FindReaction("J0")!.KineticLaw);
        Assert.Null(m.FindReaction("J1")!.KineticLaw);
        Assert.DoesNotContain(m.Parameters, p => p.Id == "J0");
    }

    [Fact]
    public void SpeciesInRateLawsAreModifiers()
    {
        var m = Parse("J1: S -> P; k*E*S/(Km + S)\nspecies E\nk = 1; Km = 2");
        Assert.Equal(["E"], m.FindReaction("J1")!.Modifiers.ToArray());
    }

    [Fact]
    public void ReactionInCompartmentPlacesItsSpecies()
    {
        var m = Parse("compartment cell = 2\nJ1 in cell: A -> B; k*A\nk = 1\nB in other");
        Assert.Equal("cell", m.FindReaction("J1")!.Compartment);
        Assert.Equal("cell", m.FindSpecies("A")!.Compartment);
        Assert.Equal("other", m.FindSpecies("B")!.Compartment);
        Assert.Equal(1.0, m.FindCompartment("other")!.Size);
        Assert.DoesNotContain(m.Compartments, c => c.Id == "default_compartment");
    }

    [Fact]
    public void Declarations()
    {
        var m = Parse("""
            compartment C = 2, D
            species S1 in C, $S2, S3 = 4
            substanceOnly species S4 in D = 7
            const species S5
            var x
            const y = 3
            formula f = 2
            parameter p
            S6 in C = 1.5
            """);
        Assert.Equal([("C", 2.0), ("D", 1.0), ("default_compartment", 1.0)],
            m.Compartments.Select(c => (c.Id, c.Size!.Value)).OrderBy(c => c.Id, StringComparer.Ordinal));
        Assert.Equal("C", m.FindSpecies("S1")!.Compartment);
        Assert.Equal("default_compartment", m.FindSpecies("S2")!.Compartment);
        Assert.True(m.FindSpecies("S2")!.BoundaryCondition);
        Assert.Equal(4.0, m.FindSpecies("S3")!.InitialConcentration);
        var s4 = m.FindSpecies("S4")!;
        Assert.True(s4.HasOnlySubstanceUnits);
        Assert.Equal(7.0, s4.InitialAmount);
        Assert.True(m.FindSpecies("S5")!.Constant);
        Assert.False(m.FindParameter("x")!.Constant);
        Assert.True(m.FindParameter("y")!.Constant);
        Assert.Equal(2.0, m.FindParameter("f")!.Value);
        Assert.Equal(0.0, m.FindParameter("p")!.Value);
        Assert.Equal(1.5, m.FindSpecies("S6")!.InitialConcentration);
        Assert.Equal("C", m.FindSpecies("S6")!.Compartment);
    }

    [Fact]
    public void SpeciesInitialValueExpressionsAreInitialAssignments()
    {
        var m = Parse("S1 = 2; E = 3; ES = S1 + E\nJ0: S1 + E -> ES; 1");
        Assert.Null(m.FindSpecies("ES")!.InitialConcentration);
        Assert.Equal(Expr.Sym("S1") + Expr.Sym("E"), m.InitialAssignments.Single(a => a.Symbol == "ES").Math);
    }

    [Fact]
    public void AssignmentAndRateRulesOnSpeciesMakeThemBoundary()
    {
        var m = Parse("A -> B; k*A\nB := 2*time\nA' = -1\nA = 3; k = 1");
        Assert.True(m.FindSpecies("B")!.BoundaryCondition);
        Assert.Null(m.FindSpecies("B")!.InitialConcentration);
        Assert.True(m.FindSpecies("A")!.BoundaryCondition);
        Assert.Equal(3.0, m.FindSpecies("A")!.InitialConcentration);
    }

    [Fact]
    public void CompartmentsWithRulesAreNotConstant()
    {
        var m = Parse("compartment V = 1, W, U = 3\nV' = 0.1\nW := 2 + time\nat time > 1: U = 4");
        Assert.All(m.Compartments, c => Assert.False(c.Constant));
        Assert.Null(m.FindCompartment("W")!.Size);
    }

    [Fact]
    public void AlgebraicRule()
    {
        var m = Parse("0 = x + y - 10\nx = 1; var y = 9");
        Assert.Equal(new AlgebraicRule(Expr.Sym("x") + Expr.Sym("y") - Expr.Num(10)), Assert.Single(m.Rules));
    }

    [Fact]
    public void EventSyntaxVariants()
    {
        var m = Parse("""
            x = 0; y = 1; r = 2
            at (x>5): y=3, x=r+2
            E1: at x >= 5: y = 3
            E2: at 2*r/y after (x>5), t0 = true, persistent=true, fromTrigger=true, priority=r: y=3;
            at time > 20:
                x = 1
            E3: at time > 40, priority = 1: y = 2,
                x = 3
            """);
        Assert.Equal(5, m.Events.Length);
        Assert.Equal(Expr.Num(2) * Expr.Sym("r") / Expr.Sym("y"), m.Events[2].Delay);
        Assert.Equal(Expr.Sym("r"), m.Events[2].Priority);
        Assert.True(m.Events[2].Persistent && m.Events[2].InitialValue && m.Events[2].UseValuesFromTriggerTime);
        Assert.Equal(["x"], m.Events[3].Assignments.Select(a => a.Variable));
        Assert.Equal(["y", "x"], m.Events[4].Assignments.Select(a => a.Variable));
    }

    [Fact]
    public void MultiLineFunctionAndFunctionCallingFunction()
    {
        var m = Parse("""
            function sq(x)
              x*x
            end
            function norm(a, b) sqrt(sq(a) + sq(b)) end
            model m
              d := norm(p, q); p = 3; q = 4
            end
            """);
        Assert.Equal(2, m.Functions.Length);
        Assert.Equal(Expr.Call(Ops.Root, Expr.Num(2), new CallExpr("sq", [Expr.Sym("a")]) + new CallExpr("sq", [Expr.Sym("b")])),
            m.FindFunction("norm")!.Body);
    }

    [Fact]
    public void UnitsAndHas()
    {
        var m = Parse("""
            unit conc = mole / litre
            unit ms = 1e-3 second
            unit foo = 100 mole/5 liters
            unit voltage = 1000 grams * meters^2 / seconds^3 * ampere^-1
            unit time_unit = 60 seconds
            x = 3 conc
            S1 has conc
            J: S1 -> ; x*S1
            C has litre
            compartment C = 1
            """);
        Assert.Equal(new UnitTerm("second", 1, 0, 1e-3), m.Units.Single(u => u.Id == "ms").Terms.Single());
        var foo = m.Units.Single(u => u.Id == "foo").Terms;
        Assert.Equal(("mole", 1.0, 100.0), (foo[0].Kind, foo[0].Exponent, foo[0].Multiplier));
        Assert.Equal(("litre", -1.0, 5.0), (foo[1].Kind, foo[1].Exponent, foo[1].Multiplier));
        var v = m.Units.Single(u => u.Id == "voltage").Terms;
        Assert.Equal([("gram", 1.0), ("metre", 2.0), ("second", -3.0), ("ampere", -1.0)], v.Select(t => (t.Kind, t.Exponent)));
        Assert.Equal(1000.0, v[0].Multiplier);
        Assert.Equal("time_unit", m.ModelUnits.Time);
        Assert.Equal(3.0, m.FindParameter("x")!.Value);
        Assert.Equal("conc", m.FindParameter("x")!.Units);
        Assert.Equal("conc", m.FindSpecies("S1")!.SubstanceUnits);
        Assert.Equal("litre", m.FindCompartment("C")!.Units);
    }

    [Fact]
    public void DisplayNames()
    {
        var m = Parse("model m\n S1 -> S2; k*S1\n k = 1\n S1 is \"Serotonin transporter\"\n k is \"rate\"\n m is \"My model\"\nend");
        Assert.Equal("Serotonin transporter", m.FindSpecies("S1")!.Name);
        Assert.Equal("rate", m.FindParameter("k")!.Name);
        Assert.Equal("My model", m.Name);
    }

    [Fact]
    public void StarredModelIsChosenOtherwiseTheLast()
    {
        const string two = "model a\n x = 1\nend\nmodel {0}b\n y = 2\nend\nmodel {1}c\n z = 3\nend";
        Assert.Equal("c", Parse(string.Format(two, "", "")).Id);
        Assert.Equal("b", Parse(string.Format(two, "*", "")).Id);
        Assert.Equal("__main", Parse("x = 1").Id);
    }

    [Fact]
    public void ConstantsInValuesAreNumbers()
    {
        var m = Parse("a = pi; b = -inf; c = NaN; d = true");
        Assert.Equal(System.Math.PI, m.FindParameter("a")!.Value);
        Assert.Equal(double.NegativeInfinity, m.FindParameter("b")!.Value);
        Assert.True(double.IsNaN(m.FindParameter("c")!.Value!.Value));
        Assert.Equal(1.0, m.FindParameter("d")!.Value);
        Assert.Empty(m.InitialAssignments);
    }
}
