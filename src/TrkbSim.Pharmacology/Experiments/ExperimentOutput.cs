using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScottPlot;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Experiments;

/// <summary>
/// Files of an experiment run: result.json (groups, readouts with mean, SEM and n, comparisons, expectations),
/// one time-course CSV per group, a bar plot per readout, a time-course plot per recorded variable, summary.md.
/// </summary>
public static class ExperimentOutput
{
    /// <summary>The versioned format written first in result.json (docs/interop.md).</summary>
    public const string ResultFormat = "trkbsim-experiment-result/1";

    public static IReadOnlyList<string> Write(ExperimentResult r, string dir, bool plots = true)
    {
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        string json = Path.Combine(dir, "result.json");
        File.WriteAllText(json, Json(r));
        files.Add(json);
        foreach (var g in r.Groups)
        {
            string csv = Path.Combine(dir, $"{g.Name}.csv");
            WriteCsv(r, g, csv);
            files.Add(csv);
        }
        if (plots)
        {
            foreach (var ro in r.Protocol.Readouts) files.Add(BarPlot(r, ro, dir));
            foreach (var (v, k) in r.Protocol.TimeCourse.Select((v, k) => (v, k))) files.Add(TimeCoursePlot(r, v, k, dir));
        }
        string md = Path.Combine(dir, "summary.md");
        File.WriteAllText(md, Markdown(r));
        files.Add(md);
        return files;
    }

    public static string Json(ExperimentResult r)
    {
        var groups = new JsonObject();
        foreach (var g in r.Groups)
        {
            var readouts = new JsonObject();
            foreach (var ro in r.Protocol.Readouts)
            {
                var s = g.Stats[ro.Name];
                readouts[ro.Name] = new JsonObject { ["mean"] = Num(s.Mean), ["sem"] = Num(s.Sem), ["n"] = s.N };
            }
            groups[g.Name] = readouts;
        }
        var root = new JsonObject
        {
            ["format"] = ResultFormat,
            ["experiment"] = r.Protocol.Name,
            ["species"] = r.Species.Name(),
            ["drug"] = r.Drug,
            ["genotype"] = r.Genotype is { } gt ? gt.Name() : null,
            ["seed"] = r.Seed,
            ["animals_per_group"] = r.Animals,
            ["groups"] = groups,
            ["comparisons"] = new JsonArray([.. r.Comparisons.Select(c => (JsonNode)new JsonObject
            {
                ["readout"] = c.Readout,
                ["groups"] = new JsonArray(c.GroupA, c.GroupB),
                ["difference"] = Num(c.Test.Difference),
                ["t"] = Num(c.Test.T),
                ["df"] = Num(c.Test.Df),
                ["p"] = Num(c.Test.P),
                ["test"] = "Welch two-sided t-test",
            })]),
            ["expectations"] = new JsonArray([.. r.Expectations.Select(e => (JsonNode)new JsonObject
            {
                ["claim"] = e.Claim, ["holds"] = e.Holds, ["detail"] = e.Detail, ["source"] = e.Source,
            })]),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>JSON number, or null for NaN and infinities.</summary>
    static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    static void WriteCsv(ExperimentResult r, GroupResult g, string path)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.Write(string.Join(',', new[] { RegimenColumns.Time }.Concat(r.Protocol.TimeCourse)));
        w.Write('\n');
        for (int i = 0; i < g.Times.Length; i++)
        {
            w.Write(g.Times[i].ToString("R", CultureInfo.InvariantCulture));
            foreach (var c in g.TimeCourse) { w.Write(','); w.Write(c[i].ToString("R", CultureInfo.InvariantCulture)); }
            w.Write('\n');
        }
    }

    /// <summary>Bar plot (mean ± SEM per group) of one readout, written as readout_NAME.png in <paramref name="dir"/>, or to <paramref name="path"/>.</summary>
    public static string BarPlot(ExperimentResult r, ExperimentReadout ro, string dir, string? path = null)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < r.Groups.Length; i++)
        {
            var s = r.Groups[i].Stats[ro.Name];
            bars.Add(new Bar { Position = i, Value = s.Mean, Error = double.IsFinite(s.Sem) ? s.Sem : 0, FillColor = palette.GetColor(i) });
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. r.Groups.Select((g, i) => new Tick(i, g.Name))]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 150;
        plot.Axes.Margins(bottom: 0);
        plot.Title($"{r.Protocol.Title}: {ro.Name} (mean ± SEM, n = {r.Animals})");
        plot.YLabel(ro.Unit.Length > 0 ? $"{ro.Name} ({ro.Unit})" : ro.Name);
        path ??= Path.Combine(dir, $"readout_{ro.Name}.png");
        PlotKit.Save(plot, path);
        return path;
    }

    static string TimeCoursePlot(ExperimentResult r, string variable, int k, string dir)
    {
        var plot = new Plot();
        double longest = r.Groups.Max(g => g.Times[^1]);
        var (f, xLabel) = PlotKit.TimeAxis(longest);
        foreach (var g in r.Groups) PlotKit.Line(plot, PlotKit.Scale([.. g.Times], f), g.TimeCourse[k], g.Name);
        PlotKit.Finish(plot, $"{r.Protocol.Title}: {variable} (mean of the animals)", xLabel, variable);
        string path = Path.Combine(dir, $"timecourse_{variable}.png");
        PlotKit.Save(plot, path);
        return path;
    }

    /// <summary>A readable summary: groups, readouts (mean ± SEM), comparisons with p, expectations held or not.</summary>
    public static string Markdown(ExperimentResult r)
    {
        var p = r.Protocol;
        var sb = new StringBuilder();
        sb.Append($"# Experiment `{p.Name}`: {p.Title}\n\n{p.Description}\n\n");
        sb.Append($"Species {r.Species.Name()}; drug of the drug groups: `{r.Drug}`; {r.Animals} animals per group; seed {r.Seed}");
        if (r.Genotype is { } gt) sb.Append($"; genotype {gt.Name()} in every group");
        sb.Append(".\n\nPhases: ").Append(string.Join(", ", p.Phases.Select(x => $"{x.Name} {Scenarios.ScenarioMarkdown.Days(x.DurationHours)}"))).Append(".\n\n");
        sb.Append("## Readouts (mean ± SEM)\n\n| group | ").Append(string.Join(" | ", p.Readouts.Select(x => x.Unit.Length > 0 ? $"{x.Name} ({x.Unit})" : x.Name)))
          .Append(" |\n|---|").Append(string.Concat(p.Readouts.Select(_ => "---|"))).Append('\n');
        foreach (var g in r.Groups)
            sb.Append($"| {g.Name} | ").Append(string.Join(" | ", p.Readouts.Select(x => $"{F(g.Stats[x.Name].Mean)} ± {F(g.Stats[x.Name].Sem)}"))).Append(" |\n");
        if (r.Comparisons.Length > 0)
        {
            sb.Append("\n## Comparisons (Welch two-sided t-test)\n\n| readout | groups | difference | t | df | p |\n|---|---|---|---|---|---|\n");
            foreach (var c in r.Comparisons)
                sb.Append($"| {c.Readout} | {c.GroupA} vs {c.GroupB} | {F(c.Test.Difference)} | {F(c.Test.T)} | {F(c.Test.Df)} | {ExperimentRunner.FormatP(c.Test.P)} |\n");
        }
        if (r.Expectations.Length > 0)
        {
            sb.Append($"\n## Published results ({r.Expectations.Count(e => e.Holds)} of {r.Expectations.Length} reproduced)\n\n| claim | reproduced | model | source |\n|---|---|---|---|\n");
            foreach (var e in r.Expectations)
                sb.Append($"| {e.Claim} | {(e.Holds ? "yes" : "**no**")} | {e.Detail} | {e.Source} |\n");
        }
        return sb.ToString();
    }

    static string F(double v) => ExperimentRunner.F(v);
}
