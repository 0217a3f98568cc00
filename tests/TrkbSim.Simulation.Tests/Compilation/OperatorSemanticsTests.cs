using System.Collections.Immutable;
using TrkbSim.Modeling.Math;
using TrkbSim.Simulation.Compilation;
using L = System.Linq.Expressions.Expression;

namespace TrkbSim.Simulation.Tests.Compilation;

/// <summary>
/// The two evaluators of math, the compiled delegates (LinqEmitter) and the interpreter used for initial values
/// (ExprInterpreter, SbmlMath.Apply), give the same value for every built-in operator over a grid of arguments that
/// includes zero, signs, fractions, whole numbers, NaN and infinities.
/// </summary>
public class OperatorSemanticsTests
{
    static readonly double[] Values = [0, -0.0, 1, -1, 0.5, -0.5, 2, 3, 4, 2.5, 10, -7, double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    static double Compiled(Expr e, double[] p)
    {
        var t = L.Parameter(typeof(double), "t");
        var y = L.Parameter(typeof(double[]), "y");
        var pp = L.Parameter(typeof(double[]), "p");
        var body = new LinqEmitter(t, y, pp).Double(e);
        return L.Lambda<Func<double, double[], double[], double>>(body, t, y, pp).Compile()(0, [], p);
    }

    static bool Same(double a, double b) => (double.IsNaN(a) && double.IsNaN(b)) || a.Equals(b);

    public static TheoryData<string> Operators() =>
        [.. Ops.Arity.Keys.Where(op => op is not (Ops.Delay or Ops.RateOf or Ops.Piecewise)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Operators))]
    public void CompiledAndInterpretedMathAgree(string op)
    {
        var (min, max) = Ops.Arity[op];
        int arity = Math.Max(min, Math.Min(max < 0 ? 2 : max, 2));
        // Arguments come from the parameter array, so the compiler cannot fold them into constants.
        var args = Enumerable.Range(0, arity).Select(i => (Expr)new SlotExpr(SlotArray.P, i)).ToImmutableArray();
        var e = new CallExpr(op, args);
        var disagreements = new List<string>();
        foreach (var a in Values)
            foreach (var b in arity == 2 ? Values : [0.0])
            {
                double[] p = arity == 2 ? [a, b] : [a];
                double compiled = Compiled(e, p);
                double interpreted = ExprInterpreter.Evaluate(e, 0, [], p);
                if (!Same(compiled, interpreted)) disagreements.Add($"{op}({string.Join(", ", p)}): compiled {compiled}, interpreted {interpreted}");
            }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(10)));
    }
}
