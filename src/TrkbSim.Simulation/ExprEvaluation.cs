using TrkbSim.Modeling.Math;
using TrkbSim.Simulation.Compilation;

namespace TrkbSim.Simulation;

/// <summary>Evaluates math whose symbols are names (e.g. SED-ML data generators), with the compiled models' numeric definitions.</summary>
public static class ExprEvaluation
{
    /// <summary>The value of <paramref name="e"/>; <paramref name="symbol"/> gives each symbol's value (it may throw for unknown names).</summary>
    public static double Evaluate(Expr e, double time, Func<string, double> symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return ExprInterpreter.Evaluate(e, time, leaf => leaf is SymbolExpr s
            ? symbol(s.Name)
            : throw new ArgumentException($"'{leaf}' cannot be evaluated here"));
    }
}
