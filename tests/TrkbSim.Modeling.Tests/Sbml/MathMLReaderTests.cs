using TrkbSim.Modeling.Math;
using TrkbSim.Modeling.Sbml;

namespace TrkbSim.Modeling.Tests.Sbml;

/// <summary>MathML content is read into canonical expression trees.</summary>
public class MathMLReaderTests
{
    private static Expr Read(string mathml)
    {
        var model = SbmlReader.Read(SbmlSnippets.RuleWithMath(mathml));
        return Assert.IsType<AssignmentRule>(Assert.Single(model.Rules)).Math;
    }

    private static Expr S(string n) => Expr.Sym(n);
    private static Expr N(double v) => Expr.Num(v);

    [Theory]
    [InlineData("<cn> 2.5 </cn>", 2.5)]
    [InlineData("<cn type=\"integer\"> -3 </cn>", -3)]
    [InlineData("<cn type=\"real\">1e-3</cn>", 1e-3)]
    [InlineData("<cn type=\"e-notation\"> 1.5 <sep/> -2 </cn>", 1.5e-2)]
    [InlineData("<cn type=\"rational\"> 1 <sep/> 4 </cn>", 0.25)]
    [InlineData("<cn>INF</cn>", double.PositiveInfinity)]
    public void NumbersOfEveryType(string mathml, double expected) =>
        Assert.Equal(N(expected), Read(mathml));

    [Fact]
    public void CsymbolsForTimeAvogadroDelayAndRateOf()
    {
        Assert.Equal(TimeExpr.Instance, Read("<csymbol encoding=\"text\" definitionURL=\"http://www.sbml.org/sbml/symbols/time\"> t </csymbol>"));
        Assert.Equal(new ConstantExpr(Ops.Avogadro), Read("<csymbol definitionURL=\"http://www.sbml.org/sbml/symbols/avogadro\">NA</csymbol>"));
        // SBML Level 3 fixes avogadro at 6.02214179e23 (suite cases 00960, 01323 depend on it).
        Assert.Equal(6.02214179e23, new ConstantExpr(Ops.Avogadro).Value);
        Assert.Equal(Expr.Call(Ops.Delay, S("x"), N(2)),
            Read("<apply><csymbol definitionURL=\"http://www.sbml.org/sbml/symbols/delay\">delay</csymbol><ci>x</ci><cn>2</cn></apply>"));
        Assert.Equal(Expr.Call(Ops.RateOf, S("x")),
            Read("<apply><csymbol definitionURL=\"http://www.sbml.org/sbml/symbols/rateOf\">rateOf</csymbol><ci>x</ci></apply>"));
    }

    [Fact]
    public void RootAndLogGetTheirDefaultDegreeAndBase()
    {
        Assert.Equal(Expr.Call(Ops.Root, N(2), S("x")), Read("<apply><root/><ci>x</ci></apply>"));
        Assert.Equal(Expr.Call(Ops.Root, N(3), S("x")), Read("<apply><root/><degree><cn>3</cn></degree><ci>x</ci></apply>"));
        Assert.Equal(Expr.Call(Ops.Log, N(10), S("x")), Read("<apply><log/><ci>x</ci></apply>"));
        Assert.Equal(Expr.Call(Ops.Log, N(2), S("x")), Read("<apply><log/><logbase><cn>2</cn></logbase><ci>x</ci></apply>"));
    }

    [Fact]
    public void NaryRelationsUnaryMinusAndLogic()
    {
        Assert.Equal(Expr.Call(Ops.Lt, S("a"), S("b"), S("c")), Read("<apply><lt/><ci>a</ci><ci>b</ci><ci>c</ci></apply>"));
        Assert.Equal(Expr.Call(Ops.Minus, S("a")), Read("<apply><minus/><ci>a</ci></apply>"));
        Assert.Equal(Expr.Call(Ops.And, new ConstantExpr(Ops.True), Expr.Call(Ops.Not, new ConstantExpr(Ops.False))),
            Read("<apply><and/><true/><apply><not/><false/></apply></apply>"));
        Assert.Equal(Expr.Call(Ops.Plus), Read("<apply><plus/></apply>"));
    }

    [Fact]
    public void PiecewiseWithAndWithoutOtherwise()
    {
        Assert.Equal(Expr.Call(Ops.Piecewise, N(1), Expr.Call(Ops.Gt, S("x"), N(0)), N(-1)),
            Read("<piecewise><piece><cn>1</cn><apply><gt/><ci>x</ci><cn>0</cn></apply></piece><otherwise><cn>-1</cn></otherwise></piecewise>"));
        Assert.Equal(Expr.Call(Ops.Piecewise, N(1), new ConstantExpr(Ops.True)),
            Read("<piecewise><piece><cn>1</cn><true/></piece></piecewise>"));
    }

    [Fact]
    public void NamedConstantsAndSemanticsAnnotationsAreIgnored()
    {
        Assert.Equal(Expr.Call(Ops.Times, new ConstantExpr(Ops.Pi), new ConstantExpr(Ops.ExponentialE), new ConstantExpr(Ops.Infinity), new ConstantExpr(Ops.NotANumber)),
            Read("<apply><times/><pi/><exponentiale/><infinity/><notanumber/></apply>"));
        Assert.Equal(S("x"), Read("<semantics><ci>x</ci><annotation encoding=\"text\">anything</annotation></semantics>"));
    }

    [Fact]
    public void UserFunctionCallsUseTheFunctionId() =>
        Assert.Equal(Expr.Call("f", S("x"), N(1)), Read("<apply><ci> f </ci><ci>x</ci><cn>1</cn></apply>"));

    [Fact]
    public void UnknownMathMLIsUnsupportedWithLocation()
    {
        var ex = Assert.Throws<UnsupportedFeatureException>(() => Read("<apply><sum/><ci>x</ci></apply>"));
        Assert.StartsWith("unsupported: ", ex.Message);
        Assert.Contains("sum", ex.Message);
        Assert.NotNull(ex.Location);
        ex = Assert.Throws<UnsupportedFeatureException>(() => Read("<matrix/>"));
        Assert.StartsWith("unsupported: ", ex.Message);
    }

    [Fact]
    public void WrongArgumentCountIsAnError()
    {
        var ex = Assert.Throws<ModelException>(() => Read("<apply><divide/><ci>x</ci></apply>"));
        Assert.Contains("divide", ex.Message);
        Assert.DoesNotContain("unsupported", ex.Message);
    }
}
