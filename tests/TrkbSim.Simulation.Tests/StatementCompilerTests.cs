using System.Linq.Expressions;
using TrkbSim.Modeling.Math;
using TrkbSim.Simulation.Compilation;

namespace TrkbSim.Simulation.Tests;

/// <summary>
/// Large statement lists compiled as one loop per expression shape give the values of evaluating every statement in
/// order (the interpreter, which uses the same numeric definitions), with rules that read earlier rules and lists that
/// must keep their order.
/// </summary>
public sealed class StatementCompilerTests
{
    private static readonly ParameterExpression T = Expression.Parameter(typeof(double), "t");
    private static readonly ParameterExpression Y = Expression.Parameter(typeof(double[]), "y");
    private static readonly ParameterExpression P = Expression.Parameter(typeof(double[]), "p");
    private static readonly ParameterExpression O = Expression.Parameter(typeof(double[]), "o");

    private static SlotExpr Yv(int i) => new(SlotArray.Y, i);
    private static SlotExpr Pv(int i) => new(SlotArray.P, i);

    /// <summary>A few shapes (mass action, Michaelis-Menten, a power, a piecewise, time), most repeated many times.</summary>
    private static Expr Shape(int k, int a, int b, int c) => (k % 6) switch
    {
        0 => Expr.Call(Ops.Times, Pv(c), Yv(a)),
        1 => Expr.Call(Ops.Times, Pv(c), Yv(a), Yv(b)),
        2 => Expr.Call(Ops.Divide, Expr.Call(Ops.Times, Pv(c), Yv(a)), Expr.Call(Ops.Plus, Pv(c + 1), Yv(a))),
        3 => Expr.Call(Ops.Power, Yv(a), Expr.Num(2)),
        4 => Expr.Call(Ops.Piecewise, Yv(a), Expr.Call(Ops.Gt, Yv(a), Yv(b)), Expr.Call(Ops.Minus, Yv(b))),
        _ => k % 37 == 5 ? Expr.Call(Ops.Exp, Expr.Call(Ops.Times, Expr.Num(-0.5), TimeExpr.Instance)) : Expr.Call(Ops.Minus, Yv(a), Pv(c)),
    };

    private static (double[] Y, double[] P) State(int n, int m)
    {
        var rng = new Random(11);
        return ([.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 0.5)], [.. Enumerable.Range(0, m).Select(_ => rng.NextDouble())]);
    }

    [Fact]
    public void OutputsOfAThousandStatementsMatchTheInterpreter()
    {
        const int n = 400, parameters = 50, count = 1000;
        var rng = new Random(5);
        var statements = Enumerable.Range(0, count)
            .Select(k => new Assignment(AssignmentTarget.Output, count - 1 - k, Shape(k, rng.Next(n), rng.Next(n), rng.Next(parameters - 1))))
            .ToList();
        var parts = StatementCompiler.Compile<ModelFunction>(statements, new LinqEmitter(T, Y, P), O, T, Y, P, O);
        Assert.True(parts.Length < 30, $"{parts.Length} delegates for {count} statements of 7 shapes");
        var (y, p) = State(n, parameters);
        var output = new double[count];
        foreach (var f in parts) f(0.7, y, p, output);
        foreach (var s in statements)
            Assert.Equal(ExprInterpreter.Evaluate(s.Value, 0.7, y, p), output[s.Index]);
    }

    [Fact]
    public void RulesThatReadEarlierRulesRunAfterThem()
    {
        // p[100 + k] = shape(y); p[400 + k] = p[100 + k] * p[100 + k/2] (level 1); p[700 + k] = p[400 + k] + y[k] (level 2).
        const int n = 300, rules = 300;
        var rng = new Random(9);
        var statements = new List<Assignment>();
        for (int k = 0; k < rules; k++) statements.Add(new Assignment(AssignmentTarget.P, 100 + k, Shape(k, rng.Next(n), rng.Next(n), rng.Next(90))));
        for (int k = 0; k < rules; k++) statements.Add(new Assignment(AssignmentTarget.P, 400 + k, Expr.Call(Ops.Times, Pv(100 + k), Pv(100 + k / 2))));
        for (int k = 0; k < rules; k++) statements.Add(new Assignment(AssignmentTarget.P, 700 + k, Expr.Call(Ops.Plus, Pv(400 + k), Yv(k))));
        // Shuffle within the constraint that a rule comes after the ones it reads: interleave the levels.
        var ordered = statements.Where(s => s.Index < 400).Concat(statements.Where(s => s.Index >= 400)).ToList();
        var parts = StatementCompiler.Compile<ComputeFunction>(ordered, new LinqEmitter(T, Y, P), null, T, Y, P);
        var (y, p) = State(n, 1000);
        var expected = (double[])p.Clone();
        foreach (var s in ordered) expected[s.Index] = ExprInterpreter.Evaluate(s.Value, 0.3, y, expected);
        foreach (var f in parts) f(0.3, y, p);
        Assert.Equal(expected, p);
    }

    [Fact]
    public void AListThatReadsASlotBeforeWritingItKeepsItsOrder()
    {
        // A_k: p[k] = p[200 + k] + 1 reads p[200 + k] before B_k: p[200 + k] = 3 y[0] writes it; the B shape appears first
        // (p[500]), so grouping by shape would run every B before every A. Each A must see the old value.
        const int count = 100;
        var statements = new List<Assignment> { new(AssignmentTarget.P, 500, Expr.Call(Ops.Times, Yv(0), Expr.Num(3))) };
        for (int k = 0; k < count; k++)
        {
            statements.Add(new Assignment(AssignmentTarget.P, k, Expr.Call(Ops.Plus, Pv(200 + k), Expr.Num(1))));
            statements.Add(new Assignment(AssignmentTarget.P, 200 + k, Expr.Call(Ops.Times, Yv(0), Expr.Num(3))));
        }

        var parts = StatementCompiler.Compile<ComputeFunction>(statements, new LinqEmitter(T, Y, P), null, T, Y, P);
        var p = Enumerable.Range(0, 501).Select(i => (double)i).ToArray();
        foreach (var f in parts) f(0, [5.0], p);
        for (int k = 0; k < count; k++)
        {
            Assert.Equal(200 + k + 1.0, p[k]);
            Assert.Equal(15.0, p[200 + k]);
        }
    }
}
