using System.Collections.Immutable;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Modeling.Math;
using static TrkbSim.Modeling.Tests.Antimony.AntimonyAssert;

namespace TrkbSim.Modeling.Tests.Antimony;

public class AntimonyWriterTests
{
    public static IEnumerable<object[]> Examples() => AntimonyExamples.All();

    [Theory]
    [MemberData(nameof(Examples))]
    public void EveryExampleRoundTrips(string name, string text)
    {
        Assert.NotEmpty(name);
        RoundTrip(AntimonyReader.Parse(text));
    }

    [Fact]
    public void WritesReadableAntimony()
    {
        var text = AntimonyWriter.Write(AntimonyReader.Parse(AntimonyExamples.MassActionChain));
        Assert.Equal("""
            model *chain()

              // Compartments
              compartment default_compartment = 1;

              // Species
              species S1 in default_compartment = 10;
              species S2 in default_compartment = 0;
              species S3 in default_compartment = 0;

              // Parameters
              k1 = 0.1;
              k2 = 0.25;

              // Reactions
              J1: S1 -> S2; k1 * S1;
              J2: S2 -> S3; k2 * S2;
            end

            """.Replace("\r\n", "\n"), text);
    }

    [Fact]
    public void WritesEventOptionsAndDeclarations()
    {
        var text = AntimonyWriter.Write(AntimonyReader.Parse(AntimonyExamples.Everything));
        Assert.Contains("E1: at signal > 0.5, priority=1: kt = kt * 2, A = A + 1;", text);
        Assert.Contains("E2: at 3 after total < 1, fromTrigger=false: k0 = 0;", text);
        Assert.Contains("substanceOnly species Pool in nucleus = 12;", text);
        Assert.Contains("const species Fixed in cell = 3;", text);
        Assert.Contains("species $Src in cell = 4;", text);
        Assert.Contains("J1: Src + 2 A => B; mm(A, Vm, Km) * Fixed;", text);
        Assert.Contains("J2 in nucleus: B -> 2.5 Pool; kt * B;", text);
        Assert.Contains("_J1: A + B -> ; kab * A * B;", text);
        Assert.Contains("vesicle' = -0.01 * vesicle;", text);
        Assert.Contains("unit conc = mole / litre;", text);
        Assert.Contains("function mm(s, vm, km)", text);
    }

    private static Model HandBuilt() => new()
    {
        Id = "handmade",
        Name = "Built in code",
        Functions = [new FunctionDefinition("f", ["x", "time"], Expr.Sym("x") * Expr.Sym("time"))],
        Units = [new UnitDefinition("uM", [new UnitTerm("mole", 1, -6), new UnitTerm("litre", -1)])],
        Compartments = [new Compartment("cell", 2.0) { Units = "litre" }, new Compartment("in", 0.5)],
        Species =
        [
            new Species("A", "cell") { InitialConcentration = 1.5, Name = "Alpha" },
            new Species("B", "in") { InitialAmount = 3 },
            new Species("C", "cell") { InitialConcentration = 2, HasOnlySubstanceUnits = true },
            new Species("time", "cell") { InitialConcentration = 0, BoundaryCondition = true },
        ],
        Parameters =
        [
            new Parameter("k", 0.5) { Units = "uM" },
            new Parameter("at", 2),
            new Parameter("v") { Constant = false },
        ],
        Reactions =
        [
            new Reaction("R1")
            {
                Reactants = [new SpeciesReference("A", 2)],
                Products = [new SpeciesReference("B", null)],
                KineticLaw = Expr.Call(Ops.Times, Expr.Sym("k"), Expr.Sym("A"), Expr.Sym("A"), Expr.Sym("kf")),
                LocalParameters = [new Parameter("kf", 3), new Parameter("k", 7)],
                Reversible = false,
            },
        ],
        Rules = [new AssignmentRule("v", new CallExpr("f", [Expr.Sym("at"), TimeExpr.Instance]))],
    };

    [Fact]
    public void KeywordIdsAreRenamedAndLocalParametersBecomeGlobal()
    {
        var text = AntimonyWriter.Write(HandBuilt());
        var m = AntimonyReader.Parse(text);
        Assert.NotNull(m.FindCompartment("in_"));
        Assert.NotNull(m.FindSpecies("time_"));
        Assert.NotNull(m.FindParameter("at_"));
        Assert.Equal("in_", m.FindSpecies("B")!.Compartment);
        // Local kf and k shadow the global k only inside R1's law.
        Assert.Equal(3.0, m.FindParameter("R1_kf")!.Value);
        Assert.Equal(7.0, m.FindParameter("R1_k")!.Value);
        Assert.Equal(0.5, m.FindParameter("k")!.Value);
        Assert.Equal(Normalize(Expr.Call(Ops.Times, Expr.Sym("R1_k"), Expr.Sym("A"), Expr.Sym("A"), Expr.Sym("R1_kf"))),
            Normalize(m.FindReaction("R1")!.KineticLaw!));
        Assert.Equal([new SpeciesReference("B")], m.FindReaction("R1")!.Products.ToArray());
        // A function argument named 'time' is renamed inside the function; 'time' in the rule stays the csymbol.
        var f = m.FindFunction("f")!;
        Assert.Equal(["x", "time_"], f.Arguments.ToArray());
        Assert.Equal(Expr.Sym("x") * Expr.Sym("time_"), f.Body);
        Assert.Equal(new CallExpr("f", [Expr.Sym("at_"), TimeExpr.Instance]), ((AssignmentRule)m.Rules.Single()).Math);
    }

    [Fact]
    public void AmountsAndConcentrationsKeepTheirMeaning()
    {
        var m = AntimonyReader.Parse(AntimonyWriter.Write(HandBuilt()));
        // B: amount 3 in a compartment of size 0.5, written as a concentration expression.
        Assert.Equal(Expr.Num(3) / Expr.Sym("in_"), m.InitialAssignments.Single(a => a.Symbol == "B").Math);
        // C: substance-only with a concentration of 2 in a compartment of size 2.
        Assert.Equal(Expr.Num(2) * Expr.Sym("cell"), m.InitialAssignments.Single(a => a.Symbol == "C").Math);
        Assert.Equal(1.5, m.FindSpecies("A")!.InitialConcentration);
        Assert.Equal("Alpha", m.FindSpecies("A")!.Name);
        Assert.Equal("Built in code", m.Name);
        Assert.Equal("uM", m.FindParameter("k")!.Units);
        Assert.Equal("litre", m.FindCompartment("cell")!.Units);
        var uM = m.Units.Single().Terms;
        Assert.Equal("mole", uM[0].Kind);
        Assert.Equal(1e-6, uM[0].Multiplier * System.Math.Pow(10, uM[0].Scale), 1e-20);
    }

    [Fact]
    public void CodeBuiltModelWithoutRenamesRoundTripsExactly()
    {
        var model = new Model
        {
            Id = "m",
            Compartments = [new Compartment("c", 1.0), new Compartment("v", 3) { Constant = false }],
            Species =
            [
                new Species("S", "c") { InitialConcentration = 1 },
                new Species("P", "c") { InitialConcentration = 0, BoundaryCondition = true },
                new Species("Q", "v") { InitialAmount = 5, HasOnlySubstanceUnits = true, Constant = true, BoundaryCondition = true },
            ],
            Parameters = [new Parameter("k", 0.1), new Parameter("w", 1) { Constant = false }, new Parameter("z")],
            Reactions =
            [
                new Reaction("R")
                {
                    Reactants = [new SpeciesReference("S")],
                    Products = [new SpeciesReference("P", 3)],
                    Modifiers = ["Q"],
                    KineticLaw = Expr.Call(Ops.Plus, Expr.Sym("k") * Expr.Sym("S"), Expr.Num(-1e-300), Expr.Sym("Q") * Expr.Num(0)),
                },
            ],
            InitialAssignments = [new InitialAssignment("z", Expr.Sym("k") * Expr.Num(2))],
            Rules = [new RateRule("w", -Expr.Sym("w")), new RateRule("v", Expr.Num(0.1)), new AlgebraicRule(Expr.Sym("k") - Expr.Num(0.1))],
            Events =
            [
                new Event(Expr.Call(Ops.Geq, TimeExpr.Instance, Expr.Num(1)))
                {
                    Delay = Expr.Num(0.5), Priority = Expr.Sym("k"), Persistent = false, InitialValue = false,
                    UseValuesFromTriggerTime = false,
                    Assignments = [new EventAssignment("w", Expr.Num(2)), new EventAssignment("S", Expr.Sym("w"))],
                },
            ],
        };
        RoundTrip(model);
    }

    [Fact]
    public void ConversionFactorsCannotBeWritten()
    {
        var m = new Model { Parameters = [new Parameter("cf", 2)], ConversionFactor = "cf" };
        var ex = Assert.Throws<ModelException>(() => AntimonyWriter.Write(m));
        Assert.Contains("conversion factor", ex.Message);
    }

    [Fact]
    public void StoichiometryMathCannotBeWritten()
    {
        var m = new Model
        {
            Compartments = [new Compartment("c")],
            Species = [new Species("S", "c") { InitialConcentration = 1 }],
            Reactions = [new Reaction("R") { Reactants = [new SpeciesReference("S") { StoichiometryMath = Expr.Num(2) }] }],
        };
        Assert.Contains("stoichiometry math", Assert.Throws<ModelException>(() => AntimonyWriter.Write(m)).Message);
    }

    [Fact]
    public void SpecialNumbersRoundTrip()
    {
        var m = AntimonyReader.Parse("a = inf; b = -inf; c = NaN; d = 1e-300; e = -0.5; f = 6.02214076e23");
        var back = RoundTrip(m);
        Assert.Equal(double.NegativeInfinity, back.FindParameter("b")!.Value);
        Assert.True(double.IsNaN(back.FindParameter("c")!.Value!.Value));
    }
}
