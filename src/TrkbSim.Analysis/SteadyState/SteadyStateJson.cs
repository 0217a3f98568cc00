namespace TrkbSim.Analysis.SteadyState;

/// <summary>The steady-state result as JSON (format <c>trkbsim-steady-state/1</c>); states in the units they are integrated in (amounts for species).</summary>
public static class SteadyStateJson
{
    public static string Serialize(SteadyStateResult r) => JsonOutput.ToJson(w =>
    {
        w.WriteStartObject();
        w.WriteString("format", "trkbsim-steady-state/1");
        w.WriteString("method", r.Method);
        w.Number("residual", r.Residual);
        w.WriteNumber("newton_iterations", r.NewtonIterations);
        w.Number("simulated_time", r.SimulatedTime);
        w.WriteStartObject("state");
        for (int i = 0; i < r.StateIds.Length; i++) w.Number(r.StateIds[i], r.State[i]);
        w.WriteEndObject();
        w.WriteStartArray("conservation_laws");
        for (int k = 0; k < r.Laws.Count; k++)
        {
            w.WriteStartObject();
            w.WriteStartObject("coefficients");
            for (int i = 0; i < r.StateIds.Length; i++)
                if (r.Laws.Rows[k][i] != 0) w.Number(r.StateIds[i], r.Laws.Rows[k][i]);
            w.WriteEndObject();
            w.Number("total", r.Totals[k]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("conservation_laws_search", r.Laws.Search);
        if (r.MaxRealEigenvalue is { } m) w.Number("max_real_eigenvalue", m);
        else w.WriteNull("max_real_eigenvalue");
        if (r.Stable is { } stable) w.WriteBoolean("stable", stable);
        else w.WriteNull("stable");
        w.WriteString("eigenvalue_method", r.EigenvalueMethod);
        w.WriteNumber("eigenvalues_examined", r.EigenvaluesExamined);
        w.WriteEndObject();
    });
}
