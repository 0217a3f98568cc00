using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TrkbSim.Cli.Tests;

/// <summary>The project graph is the one docs/architecture.md states, and every reference points up the list (no arrow back).</summary>
public sealed partial class ArchitectureTests
{
    [GeneratedRegex(@"^\| (TrkbSim\.\w+) \| ([^|]*) \|$", RegexOptions.Multiline)]
    private static partial Regex Row();

    [Fact]
    public void ProjectReferencesAreThoseTheArchitecturePageListsAndPointUpward()
    {
        string root = CliHarness.RepositoryRoot();
        string doc = File.ReadAllText(Path.Combine(root, "docs", "architecture.md"));
        var documented = Row().Matches(doc).ToDictionary(m => m.Groups[1].Value,
            m => m.Groups[2].Value.Trim() == "(none)" ? [] : m.Groups[2].Value.Split(',').Select(x => x.Trim()).Order().ToArray());
        var order = documented.Keys.ToList();
        var projects = Directory.GetDirectories(Path.Combine(root, "src")).Select(Path.GetFileName).OfType<string>()
            .Where(n => File.Exists(Path.Combine(root, "src", n, n + ".csproj"))).Order().ToList();
        Assert.Equal(projects, documented.Keys.Order().ToList());
        foreach (var project in projects)
        {
            var refs = XDocument.Load(Path.Combine(root, "src", project, project + ".csproj"))
                .Descendants("ProjectReference").Select(e => Path.GetFileNameWithoutExtension(((string)e.Attribute("Include")!).Replace('\\', '/'))).Order().ToArray();
            Assert.True(refs.SequenceEqual(documented[project]), $"{project} references {string.Join(", ", refs)}; docs/architecture.md says {string.Join(", ", documented[project])}");
            foreach (var r in refs)
                Assert.True(order.IndexOf(r) < order.IndexOf(project), $"{project} -> {r} points down the list");
        }
    }
}
