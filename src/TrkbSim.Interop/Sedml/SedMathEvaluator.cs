using TrkbSim.Simulation;

namespace TrkbSim.Interop.Sedml;

/// <summary>Evaluates SED-ML math once: parameters by id, other names (range values) by a lookup, variables by a reader.</summary>
internal static class SedMathEvaluator
{
    public static double Evaluate(SedMath math, string where, Func<string, double?> names, Func<SedVariable, double> variable)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in math.Parameters) values[p.Id] = p.Value;
        foreach (var v in math.Variables) values[v.Id] = variable(v);
        try
        {
            return ExprEvaluation.Evaluate(math.Expression, double.NaN, name =>
                values.TryGetValue(name, out double x) ? x
                : names(name) ?? throw new SedmlException($"{where}: math uses '{name}', which is not one of its variables, parameters or ranges"));
        }
        catch (InvalidOperationException e) { throw new SedmlException($"{where}: {e.Message}"); }
        catch (ArgumentException e) { throw new SedmlException($"{where}: {e.Message}"); }
    }
}
