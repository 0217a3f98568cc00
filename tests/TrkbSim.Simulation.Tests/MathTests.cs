using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;
using TrkbSim.Simulation.Compilation;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests;

public class MathTests
{
    /// <summary>Evaluates an expression through the compiled assignment-rule path.</summary>
    private static double Eval(string expr, params (string Id, double Value)[] parameters)
    {
        var model = Model(parameters: parameters.Select(p => P(p.Id, p.Value)).Append(P("out", null, false)),
            rules: [new AssignmentRule("out", E(expr))]);
        return ModelCompiler.Compile(model).CreateSimulator().Get("out");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void WholePowersTakenAsProductsLieWithinTheirRoundingBoundOfTheExactPower(int n)
    {
        // x = m 2^e exactly, so x^n = m^n 2^(n e) exactly (BigInteger); the result's error is measured in ulps of that.
        // The products round n - 1 times in effect (x^8 = ((x^2)^2)^2: 4 + 2 + 1 half-ulps of relative error), so they
        // lie within n - 1 ulp; a wrong product (a missing or extra factor) is off by far more.
        double maxUlp = 0;
        var rng = new Random(n);
        for (int i = 0; i < 20_000; i++)
        {
            double x = (rng.NextDouble() < 0.5 ? -1 : 1) * Math.Exp((rng.NextDouble() - 0.5) * 60);
            double r = SbmlMath.Power(x, n);
            var (mx, ex) = Exact(x);
            var (mr, er) = Exact(r);
            var exact = System.Numerics.BigInteger.Pow(mx, n);
            int e = ex * n;
            int shift = Math.Min(e, er);
            var diff = System.Numerics.BigInteger.Abs((mr << (er - shift)) - (exact << (e - shift)));
            // ulp of the exact power: 2^(its leading bit + its exponent - 52)
            int ulpExponent = (int)(System.Numerics.BigInteger.Abs(exact).GetBitLength() - 1) + e - 52;
            var ulp = System.Numerics.BigInteger.One << (ulpExponent - shift);
            maxUlp = Math.Max(maxUlp, (double)diff / (double)ulp);
            Assert.True(diff <= (n - 1) * ulp, $"{x:R}^{n} = {r:R}: {(double)diff / (double)ulp:F2} ulp from the exact power");
        }
        Assert.True(maxUlp > 0.25, $"largest error {maxUlp:F2} ulp: the samples did not exercise the rounding");
        Assert.Equal(Math.Pow(2.5, n), SbmlMath.Power(2.5, n)); // exact in binary: the products are too
        Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Pow(-0.0, n)), BitConverter.DoubleToInt64Bits(SbmlMath.Power(-0.0, n)));
        Assert.Equal(Math.Pow(double.NegativeInfinity, n), SbmlMath.Power(double.NegativeInfinity, n));
        Assert.True(double.IsNaN(SbmlMath.Power(double.NaN, n)));

        static (System.Numerics.BigInteger Mantissa, int Exponent) Exact(double v)
        {
            long bits = BitConverter.DoubleToInt64Bits(v);
            int biased = (int)((bits >> 52) & 0x7FF);
            long m = bits & 0xFFFFFFFFFFFFFL;
            if (biased != 0) m |= 1L << 52; else biased = 1;
            return (v < 0 ? -m : m, biased - 1075);
        }
    }

    [Theory]
    [InlineData("factorial(5)", 120)]
    [InlineData("factorial(0)", 1)]
    [InlineData("rem(-7, 3)", -1)]
    [InlineData("rem(7, -3)", 1)]
    [InlineData("quotient(-7, 2)", -3)]
    [InlineData("quotient(7, 2)", 3)]
    [InlineData("root(3, -8)", -2)]
    [InlineData("root(2, 16)", 4)]
    [InlineData("log(10, 1000)", 3)]
    [InlineData("log(2, 8)", 3)]
    [InlineData("ln(exponentiale)", 1)]
    [InlineData("min(3, -1, 2)", -1)]
    [InlineData("max(3, -1, 2)", 3)]
    [InlineData("ceiling(-1.5)", -1)]
    [InlineData("floor(-1.5)", -2)]
    [InlineData("piecewise(1, 2 > 3, 5, 1 < 2, 7)", 5)]
    [InlineData("piecewise(1, 2 > 3, 7)", 7)]
    [InlineData("xor(1, 1, 1)", 1)]
    [InlineData("implies(0, 0)", 1)]
    [InlineData("(3 > 2) + (2 >= 2) + (1 == 1) + (1 != 1)", 3)]
    [InlineData("gt(3, 2, 1)", 1)]
    [InlineData("lt(1, 3, 2)", 0)]
    [InlineData("1 && !0 || 0", 1)]
    public void BuiltInsHaveMathMLMeaning(string expr, double expected) => Assert.Equal(expected, Eval(expr), 12);

    [Fact]
    public void TrigonometryIncludingReciprocalAndInverseForms()
    {
        double x = 0.7;
        Assert.Equal(1 / Math.Cos(x), Eval("sec(x)", ("x", x)), 12);
        Assert.Equal(1 / Math.Sin(x), Eval("csc(x)", ("x", x)), 12);
        Assert.Equal(1 / Math.Tan(x), Eval("cot(x)", ("x", x)), 12);
        Assert.Equal(1 / Math.Cosh(x), Eval("sech(x)", ("x", x)), 12);
        Assert.Equal(1 / Math.Sinh(x), Eval("csch(x)", ("x", x)), 12);
        Assert.Equal(1 / Math.Tanh(x), Eval("coth(x)", ("x", x)), 12);
        Assert.Equal(Math.Acos(1 / 2.5), Eval("arcsec(x)", ("x", 2.5)), 12);
        Assert.Equal(Math.Asin(1 / 2.5), Eval("arccsc(x)", ("x", 2.5)), 12);
        Assert.Equal(Math.Atan(1 / x), Eval("arccot(x)", ("x", x)), 12);
        Assert.Equal(Math.Atanh(1 / 2.5), Eval("arccoth(x)", ("x", 2.5)), 12);
        Assert.Equal(Math.Acosh(1 / x), Eval("arcsech(x)", ("x", x)), 12);
        Assert.Equal(Math.Asinh(1 / x), Eval("arccsch(x)", ("x", x)), 12);
    }

    [Fact]
    public void DivisionByZeroAndLogOfNegativeGiveIeeeValues()
    {
        Assert.Equal(double.PositiveInfinity, Eval("1/z", ("z", 0)));
        Assert.True(double.IsNaN(Eval("ln(z)", ("z", -1))));
        Assert.True(double.IsNaN(Eval("0/z", ("z", 0))));
    }

    [Fact]
    public void FactorialOfNonIntegerUsesGamma() =>
        Assert.Equal(Math.Sqrt(Math.PI) / 2, Eval("factorial(0.5)"), 12);

    [Fact]
    public void SimplifierFoldsIdentities()
    {
        var x = new SlotExpr(SlotArray.Y, 0);
        Assert.Equal(Expr.Zero, Simplifier.Simplify(Expr.Call(Ops.Times, x, Expr.Num(0))));
        Assert.Equal(x, Simplifier.Simplify(Expr.Call(Ops.Times, Expr.Num(1), x)));
        Assert.Equal(x, Simplifier.Simplify(Expr.Call(Ops.Plus, x, Expr.Num(0))));
        Assert.Equal(x, Simplifier.Simplify(Expr.Call(Ops.Minus, x, Expr.Num(0))));
        Assert.Equal(x, Simplifier.Simplify(Expr.Call(Ops.Divide, x, Expr.Num(1))));
        Assert.Equal(x, Simplifier.Simplify(Expr.Call(Ops.Power, x, Expr.Num(1))));
        Assert.Equal(Expr.One, Simplifier.Simplify(Expr.Call(Ops.Power, x, Expr.Num(0))));
        Assert.Equal(x, Simplifier.Simplify(Expr.Call(Ops.Minus, Expr.Call(Ops.Minus, x))));
        Assert.Equal(Expr.Num(7), Simplifier.Simplify(Expr.Call(Ops.Plus, Expr.Num(3), Expr.Call(Ops.Times, Expr.Num(2), Expr.Num(2)))));
        Assert.Equal(Expr.Num(Math.Exp(1)), Simplifier.Simplify(Expr.Call(Ops.Exp, Expr.Num(1))));
    }

    [Fact]
    public void DerivativeOfProductAndQuotient()
    {
        // d/dy0 of y0^2 * sin(y0) / (1 + y1) at y = (0.3, 2) against the hand derivative.
        var y0 = new SlotExpr(SlotArray.Y, 0);
        var y1 = new SlotExpr(SlotArray.Y, 1);
        var f = Expr.Call(Ops.Divide, Expr.Call(Ops.Times, Expr.Call(Ops.Power, y0, Expr.Num(2)), Expr.Call(Ops.Sin, y0)),
            Expr.Call(Ops.Plus, Expr.Num(1), y1));
        var d = Simplifier.Simplify(Differentiator.D(f, l => l is SlotExpr { Array: SlotArray.Y, Index: 0 } ? Expr.One : Expr.Zero));
        double a = 0.3, b = 2;
        double expected = (2 * a * Math.Sin(a) + a * a * Math.Cos(a)) / (1 + b);
        Assert.Equal(expected, ExprInterpreter.Evaluate(d, 0, [a, b], []), 14);
    }

    [Fact]
    public void EqualPriorityTiesAreRandomButReproducible()
    {
        // Two events with equal priority race to set w; over 200 firings both orders occur, and reruns agree.
        var model = Model(parameters: [P("x", 0, false), P("w", 0, false), P("firstA", 0, false)],
            rules: [new RateRule("x", E("1"))],
            events:
            [
                At("x >= 1", ("x", "0"), ("w", "1")) with { Priority = Expr.Num(1), UseValuesFromTriggerTime = false },
                At("x >= 1", ("w", "2")) with { Priority = Expr.Num(1), UseValuesFromTriggerTime = false },
                At("x < 0.5", ("firstA", "firstA + piecewise(1, w == 2, 0)")) with { UseValuesFromTriggerTime = false },
            ]);
        var sim = ModelCompiler.Compile(model).CreateSimulator();
        var r1 = sim.Run(Settings(200.25, 1) with { Variables = ["firstA"] });
        var r2 = sim.Run(Settings(200.25, 1) with { Variables = ["firstA"] });
        double count = r1.Column("firstA")[^1];
        Assert.InRange(count, 60, 140);
        Assert.Equal(count, r2.Column("firstA")[^1]);
    }
}
