using TrkbSim.Modeling.Antimony;
using TrkbSim.Modeling.Math;
using static TrkbSim.Modeling.Tests.Antimony.AntimonyAssert;

namespace TrkbSim.Modeling.Tests.Antimony;

public class AntimonyReaderExampleTests
{
    [Fact]
    public void MassActionChainHasSpeciesReactionsAndValues()
    {
        var m = AntimonyReader.Parse(AntimonyExamples.MassActionChain);
        Assert.Equal("chain", m.Id);
        Assert.Equal(["S1", "S2", "S3"], m.Species.Select(s => s.Id));
        Assert.All(m.Species, s => Assert.Equal("default_compartment", s.Compartment));
        Assert.Equal(new Compartment("default_compartment", 1.0), Assert.Single(m.Compartments));
        Assert.Equal(10.0, m.FindSpecies("S1")!.InitialConcentration);
        Assert.Null(m.FindSpecies("S1")!.InitialAmount);
        Assert.Equal(0.25, m.FindParameter("k2")!.Value);
        Assert.True(m.FindParameter("k2")!.Constant);
        var j1 = m.FindReaction("J1")!;
        Assert.Equal([new SpeciesReference("S1")], j1.Reactants.ToArray());
        Assert.Equal([new SpeciesReference("S2")], j1.Products.ToArray());
        Assert.Equal(Expr.Sym("k1") * Expr.Sym("S1"), j1.KineticLaw);
        Assert.True(j1.Reversible);
        Assert.Empty(j1.Modifiers);
    }

    [Fact]
    public void OscillatorHasEmptySidesAndAllParameters()
    {
        var m = AntimonyReader.Parse(AntimonyExamples.Oscillator);
        Assert.Empty(m.FindReaction("J0")!.Reactants);
        Assert.Equal([new SpeciesReference("S1")], m.FindReaction("J0")!.Products.ToArray());
        Assert.Empty(m.FindReaction("J1")!.Products);
        Assert.Equal(7, m.Parameters.Length);
        Assert.Equal(3.0, m.FindParameter("J2_q")!.Value);
        // (J2_k1*S1 - J2_k2*S2)*(1 + J2_c*S2^J2_q)
        var law = m.FindReaction("J2")!.KineticLaw!;
        Assert.Equal("(J2_k1 * S1 - J2_k2 * S2) * (1 + J2_c * S2^J2_q)", ExprFormatter.Format(law));
    }

    [Fact]
    public void UnnamedReactionsGetIdsAndEventsKeepTheirs()
    {
        var m = AntimonyReader.Parse(AntimonyExamples.Reset);
        Assert.Equal("_J0", Assert.Single(m.Reactions).Id);
        var e = Assert.Single(m.Events);
        Assert.Equal("E1", e.Id);
        Assert.Equal(Expr.Call(Ops.Gt, Expr.Sym("S2"), Expr.Num(9)), e.Trigger);
        Assert.Equal([new EventAssignment("S2", Expr.Num(0)), new EventAssignment("S1", Expr.Num(10))], e.Assignments.ToArray());
        Assert.True(e.Persistent && e.InitialValue && e.UseValuesFromTriggerTime);
        Assert.Null(e.Delay);
        Assert.False(m.FindParameter("k1")!.Constant is false);
    }

    [Fact]
    public void RateAndAssignmentRulesMakeParametersVariable()
    {
        var m = AntimonyReader.Parse(AntimonyExamples.RateRules);
        Assert.Equal(new AssignmentRule("k1", Expr.Call(Ops.Sin, TimeExpr.Instance)), m.Rules[0]);
        Assert.Equal(new RateRule("k2", Expr.Sym("k1")), m.Rules[1]);
        Assert.False(m.FindParameter("k1")!.Constant);
        Assert.Null(m.FindParameter("k1")!.Value);
        Assert.False(m.FindParameter("k2")!.Constant);
        Assert.Equal(0.2, m.FindParameter("k2")!.Value);
        Assert.Equal(1.0, m.FindSpecies("S1")!.InitialConcentration);
    }

    [Fact]
    public void FunctionsAreDefinedAndCalled()
    {
        var m = AntimonyReader.Parse(AntimonyExamples.Functions);
        var q = m.FindFunction("quadratic")!;
        Assert.Equal(["x", "a", "b", "c"], q.Arguments.ToArray());
        Assert.Equal("a * x^2 + b * x + c", ExprFormatter.Format(q.Body));
        var rule = Assert.IsType<AssignmentRule>(Assert.Single(m.Rules));
        Assert.Equal(new CallExpr("quadratic", [Expr.Sym("s1"), Expr.Sym("k1"), Expr.Sym("k2"), Expr.Sym("k3")]), rule.Math);
        // S3 is a parameter here (never in a reaction); X0 is a boundary species from '$'.
        Assert.NotNull(m.FindParameter("S3"));
        var x0 = m.FindSpecies("X0")!;
        Assert.True(x0.BoundaryCondition);
        Assert.False(x0.Constant);
        Assert.Equal(1.5, x0.InitialConcentration);
        Assert.Equal(-1.0, m.FindParameter("k2")!.Value);
        // A species used only in the rate law is a modifier... here X0 is a reactant, so there are none.
        Assert.Empty(m.Reactions[0].Modifiers);
    }

    [Fact]
    public void CompartmentsConstAndVarSpecies()
    {
        var m = AntimonyReader.Parse(AntimonyExamples.Compartments);
        Assert.Equal([("cytoplasm", 1.5), ("mitochondria", 2.6)], m.Compartments.Select(c => (c.Id, c.Size!.Value)));
        var s1 = m.FindSpecies("S1")!;
        Assert.Equal("mitochondria", s1.Compartment);
        Assert.True(s1.Constant && s1.BoundaryCondition);
        var s2 = m.FindSpecies("S2")!;
        Assert.Equal("cytoplasm", s2.Compartment);
        Assert.False(s2.Constant || s2.BoundaryCondition);
        Assert.DoesNotContain(m.Compartments, c => c.Id == "default_compartment");
    }

    [Fact]
    public void EventOptionsInAnyOrder()
    {
        var m = AntimonyReader.Parse(AntimonyExamples.EventsWithOptions);
        var e1 = m.Events[0];
        Assert.Equal(Expr.Num(0.5), e1.Delay);
        Assert.Equal(Expr.Call(Ops.Gt, TimeExpr.Instance, Expr.Num(24)), e1.Trigger);
        Assert.Equal(Expr.Num(2), e1.Priority);
        Assert.False(e1.InitialValue);
        Assert.False(e1.Persistent);
        Assert.False(e1.UseValuesFromTriggerTime);
        Assert.Equal(["Drug", "dose"], e1.Assignments.Select(a => a.Variable));
        var e2 = m.Events[1];
        Assert.True(e2.Persistent && e2.InitialValue && e2.UseValuesFromTriggerTime);
        Assert.Null(e2.Priority);
        var e3 = m.Events[2];
        Assert.Null(e3.Id);
        Assert.False(e3.InitialValue);
        Assert.False(m.FindParameter("dose")!.Constant);
        Assert.False(m.FindParameter("ke")!.Constant);
        Assert.Equal("body", m.FindSpecies("Drug")!.Compartment);
    }

    [Fact]
    public void EverythingModelReadsEachStatementKind()
    {
        var m = AntimonyReader.Parse(AntimonyExamples.Everything);
        Assert.Equal("full", m.Id);
        Assert.Equal("A full model", m.Name);
        Assert.Equal("substance", m.ModelUnits.Substance);
        Assert.Equal([new UnitTerm("mole"), new UnitTerm("litre", -1)], m.Units.Single(u => u.Id == "conc").Terms.ToArray());
        Assert.Equal(1e-3, m.Units.Single(u => u.Id == "ms").Terms.Single().Multiplier, 15);
        Assert.Equal("second", m.Units.Single(u => u.Id == "ms").Terms.Single().Kind);

        var pool = m.FindSpecies("Pool")!;
        Assert.True(pool.HasOnlySubstanceUnits);
        Assert.Equal(12.0, pool.InitialAmount);
        Assert.Null(pool.InitialConcentration);
        Assert.True(m.FindSpecies("Fixed")!.Constant);
        Assert.True(m.FindSpecies("Src")!.BoundaryCondition);

        var j1 = m.FindReaction("J1")!;
        Assert.False(j1.Reversible);
        Assert.Equal([new SpeciesReference("Src"), new SpeciesReference("A", 2)], j1.Reactants.ToArray());
        Assert.Equal(["Fixed"], j1.Modifiers.ToArray());
        Assert.Equal("conversion", j1.Name);
        var j2 = m.FindReaction("J2")!;
        Assert.Equal("nucleus", j2.Compartment);
        Assert.Equal([new SpeciesReference("Pool", 2.5)], j2.Products.ToArray());
        Assert.Equal(["_J0", "_J1"], m.Reactions.Skip(2).Select(r => r.Id));

        Assert.Equal(3.0, m.FindParameter("Vm")!.Value);
        Assert.Equal("conc", m.FindParameter("Vm")!.Units);
        Assert.Equal("per_ms", m.FindParameter("kt")!.Units);
        Assert.False(m.FindParameter("kt")!.Constant);
        Assert.Equal("protein A", m.FindSpecies("A")!.Name);

        Assert.False(m.FindCompartment("vesicle")!.Constant);
        Assert.Null(m.FindCompartment("nucleus")!.Size);
        Assert.Equal(["nucleus", "ratio"], m.InitialAssignments.Select(a => a.Symbol));
        Assert.Null(m.FindParameter("ratio")!.Value);
        Assert.True(m.FindParameter("ratio")!.Constant);
        Assert.Equal(3, m.Rules.Length);
        Assert.Equal(2, m.Events.Length);
        Assert.Equal(Expr.Num(3), m.Events[1].Delay);
    }
}
