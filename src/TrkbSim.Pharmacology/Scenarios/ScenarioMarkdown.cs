using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using System.Globalization;
using System.Text;
using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Scenarios;

/// <summary>Renders a scenario's summary.md: description, runs, a table of headline numbers per run, the comparison.</summary>
public static class ScenarioMarkdown
{
    public static string Render(ScenarioResults results, IReadOnlyList<string> findings)
    {
        var d = results.Definition;
        var sb = new StringBuilder();
        sb.Append($"# Scenario `{d.Name}`: {d.Title}\n\n{d.Description}\n\n");
        sb.Append("## Comparison\n\n");
        foreach (var line in findings) sb.Append(line.StartsWith("- ", StringComparison.Ordinal) ? line : "- " + line).Append('\n');

        sb.Append("\n## Runs\n\n| run | species | regimens | settings | simulated |\n|---|---|---|---|---|\n");
        foreach (var run in d.Runs)
        {
            var s = run.Settings;
            string regimens = s.Regimens.Length == 0 ? "none" : string.Join("; ", s.Regimens.Select(r => r.ToString()));
            sb.Append($"| {run.Label} | {s.Species.ToString().ToLowerInvariant()} | {regimens} | {SettingsText(s)} | {Days(run.DurationHours)} |\n");
        }

        sb.Append("\n## Headline numbers per run\n\n");
        sb.Append("| run | max TRKB occupancy | t(1/2 final TRKB occ.) | t(TRKB occ. 50 %) | max trkb_signal rise | plasticity (end) | outcome start -> end | onset (-20 %) |\n");
        sb.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (var (run, sum) in d.Runs.Zip(results.Summaries))
        {
            string outcome = $"{sum.OutcomeColumn} {F(sum.OutcomeBaseline)} -> {F(sum.OutcomeFinal)}";
            sb.Append($"| {run.Label} | {F(sum.MaxTrkbOccupancy)} | {Time(sum.TimeToHalfFinalTrkbOccupancyHours)} | " +
                      $"{Time(sum.TimeTo50PercentTrkbEngagementHours)} | {F(results.Rise(run.Label, "trkb_signal"))} | " +
                      $"{F(results.Final(run.Label, "plasticity"))} | {outcome} | {Time(sum.OnsetHours)} |\n");
        }
        if (results.Results.FirstOrDefault(r => r.Uncertainty is not null)?.Uncertainty is { } info)
        {
            sb.Append($"\n## Uncertainty\n\n{info.Samples} samples per run from the uncertainty ranges of: ");
            sb.Append(string.Join(", ", info.Parameters.Select(p => $"`{p}`")));
            sb.Append(" (the parameters varied in the first run; each run varies those of its own compounds).\n\n");
            sb.Append("| run | failed samples | onset (-20 %) p5 / p50 / p95 | reached | response (-50 %) p5 / p50 / p95 | reached |\n|---|---|---|---|---|---|\n");
            foreach (var (run, r) in d.Runs.Zip(results.Results))
            {
                if (r.Uncertainty is not { } u) continue;
                sb.Append($"| {run.Label} | {u.Failed} | {Band(u.OnsetHours)} | {Reached(u.OnsetHours, u)} | {Band(u.ResponseHours)} | {Reached(u.ResponseHours, u)} |\n");
            }
            sb.Append("\nPlots shade the 5-95 % band of each run; CSV columns `NAME_p5`, `NAME_p50`, `NAME_p95`.\n");
        }
        sb.Append("\nTimes are from the first dose; \"never\" = not reached within the run. Files: one CSV and one ");
        sb.Append("`_summary.json` per run, `overlay_<output>.png` per key output (");
        sb.Append(string.Join(", ", d.KeyOutputs.Select(k => $"`{k}`")));
        sb.Append(").\n");
        return sb.ToString();
    }

    static string SettingsText(Mechanism.MechanismSettings s)
    {
        var parts = new List<string>();
        if (s.Genotype != Mechanism.Genotype.WildType) parts.Add($"Y433F {s.Genotype.ToString().ToLowerInvariant()}");
        if (s.CholesterolMolPct is { } c) parts.Add($"cholesterol {F(c)} mol%");
        if (s.CholesterolDepletion > 0) parts.Add($"cholesterol depleted {F(100 * s.CholesterolDepletion)} %");
        if (s.Environment != Mechanism.LivingEnvironment.Usual) parts.Add($"environment {s.Environment.ToString().ToLowerInvariant()}");
        if (s.Exposure != Mechanism.ExposureHypothesis.Membrane) parts.Add($"TRKB reached by {s.Exposure.Name()} drug");
        if (s.Cyp2d6 != Compounds.MetaboliserPhenotype.Normal) parts.Add($"CYP2D6 {s.Cyp2d6.Name()} metaboliser");
        if (s.Cyp2c19 != Compounds.MetaboliserPhenotype.Normal) parts.Add($"CYP2C19 {s.Cyp2c19.Name()} metaboliser");
        if (s.BdnfKnockout) parts.Add("BDNF knockout");
        if (s.Exercise) parts.Add("exercise");
        if (s.Therapy) parts.Add("psychotherapy");
        if (!s.SerotoninPathway) parts.Add("serotonin pathway off");
        if (s.Stress == true) parts.Add("chronic stress");
        if (s.KetamineBdnfSynthesis == true) parts.Add("fast ketamine BDNF synthesis on");
        foreach (var (k, v) in s.ParameterOverrides.OrderBy(p => p.Key, StringComparer.Ordinal)) parts.Add($"{k} = {F(v)}");
        return parts.Count == 0 ? "defaults" : string.Join(", ", parts);
    }

    static string Band(TimeBand? b) => b is null ? "n/a" : $"{Time(b.P5)} / {Time(b.P50)} / {Time(b.P95)}";

    static string Reached(TimeBand? b, UncertaintyInfo u) => b is null ? "n/a" : $"{b.Reached} of {u.Samples - u.Failed}";

    public static string F(double v) => double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 100 ? "0" : Math.Abs(v) >= 1 ? "0.##" : "0.###", CultureInfo.InvariantCulture) : "n/a";

    public static string Time(double? hours) => hours is { } h ? (h >= 72 ? $"{F(h / 24)} d" : $"{F(h)} h") : "never";

    public static string Days(double hours) => hours >= 72 ? $"{F(hours / 24)} d" : $"{F(hours)} h";
}
