using System.Globalization;
using System.Net;
using System.Text;
using TrkbSim.Trials.Population;

namespace TrkbSim.Trials.Output;

/// <summary>Writes the PNG plots and report.html (plots embedded, summary and population tables) of a trial.</summary>
public static class TrialReport
{
    /// <summary>Plot file names.</summary>
    public const string BandsPng = "madrs_bands.png", RespondersPng = "responders.png", TimeToResponsePng = "time_to_response.png";

    /// <summary>
    /// Draws the plots and the report into <paramref name="folder"/> from the rows of the madrs_percentiles table
    /// (arm, day, time_h, p05, p25, p50, p75, p95, ...) and the time_to_response table (arm, week, n, responded, rate).
    /// </summary>
    public static void Write(string folder, IReadOnlyList<object?[]> percentileRows, IReadOnlyList<object?[]> timeToResponseRows,
        TrialOptions options, IReadOnlyList<SummaryRow> summary, string modelName, PopulationSpec population, long failed)
    {
        var arms = options.Arms.Select(a => a.Label).ToList();
        var percentiles = new QueryResult(["arm", "day", "time_h", "p05", "p25", "p50", "p75", "p95"], percentileRows);
        // As read back from the database, an undefined rate (no subject left) is NULL.
        var ttr = new QueryResult(["arm", "week", "n", "responded", "cumulative_response_rate"],
            timeToResponseRows.Select(r => r.Select(v => v is double d && double.IsNaN(d) ? null : v).ToArray()).ToList());
        TrialPlots.MadrsBands(Path.Combine(folder, BandsPng), percentiles, arms);
        TrialPlots.ResponderCurves(Path.Combine(folder, RespondersPng), summary, arms);
        TrialPlots.TimeToResponse(Path.Combine(folder, TimeToResponsePng), ttr, arms);
        File.WriteAllText(Path.Combine(folder, "report.html"), Html(folder, options, summary, modelName, population, failed));
    }

    static string E(string s) => WebUtility.HtmlEncode(s);

    static string Html(string folder, TrialOptions o, IReadOnlyList<SummaryRow> summary, string modelName, PopulationSpec pop, long failed)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>TrkbSim virtual trial</title>\n<style>")
          .Append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:90%}")
          .Append("td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}th{background:#eee}td.l,th.l{text-align:left}img{max-width:100%}")
          .Append("</style></head><body>\n<h1>TrkbSim virtual trial</h1>\n");
        sb.Append("<p>Model: ").Append(E(modelName)).Append(". Subjects per arm: ").Append(o.SubjectsPerArm.ToString(ci))
          .Append(". Weeks: ").Append(o.Weeks.ToString(ci)).Append(". Seed: ").Append(o.Seed.ToString(ci))
          .Append(". Population: ").Append(E(o.PopulationFile ?? "embedded population.json")).Append(". Failed simulations: ")
          .Append(failed.ToString(ci)).Append(".</p>\n<h2>Arms</h2>\n<table><tr><th class=l>arm</th><th class=l>regimen</th></tr>\n");
        foreach (var a in o.Arms) sb.Append("<tr><td class=l>").Append(E(a.Label)).Append("</td><td class=l>").Append(E(a.Regimen)).Append("</td></tr>\n");
        sb.Append("</table>\n<p>Response: rated MADRS at least 50 % below the rated baseline; remission: rated MADRS &lt;= 10. ")
          .Append("Rated scores are the model score plus rating error, rounded to whole points. Intervals are Wilson 95 %.</p>\n");
        foreach (var (png, title) in new[] { (TrialReport.BandsPng, "MADRS by arm"), (TrialReport.RespondersPng, "Responders and remitters"), (TrialReport.TimeToResponsePng, "Time to response") })
        {
            string b64 = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(folder, png)));
            sb.Append("<h2>").Append(E(title)).Append("</h2>\n<img alt=\"").Append(E(title)).Append("\" src=\"data:image/png;base64,").Append(b64).Append("\">\n");
        }
        sb.Append("<h2>Summary by visit</h2>\n<table><tr><th class=l>arm</th><th>week</th><th>n</th><th>mean MADRS</th><th>mean change</th><th>SD change</th>")
          .Append("<th>response</th><th>95 % CI</th><th>remission</th><th>95 % CI</th></tr>\n");
        foreach (var r in summary)
            sb.Append("<tr><td class=l>").Append(E(r.Arm)).Append("</td><td>").Append(SummaryCsv.Week(r.Week)).Append("</td><td>").Append(r.N.ToString(ci))
              .Append("</td><td>").Append(SummaryCsv.F(r.MeanMadrs, 1)).Append("</td><td>").Append(SummaryCsv.F(r.MeanChange, 1))
              .Append("</td><td>").Append(SummaryCsv.F(r.SdChange, 1)).Append("</td><td>").Append(Pct(r.ResponseRate))
              .Append("</td><td>").Append(Pct(r.ResponseCiLow)).Append('-').Append(Pct(r.ResponseCiHigh))
              .Append("</td><td>").Append(Pct(r.RemissionRate)).Append("</td><td>").Append(Pct(r.RemissionCiLow)).Append('-').Append(Pct(r.RemissionCiHigh))
              .Append("</td></tr>\n");
        sb.Append("</table>\n<h2>Population (values and provenance)</h2>\n<table><tr><th class=l>item</th><th>value</th><th class=l>status</th><th class=l>source</th></tr>\n");
        foreach (var (name, n) in PopulationItems(pop))
            sb.Append("<tr><td class=l>").Append(E(name)).Append("</td><td>").Append(n.Value.ToString("G4", ci)).Append("</td><td class=l>")
              .Append(E(n.Status)).Append("</td><td class=l>").Append(E(n.Source)).Append("</td></tr>\n");
        sb.Append("</table>\n<p>Files: trial.duckdb (tables summary, time_to_response, madrs_percentiles, run_info; views subjects, timecourses, ")
          .Append("weekly_scores over the Parquet files of those names), summary.csv, time_to_response.csv, a Parquet file per table.</p>\n</body></html>\n");
        return sb.ToString();
    }

    static string Pct(double v) => double.IsNaN(v) ? "" : (100 * v).ToString("F1", CultureInfo.InvariantCulture) + " %";

    /// <summary>Every value of a population with its name, for provenance tables.</summary>
    public static IEnumerable<(string Name, SourcedNumber Value)> PopulationItems(PopulationSpec p)
    {
        foreach (var (k, v) in p.SexFrequency.OrderBy(x => x.Key)) yield return ($"sex {k}", v);
        foreach (var (k, v) in p.BodyWeightKg.OrderBy(x => x.Key)) { yield return ($"body weight median, {k} (kg)", v.Median); yield return ($"body weight CV, {k}", v.Cv); }
        foreach (var (k, v) in p.Cyp2d6Frequency.OrderBy(x => x.Key)) yield return ($"CYP2D6 {k}", v);
        foreach (var (k, v) in p.Cyp2c19Frequency.OrderBy(x => x.Key)) yield return ($"CYP2C19 {k}", v);
        yield return ("baseline MADRS mean", p.BaselineMadrs.Mean);
        yield return ("baseline MADRS SD", p.BaselineMadrs.Sd);
        yield return ("placebo improvement mean (MADRS)", p.PlaceboMadrs.Mean);
        yield return ("placebo improvement SD (MADRS)", p.PlaceboMadrs.Sd);
        yield return ("placebo build-up time constant (h)", p.PlaceboTauHours);
        yield return ("rating error SD (MADRS)", p.RatingNoiseSd);
        foreach (var e in p.CypEffects)
            foreach (var (k, v) in e.ExposureFold.OrderBy(x => x.Key)) yield return ($"{e.Enzyme} {k}: {e.Compound} exposure fold", v);
        foreach (var (k, v) in p.PkVariability.OrderBy(x => x.Key, StringComparer.Ordinal)) yield return ($"CV {k} (all compounds)", v.Cv);
        foreach (var (k, v) in p.PdVariability.OrderBy(x => x.Key, StringComparer.Ordinal)) yield return ($"CV {k}", v.Cv);
    }
}
