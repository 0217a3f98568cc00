using System.Collections.Immutable;
using System.Xml.Linq;
using TrkbSim.Modeling.Math;
using TrkbSim.Modeling.Sbml;

namespace TrkbSim.Modeling.Tests.Sbml;

/// <summary>The writer produces SBML L3V2 that reads back into the same model.</summary>
public class SbmlWriterTests
{
    private static Model Rich() => new()
    {
        Id = "rich",
        Name = "A model using every component",
        Notes = "free text <with> markup & symbols",
        Functions = [new FunctionDefinition("f", ["x"], Expr.Call(Ops.Power, Expr.Sym("x"), Expr.Num(2))) { Name = "square" }],
        Units = [new UnitDefinition("per_min", [new UnitTerm("second", -1, 0, 60)])],
        Compartments = [new Compartment("c", 2.5) { SpatialDimensions = 3, Units = "litre" }, new Compartment("z", null) { SpatialDimensions = 0 }],
        Species =
        [
            new Species("A", "c") { InitialConcentration = 1e-7, ConversionFactor = "cf" },
            new Species("B", "c") { InitialAmount = 0, HasOnlySubstanceUnits = true, BoundaryCondition = true },
            new Species("C", "z"),
        ],
        Parameters =
        [
            new Parameter("k", 0.25), new Parameter("cf", 2), new Parameter("v") { Constant = false },
            new Parameter("big", 1.5e300), new Parameter("inf", double.PositiveInfinity), new Parameter("nan", double.NaN),
        ],
        Reactions =
        [
            new Reaction("R1")
            {
                Reactants = [new SpeciesReference("A", 2) { Id = "a_ref" }],
                Products = [new SpeciesReference("B", null) { StoichiometryMath = Expr.Sym("v"), Constant = false }],
                Modifiers = ["C"],
                KineticLaw = Expr.Sym("k") * Expr.Sym("A") * Expr.Call("f", Expr.Sym("kl")),
                LocalParameters = [new Parameter("kl", 3)],
                Reversible = false,
                Fast = true,
                Compartment = "c",
            },
        ],
        InitialAssignments = [new InitialAssignment("z", Expr.Num(1))],
        Rules =
        [
            new RateRule("v", Expr.Call(Ops.Piecewise, Expr.Num(1), Expr.Call(Ops.Lt, TimeExpr.Instance, Expr.Num(5)), Expr.Num(-0.5))),
            new AlgebraicRule(Expr.Call(Ops.Minus, Expr.Sym("C"), Expr.Call(Ops.Delay, Expr.Sym("A"), Expr.Num(0.1)))),
            new AssignmentRule("cf", Expr.Call(Ops.Root, Expr.Num(3), Expr.Call(Ops.Log, Expr.Num(2), new ConstantExpr(Ops.Avogadro)))),
        ],
        Events =
        [
            new Event(Expr.Call(Ops.And, Expr.Call(Ops.Gt, Expr.Sym("A"), Expr.Num(-1.25e-12)), new ConstantExpr(Ops.True)))
            {
                Id = "E", Name = "pulse", Delay = Expr.Num(0.5), Priority = Expr.Call(Ops.RateOf, Expr.Sym("A")),
                Persistent = false, InitialValue = false, UseValuesFromTriggerTime = false,
                Assignments = [new EventAssignment("k", Expr.Call(Ops.Minus, Expr.Sym("k")))],
            },
            new Event(new ConstantExpr(Ops.False)),
        ],
        ModelUnits = new ModelUnits("mole", "second", "litre", null, "metre", "mole"),
        ConversionFactor = "cf",
    };

    [Fact]
    public void ReadingWhatWasWrittenGivesTheSameModel()
    {
        var model = Rich();
        var again = SbmlReader.Read(SbmlWriter.Write(model));
        ModelAssert.Equal(StoichiometryMathLowering.Apply(model), again);
    }

    [Fact]
    public void OutputIsLevel3Version2WithStoichiometryMathAsARule()
    {
        var doc = XDocument.Parse(SbmlWriter.Write(Rich()));
        XNamespace s = "http://www.sbml.org/sbml/level3/version2/core";
        Assert.Equal(s + "sbml", doc.Root!.Name);
        Assert.Equal("3", (string?)doc.Root.Attribute("level"));
        Assert.Equal("2", (string?)doc.Root.Attribute("version"));
        Assert.Empty(doc.Descendants(s + "stoichiometryMath"));
        var product = doc.Descendants(s + "listOfProducts").Single().Element(s + "speciesReference")!;
        var id = (string)product.Attribute("id")!;
        Assert.Contains(doc.Descendants(s + "assignmentRule"), r => (string?)r.Attribute("variable") == id);
        Assert.Null(doc.Descendants(s + "reaction").Single().Attribute("fast"));
    }

    [Fact]
    public void ModelWithoutStoichiometryMathIsWrittenUnchanged()
    {
        var model = Rich() with { Reactions = [Rich().Reactions[0] with { Products = [new SpeciesReference("B", 1)] }] };
        Assert.Same(model, StoichiometryMathLowering.Apply(model));
        ModelAssert.Equal(model, SbmlReader.Read(SbmlWriter.Write(model)));
    }

    [Fact]
    public void ComparerSeesDifferences()
    {
        var a = Rich();
        var b = a with { Parameters = a.Parameters.SetItem(0, new Parameter("k", 0.5)) };
        Assert.Contains("Parameters[0].Value", ModelAssert.FirstDifference(a, b, "model"));
        var c = a with { Rules = ImmutableArray<Rule>.Empty };
        Assert.NotNull(ModelAssert.FirstDifference(a, c, "model"));
    }
}
