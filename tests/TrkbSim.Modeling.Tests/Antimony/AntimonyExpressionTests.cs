using TrkbSim.Modeling.Antimony;
using TrkbSim.Modeling.Math;
using static TrkbSim.Modeling.Tests.Antimony.AntimonyAssert;

namespace TrkbSim.Modeling.Tests.Antimony;

public class AntimonyExpressionTests
{
    private static readonly Expr A = Expr.Sym("a"), B = Expr.Sym("b"), C = Expr.Sym("c"), Y = Expr.Sym("y");
    private static Expr N(double v) => Expr.Num(v);
    private static Expr F(string op, params Expr[] args) => Expr.Call(op, args);

    [Fact]
    public void UnaryMinusBindsLooserThanPower() =>
        Assert.Equal(F(Ops.Minus, F(Ops.Power, Y, N(2))), Parsed("-y^2"));

    [Fact]
    public void PowerIsRightAssociative()
    {
        Assert.Equal(F(Ops.Power, N(2), F(Ops.Power, N(3), N(2))), Parsed("2^3^2"));
        Assert.Equal(F(Ops.Power, N(2), F(Ops.Power, N(3), N(2))), Parsed("2**3**2"));
    }

    [Fact]
    public void SubtractionAndDivisionAreLeftAssociative()
    {
        Assert.Equal(A - B - C, Parsed("a - b - c"));
        Assert.Equal(A / B / C, Parsed("a / b / c"));
        Assert.Equal(A - B * C, Parsed("a - b*c"));
        Assert.Equal((A - B) * C, Parsed("(a - b)*c"));
    }

    [Fact]
    public void NegativeLiteralsFoldButNegatedPowersDoNot()
    {
        Assert.Equal(N(-2), Parsed("-2"));
        Assert.Equal(F(Ops.Minus, F(Ops.Power, N(2), N(2))), Parsed("-2^2"));
        Assert.Equal(F(Ops.Minus, N(2)), Parsed("-(2)"));
        Assert.Equal(F(Ops.Power, A, N(-1)), Parsed("a^-1"));
        Assert.Equal(A * N(-3), Parsed("a * -3"));
        Assert.Equal(A, Parsed("+a"));
    }

    [Fact]
    public void NumbersInAllForms()
    {
        Assert.Equal(N(0.5), Parsed(".5"));
        Assert.Equal(N(1e-3), Parsed("1e-3"));
        Assert.Equal(N(2.5E+2), Parsed("2.5E+2"));
        Assert.Equal(N(3), Parsed("3."));
    }

    [Fact]
    public void ComparisonsAndLogic()
    {
        // && binds tighter than ||, comparisons tighter than both, ! tightest.
        var expected = F(Ops.Or, F(Ops.Lt, A, N(1)), F(Ops.And, F(Ops.Geq, B, N(2)), F(Ops.Not, F(Ops.Eq, C, Y))));
        Assert.Equal(expected, Parsed("a < 1 || b >= 2 && !(c == y)"));
        Assert.Equal(F(Ops.Neq, A + B, N(0)), Parsed("a + b != 0"));
        Assert.Equal(F(Ops.Leq, A, B), Parsed("a <= b"));
        Assert.Equal(F(Ops.Gt, A, B), Parsed("a > b"));
        Assert.Equal(F(Ops.And, A, B, C), Parsed("and(a, b, c)"));
        Assert.Equal(F(Ops.Or, A, B), Parsed("or(a, b)"));
        Assert.Equal(F(Ops.Not, A), Parsed("not(a)"));
    }

    [Fact]
    public void ConstantsAndTime()
    {
        Assert.Equal(TimeExpr.Instance, Parsed("time"));
        Assert.Equal(new ConstantExpr(Ops.Pi), Parsed("pi"));
        Assert.Equal(new ConstantExpr(Ops.ExponentialE), Parsed("exponentiale"));
        Assert.Equal(new ConstantExpr(Ops.Avogadro), Parsed("avogadro"));
        Assert.Equal(new ConstantExpr(Ops.True), Parsed("true"));
        Assert.Equal(new ConstantExpr(Ops.False), Parsed("false"));
        foreach (var inf in new[] { "inf", "INF", "infinity" }) Assert.Equal(new ConstantExpr(Ops.Infinity), Parsed(inf));
        foreach (var nan in new[] { "NaN", "nan", "notanumber" }) Assert.Equal(new ConstantExpr(Ops.NotANumber), Parsed(nan));
    }

    [Theory]
    [InlineData("exp(a)", Ops.Exp)]
    [InlineData("ln(a)", Ops.Ln)]
    [InlineData("log(a)", Ops.Ln)]
    [InlineData("abs(a)", Ops.Abs)]
    [InlineData("floor(a)", Ops.Floor)]
    [InlineData("ceil(a)", Ops.Ceiling)]
    [InlineData("ceiling(a)", Ops.Ceiling)]
    [InlineData("factorial(a)", Ops.Factorial)]
    [InlineData("sin(a)", Ops.Sin)]
    [InlineData("arccoth(a)", Ops.ArcCoth)]
    [InlineData("sec(a)", Ops.Sec)]
    [InlineData("csc(a)", Ops.Csc)]
    [InlineData("cot(a)", Ops.Cot)]
    [InlineData("sinh(a)", Ops.Sinh)]
    [InlineData("arcsin(a)", Ops.ArcSin)]
    [InlineData("rateOf(a)", Ops.RateOf)]
    public void OneArgumentFunctionsMapToCanonicalOps(string text, string op) =>
        Assert.Equal(F(op, A), Parsed(text));

    [Fact]
    public void FunctionsWithSpecialForms()
    {
        Assert.Equal(F(Ops.Log, N(10), A), Parsed("log10(a)"));
        Assert.Equal(F(Ops.Log, N(2), A), Parsed("log(2, a)"));
        Assert.Equal(F(Ops.Root, N(2), A), Parsed("sqrt(a)"));
        Assert.Equal(F(Ops.Root, N(3), A), Parsed("root(3, a)"));
        Assert.Equal(F(Ops.Power, A, B), Parsed("pow(a, b)"));
        Assert.Equal(F(Ops.Min, A, B, C), Parsed("min(a, b, c)"));
        Assert.Equal(F(Ops.Max, A, B), Parsed("max(a, b)"));
        Assert.Equal(F(Ops.Rem, A, B), Parsed("rem(a, b)"));
        Assert.Equal(F(Ops.Quotient, A, B), Parsed("quotient(a, b)"));
        Assert.Equal(F(Ops.Delay, A, N(2)), Parsed("delay(a, 2)"));
        Assert.Equal(F(Ops.Piecewise, N(1), F(Ops.Lt, A, N(0)), N(2), F(Ops.Lt, A, N(1)), N(3)),
            Parsed("piecewise(1, a < 0, 2, a < 1, 3)"));
    }

    [Fact]
    public void ExpressionsMaySpanLinesInsideParenthesesAndAfterOperators()
    {
        Assert.Equal(A + B * C, Parsed("a +\n  b*(\n c)"));
        Assert.Equal(F(Ops.Max, A, B), Parsed("max(a,\n b)"));
    }

    [Fact]
    public void NumberWithUnitKeepsTheNumber()
    {
        var m = AntimonyReader.Parse("unit mM = 1e-3 mole / litre\nx = 40 mM/2 second\ny = 3.3 mM");
        Assert.Equal(Expr.Num(40) / Expr.Num(2), m.InitialAssignments.Single(a => a.Symbol == "x").Math);
        Assert.Equal(3.3, m.FindParameter("y")!.Value);
        Assert.Equal("mM", m.FindParameter("y")!.Units);
    }

    [Theory]
    [InlineData("-y^2")]
    [InlineData("2^3^2")]
    [InlineData("(2^3)^2")]
    [InlineData("a - b - c")]
    [InlineData("a - (b - c)")]
    [InlineData("a / b / c")]
    [InlineData("a / (b / c)")]
    [InlineData("a + (b + c)")]
    [InlineData("a * (b * c)")]
    [InlineData("-(2)")]
    [InlineData("-(-2)")]
    [InlineData("(-2)^2")]
    [InlineData("a - -1")]
    [InlineData("!(a < b) && (c || y)")]
    [InlineData("piecewise(a, b > 1, -c)")]
    [InlineData("(a < b) == (c < y)")]
    [InlineData("log(2, a) + log10(b) + sqrt(c) + root(3, y) + ceil(a)")]
    [InlineData("-a * b")]
    [InlineData("-(a * b)")]
    [InlineData("1e-300 * a + 6.02214076e+23")]
    public void FormattedExpressionsParseBackToTheSameTree(string text)
    {
        var e = Parsed(text);
        Assert.Equal(e, Parsed(ExprFormatter.Format(e)));
    }

    [Fact]
    public void NaryOperatorsFormatFlatAndParseBackEquivalent()
    {
        var e = Expr.Call(Ops.Plus, A, B, Expr.Call(Ops.Times, A, B, C));
        Assert.Equal("a + b + a * b * c", ExprFormatter.Format(e));
        Assert.Equal(Normalize(e), Normalize(Parsed(ExprFormatter.Format(e))));
    }
}
