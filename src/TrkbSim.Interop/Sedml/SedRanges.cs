namespace TrkbSim.Interop.Sedml;

/// <summary>The values of a repeated task's ranges: how many iterations a range gives, and each range's value in one iteration.</summary>
internal static class SedRanges
{
    public static int Count(SedRange range, Dictionary<string, SedRange> ranges, string where) => Count(range, ranges, where, 0);

    static int Count(SedRange range, Dictionary<string, SedRange> ranges, string where, int depth)
    {
        if (depth > ranges.Count) throw new SedmlException($"{where}: functionalRange '{range.Id}' refers to itself through other ranges");
        return range switch
        {
            SedUniformRange u => u.NumberOfSteps + 1,
            SedVectorRange v => v.Values.Length,
            SedFunctionalRange f => Count(SedIds.Find(ranges, f.RangeReference, "range", $"{where}, functionalRange '{f.Id}'"), ranges, where, depth + 1),
            _ => throw new SedmlException($"{where}: unsupported range '{range.Id}'"),
        };
    }

    /// <summary>Every range's value in iteration <paramref name="i"/>; functional ranges may read the others and model values.</summary>
    public static Dictionary<string, double> Values(Dictionary<string, SedRange> ranges, int i, string where, Func<SedVariable, double> modelValue)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        double Value(SedRange r, int depth)
        {
            if (values.TryGetValue(r.Id, out double known)) return known;
            if (depth > ranges.Count) throw new SedmlException($"{where}: functionalRange '{r.Id}' refers to itself through other ranges");
            double v;
            switch (r)
            {
                case SedUniformRange u:
                    {
                        double f = (double)i / u.NumberOfSteps;
                        v = i == u.NumberOfSteps ? u.End
                            : u.Log ? System.Math.Exp(System.Math.Log(u.Start) + (System.Math.Log(u.End) - System.Math.Log(u.Start)) * f)
                            : u.Start + (u.End - u.Start) * f;
                        break;
                    }
                case SedVectorRange vr:
                    if (i >= vr.Values.Length)
                        throw new SedmlException($"{where}: vectorRange '{vr.Id}' has {vr.Values.Length} values, fewer than the master range's iterations");
                    v = vr.Values[i];
                    break;
                case SedFunctionalRange fr:
                    {
                        var inner = SedIds.Find(ranges, fr.RangeReference, "range", $"{where}, functionalRange '{fr.Id}'");
                        double own = Value(inner, depth + 1);
                        v = SedMathEvaluator.Evaluate(fr.Math, $"{where}, functionalRange '{fr.Id}'",
                            name => name == inner.Id ? own : ranges.TryGetValue(name, out var other) ? Value(other, depth + 1) : null, modelValue);
                        break;
                    }
                default: throw new SedmlException($"{where}: unsupported range '{r.Id}'");
            }
            return values[r.Id] = v;
        }
        foreach (var r in ranges.Values) Value(r, 0);
        return values;
    }
}
