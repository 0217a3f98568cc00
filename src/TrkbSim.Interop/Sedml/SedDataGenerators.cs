using TrkbSim.Simulation;

namespace TrkbSim.Interop.Sedml;

/// <summary>Evaluates a data generator's math element by element over its variables' recorded values.</summary>
internal static class SedDataGenerators
{
    public static SedTensor Evaluate(SedDataGenerator g, Dictionary<string, Dictionary<string, SedTensor>> taskResults, SedTaskPlan plan)
    {
        string where = $"data generator '{g.Id}'";
        var tensors = new Dictionary<string, SedTensor>(StringComparer.Ordinal);
        foreach (var v in g.Math.Variables)
            tensors[v.Id] = taskResults[v.TaskReference!][SedTaskPlan.KeyOf(v, where)];
        var parameters = g.Math.Parameters.ToDictionary(p => p.Id, p => p.Value, StringComparer.Ordinal);
        // The result has the shape of its largest variable; scalars (steady states) broadcast.
        var shape = tensors.Values.OrderByDescending(t => t.Data.Length).FirstOrDefault() ?? new SedTensor([], [0]);
        foreach (var (id, t) in tensors)
        {
            if (t.Data.Length != 1 && !t.Shape.SequenceEqual(shape.Shape))
                throw new SedmlException($"{where}: variable '{id}' has shape [{t.ShapeText}], others [{shape.ShapeText}]; the variables of one data generator must have the same shape");
        }
        var data = new double[shape.Data.Length];
        for (int k = 0; k < data.Length; k++)
        {
            int at = k;
            try
            {
                data[k] = ExprEvaluation.Evaluate(g.Math.Expression, double.NaN, name =>
                    tensors.TryGetValue(name, out var t) ? t.Data[t.Data.Length == 1 ? 0 : at]
                    : parameters.TryGetValue(name, out double p) ? p
                    : throw new SedmlException($"{where}: math uses '{name}', which is not one of its variables or parameters"));
            }
            catch (InvalidOperationException e) { throw new SedmlException($"{where}: {e.Message}"); }
        }
        return new SedTensor(shape.Shape, data);
    }
}
