using System.Text.Json;

namespace TrkbSim.Analysis.Fitting;

/// <summary>
/// Writes a <see cref="FitResult"/> as JSON:
/// <c>{ parameters: { id: { estimate, ci_low, ci_high, se, se_log, at_bound, profile_ci_low?, profile_ci_high? } },
/// error_model, sigma: { variable: value }, objective: { minus_two_log_likelihood, ssr, weighted_ssr }, aic, bic,
/// n_observations, n_estimated, confidence_level, identifiable (true, false, or null when fewer than two starts
/// converged), compared_starts, alternative_optima: [ { parameters: { id: value }, objective, starts: [index] } ],
/// differing_parameters: [id], residuals: [ { variable, time, observed, predicted, residual,
/// weighted_residual } ], convergence: { converged, reason, iterations, function_evaluations, best_start, jacobian,
/// starts: [ { index, objective, iterations, function_evaluations, reason, start, estimate } ] } }</c>.
/// Non-finite numbers are written as null.
/// </summary>
public static class FitResultJson
{
    /// <summary>The versioned format written first in every fit result (docs/interop.md).</summary>
    public const string Format = "trkbsim-fit/1";

    public static string Serialize(FitResult r) => JsonOutput.ToJson(w => Write(w, r));


    public static void Write(Utf8JsonWriter w, FitResult r)
    {
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteStartObject("parameters");
        foreach (var p in r.Parameters)
        {
            w.WriteStartObject(p.Id);
            w.Number("estimate", p.Estimate);
            w.Number("ci_low", p.CiLow);
            w.Number("ci_high", p.CiHigh);
            w.Number("se", p.StandardError);
            if (p.LogScale) w.Number("se_log", p.StandardErrorSearch);
            w.WriteBoolean("log_scale", p.LogScale);
            w.WriteBoolean("at_bound", p.AtBound);
            if (p.ProfileCiLow is { } lo)
            {
                w.Number("profile_ci_low", lo);
                w.Number("profile_ci_high", p.ProfileCiHigh ?? double.NaN);
                w.WriteBoolean("profile_open_low", p.ProfileOpenLow);
                w.WriteBoolean("profile_open_high", p.ProfileOpenHigh);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteString("error_model", r.ErrorModel.Snake());
        w.WriteStartObject("sigma");
        foreach (var (k, v) in r.Sigma) w.Number(k, v);
        w.WriteEndObject();
        w.WriteStartObject("objective");
        w.Number("minus_two_log_likelihood", r.MinusTwoLogLikelihood);
        w.Number("ssr", r.Ssr);
        w.Number("weighted_ssr", r.WeightedSsr);
        w.WriteEndObject();
        w.Number("aic", r.Aic);
        w.Number("bic", r.Bic);
        w.WriteNumber("n_observations", r.ObservationCount);
        w.WriteNumber("n_estimated", r.EstimatedCount);
        w.WriteNumber("confidence_level", r.ConfidenceLevel);
        WriteIdentifiability(w, r.Identifiability);
        w.WriteStartArray("residuals");
        foreach (var e in r.Residuals)
        {
            w.WriteStartObject();
            w.WriteString("variable", e.Variable);
            w.Number("time", e.Time);
            w.Number("observed", e.Observed);
            w.Number("predicted", e.Predicted);
            w.Number("residual", e.Residual);
            w.Number("weighted_residual", e.WeightedResidual);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        var c = r.Convergence;
        w.WriteStartObject("convergence");
        w.WriteBoolean("converged", c.Converged);
        w.WriteString("reason", c.Reason.Snake());
        w.WriteNumber("iterations", c.Iterations);
        w.WriteNumber("function_evaluations", c.FunctionEvaluations);
        w.WriteNumber("best_start", c.BestStart);
        w.WriteString("jacobian", c.JacobianMethod);
        w.WriteStartArray("starts");
        foreach (var s in c.Starts)
        {
            w.WriteStartObject();
            w.WriteNumber("index", s.Index);
            w.Number("objective", s.MinusTwoLogLikelihood);
            w.WriteNumber("iterations", s.Iterations);
            w.WriteNumber("function_evaluations", s.FunctionEvaluations);
            w.WriteString("reason", s.Reason.Snake());
            WriteMap(w, "start", r, s.StartValues);
            WriteMap(w, "estimate", r, s.Estimates);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteIdentifiability(Utf8JsonWriter w, Identifiability id)
    {
        if (id.Identifiable is { } identifiable) w.WriteBoolean("identifiable", identifiable);
        else w.WriteNull("identifiable");
        w.WriteNumber("compared_starts", id.ComparedStarts);
        w.WriteStartArray("alternative_optima");
        foreach (var a in id.AlternativeOptima)
        {
            w.WriteStartObject();
            w.WriteStartObject("parameters");
            foreach (var (k, v) in a.Parameters) w.Number(k, v);
            w.WriteEndObject();
            w.Number("objective", a.MinusTwoLogLikelihood);
            w.WriteStartArray("starts");
            foreach (var s in a.Starts) w.WriteNumberValue(s);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("differing_parameters");
        foreach (var p in id.DifferingParameters) w.WriteStringValue(p);
        w.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, FitResult r, double[] values)
    {
        w.WriteStartObject(name);
        for (var j = 0; j < r.Parameters.Count; j++) w.Number(r.Parameters[j].Id, values[j]);
        w.WriteEndObject();
    }
}
