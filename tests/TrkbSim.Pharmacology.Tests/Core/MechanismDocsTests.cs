using System.Globalization;
using System.Text.RegularExpressions;

namespace TrkbSim.Pharmacology.Tests.Core;

/// <summary>Keeps the core's parameter documentation (comments and docs/mechanism.md) in step with the model text.</summary>
public sealed class MechanismDocsTests
{
    private static readonly string DocsPath = Path.Combine(CoreModelText.RepositoryRoot, "docs", "mechanism.md");

    [Fact]
    public void EveryParameterIsANumberWithUnitStatusAndSource()
    {
        var documented = CoreModelText.Parameters.Select(p => p.Id).ToHashSet();
        var undocumented = CoreModelText.ValueLines.Where(v => !documented.Contains(v.Id))
            .Select(v => $"line {v.Line}: {v.Text}").ToList();
        Assert.True(undocumented.Count == 0,
            "Parameters must read 'id = number; // [unit; status; ...] source':\n" + string.Join('\n', undocumented));
        Assert.True(CoreModelText.Parameters.Count >= 40, $"only {CoreModelText.Parameters.Count} parameters found");
        foreach (var p in CoreModelText.Parameters)
        {
            Assert.True(CoreModelText.Statuses.Contains(p.Status), $"{p.Id} (line {p.Line}): status '{p.Status}' is not one of {string.Join(", ", CoreModelText.Statuses)}");
            Assert.False(string.IsNullOrWhiteSpace(p.Unit), $"{p.Id} (line {p.Line}) has no unit");
            Assert.True(p.Source.Length >= 10, $"{p.Id} (line {p.Line}) gives no source or reasoning");
        }
    }

    [Fact]
    public void ParameterIdsAreDefinedOnce()
    {
        var twice = CoreModelText.ValueLines.GroupBy(v => v.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, "defined more than once: " + string.Join(", ", twice));
    }

    [Fact]
    public void DocsTableMatchesTheModelText()
    {
        var docs = File.ReadAllText(DocsPath).Replace("\r\n", "\n");
        var table = Regex.Match(docs, @"<!-- parameter-table:begin -->\n(.*?)\n<!-- parameter-table:end -->", RegexOptions.Singleline);
        Assert.True(table.Success, "docs/mechanism.md lacks the parameter-table markers");
        var rows = table.Groups[1].Value.Split('\n').Skip(2)
            .Select(r => r.Split('|').Select(c => c.Trim()).ToArray())
            .ToDictionary(c => c[1].Trim('`'), c => c);
        var problems = new List<string>();
        foreach (var p in CoreModelText.Parameters)
        {
            if (!rows.TryGetValue(p.Id, out var row)) { problems.Add($"{p.Id}: missing"); continue; }
            if (!double.TryParse(row[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v != p.Value)
                problems.Add($"{p.Id}: value {row[2]} in docs, {p.Value} in model");
            if (row[4] != p.Status) problems.Add($"{p.Id}: status {row[4]} in docs, {p.Status} in model");
        }
        var ids = CoreModelText.Parameters.Select(p => p.Id).ToHashSet();
        problems.AddRange(rows.Keys.Where(k => !ids.Contains(k)).Select(k => $"{k}: in docs but not in the model"));
        Assert.True(problems.Count == 0,
            string.Join('\n', problems) + "\n\nTable for docs/mechanism.md:\n" + CoreModelText.ExpectedTable());
    }

    [Fact]
    public void CoreModelIsEmbeddedInThePharmacologyAssembly()
    {
        var assembly = System.Reflection.Assembly.Load("TrkbSim.Pharmacology");
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("trkb_core.ant", StringComparison.Ordinal));
        Assert.NotNull(name);
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        Assert.Equal(CoreModelText.Text, reader.ReadToEnd());
    }
}
