using System.Text.Json;

namespace TrkbSim.Analysis.Sensitivity;

/// <summary>
/// JSON for sensitivity results; non-finite numbers are written as null. Each result lists its outputs in
/// <c>outputs</c>; when there is exactly one output its maps are also repeated at the top level
/// (<c>first_order</c>, <c>total_order</c>, ... for Sobol; <c>mu</c>, <c>mu_star</c>, <c>sigma</c> for Morris).
/// </summary>
public static class SensitivityJson
{
    /// <summary>The versioned format written first in every sensitivity result (docs/interop.md).</summary>
    public const string Format = "trkbsim-sensitivity/1";

    /// <summary>
    /// <c>{ method: "sobol", parameters: [id], sample_size, evaluations, seed, bootstrap_samples, confidence_level,
    /// outputs: [ { output, mean, variance, valid_samples, first_order: { id: S }, total_order: { id: ST },
    /// first_order_ci: { id: [low, high] }, total_order_ci: { id: [low, high] } } ] }</c>.
    /// </summary>
    public static string Serialize(SobolResult r) => JsonOutput.ToJson(w =>
    {
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteString("method", "sobol");
        w.WriteString("estimators", "saltelli-2010-first-order, jansen-total-order, bootstrap-percentile-ci");
        WriteIds(w, r.Parameters);
        w.WriteNumber("sample_size", r.SampleSize);
        w.WriteNumber("evaluations", r.Evaluations);
        w.WriteNumber("seed", r.Seed);
        w.WriteNumber("bootstrap_samples", r.BootstrapSamples);
        w.WriteNumber("confidence_level", r.ConfidenceLevel);
        if (r.Outputs.Count == 1) SobolMaps(w, r.Outputs[0]);
        w.WriteStartArray("outputs");
        foreach (var o in r.Outputs)
        {
            w.WriteStartObject();
            w.WriteString("output", o.Output);
            w.Number("mean", o.Mean);
            w.Number("variance", o.Variance);
            w.WriteNumber("valid_samples", o.ValidSamples);
            SobolMaps(w, o);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// <c>{ method: "morris", parameters: [id], trajectories, levels, delta, evaluations, seed,
    /// outputs: [ { output, valid_trajectories, mu: { id: v }, mu_star: { id: v }, sigma: { id: v } } ] }</c>.
    /// </summary>
    public static string Serialize(MorrisResult r) => JsonOutput.ToJson(w =>
    {
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteString("method", "morris");
        WriteIds(w, r.Parameters);
        w.WriteNumber("trajectories", r.Trajectories);
        w.WriteNumber("levels", r.Levels);
        w.WriteNumber("delta", r.Delta);
        w.WriteNumber("evaluations", r.Evaluations);
        w.WriteNumber("seed", r.Seed);
        if (r.Outputs.Count == 1) MorrisMaps(w, r.Outputs[0]);
        w.WriteStartArray("outputs");
        foreach (var o in r.Outputs)
        {
            w.WriteStartObject();
            w.WriteString("output", o.Output);
            w.WriteNumber("valid_trajectories", o.ValidTrajectories);
            MorrisMaps(w, o);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// <c>{ method: "local", derivative, parameters: { id: value }, times: [t],
    /// outputs: { name: { values: [y], normalized: { id: [d ln y / d ln p] }, absolute: { id: [dy/dp] } } } }</c>.
    /// </summary>
    public static string Serialize(LocalSensitivityResult r) => JsonOutput.ToJson(w =>
    {
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteString("method", "local");
        w.WriteString("derivative", r.Method);
        w.WriteStartObject("parameters");
        foreach (var (id, v) in r.ParameterValues) w.Number(id, v);
        w.WriteEndObject();
        Array(w, "times", r.Times);
        w.WriteStartObject("outputs");
        for (var k = 0; k < r.Outputs.Count; k++)
        {
            w.WriteStartObject(r.Outputs[k]);
            Array(w, "values", r.Values[k]);
            foreach (var (name, data) in new[] { ("normalized", r.Normalized), ("absolute", r.Absolute) })
            {
                w.WriteStartObject(name);
                for (var j = 0; j < r.Parameters.Count; j++) Array(w, r.Parameters[j], data[k][j]);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    });


    private static void SobolMaps(Utf8JsonWriter w, SobolIndices o)
    {
        Map(w, "first_order", o.FirstOrder);
        Map(w, "total_order", o.TotalOrder);
        CiMap(w, "first_order_ci", o.FirstOrderCi);
        CiMap(w, "total_order_ci", o.TotalOrderCi);
    }

    private static void MorrisMaps(Utf8JsonWriter w, MorrisEffects o)
    {
        Map(w, "mu", o.Mu);
        Map(w, "mu_star", o.MuStar);
        Map(w, "sigma", o.Sigma);
    }

    private static void WriteIds(Utf8JsonWriter w, IReadOnlyList<string> ids)
    {
        w.WriteStartArray("parameters");
        foreach (var id in ids) w.WriteStringValue(id);
        w.WriteEndArray();
    }

    private static void Map(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, double> map)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in map) w.Number(k, v);
        w.WriteEndObject();
    }

    private static void CiMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, (double Low, double High)> map)
    {
        w.WriteStartObject(name);
        foreach (var (k, (lo, hi)) in map)
        {
            w.WriteStartArray(k);
            w.Number(lo);
            w.Number(hi);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void Array(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.Number(v);
        w.WriteEndArray();
    }
}
