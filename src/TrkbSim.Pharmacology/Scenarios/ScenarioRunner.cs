using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Scenarios;

/// <summary>
/// Runs a named scenario: every run is simulated (in parallel), then per-run CSV and summary JSON, one overlay
/// plot per key output and <c>summary.md</c> (the comparison in numbers) are written to the output folder.
/// </summary>
public static class ScenarioRunner
{
    /// <summary>Names of the registered scenarios.</summary>
    public static IReadOnlyList<string> List() => ScenarioRegistry.Names;

    public static ScenarioReport Run(string name, string outDir, bool plots = true, UncertaintyRequest? uncertainty = null) =>
        Run(ScenarioRegistry.Get(name), outDir, plots, uncertainty);

    public static ScenarioReport Run(ScenarioDefinition scenario, string outDir, bool plots = true, UncertaintyRequest? uncertainty = null)
    {
        var results = Simulate(scenario, uncertainty);
        Directory.CreateDirectory(outDir);
        var files = new List<string>();
        foreach (var (run, result) in scenario.Runs.Zip(results.Results))
            files.AddRange(RegimenRunner.WriteOutputs(result, outDir, Slug(run.Label), plots: false));
        if (plots)
            foreach (string column in scenario.KeyOutputs)
                files.Add(OverlayPlotter.Write(results, column, outDir));

        var findings = scenario.Compare(results);
        string markdown = ScenarioMarkdown.Render(results, findings);
        string md = Path.Combine(outDir, "summary.md");
        File.WriteAllText(md, markdown);
        files.Add(md);
        return new ScenarioReport(scenario.Name, [.. findings], markdown, [.. files]) { Results = results };
    }

    /// <summary>
    /// Simulates every run of the scenario without writing files; with <paramref name="uncertainty"/>, every run also gets
    /// 5/50/95 % bands from that many samples (run i uses seed + i, so runs do not share draws by accident).
    /// </summary>
    public static ScenarioResults Simulate(ScenarioDefinition scenario, UncertaintyRequest? uncertainty = null)
    {
        var results = new RegimenResult[scenario.Runs.Length];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var run = scenario.Runs[i];
            var options = new RegimenRunOptions
            {
                DurationHours = run.DurationHours,
                OutputStepHours = run.OutputStepHours,
                Library = scenario.Library,
            };
            results[i] = uncertainty is { } u
                ? UncertaintyRunner.Run(run.Settings, options, u.Samples, unchecked(u.Seed + i))
                : RegimenRunner.Run(run.Settings, options);
        });
        return new ScenarioResults(scenario, results);
    }

    /// <summary>File-name form of a run label: lower case, letters and digits, words joined by '-'.</summary>
    public static string Slug(string label)
    {
        var chars = label.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        string s = new(chars);
        while (s.Contains("--", StringComparison.Ordinal)) s = s.Replace("--", "-", StringComparison.Ordinal);
        return s.Trim('-');
    }
}
