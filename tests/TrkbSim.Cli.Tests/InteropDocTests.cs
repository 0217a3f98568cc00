using System.Text.RegularExpressions;

namespace TrkbSim.Cli.Tests;

/// <summary>
/// docs/interop.md documents the versioned formats the program reads and writes: every "trkbsim-NAME/N" literal in
/// the source is listed there, and the page names none that the source no longer has.
/// </summary>
public partial class InteropDocTests
{
    [GeneratedRegex(@"trkbsim-[a-z0-9-]+/[0-9]+")]
    private static partial Regex FormatId();

    static SortedSet<string> InSource()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        string src = Path.Combine(CliHarness.RepositoryRoot(), "src");
        foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal)) continue;
            foreach (Match m in FormatId().Matches(File.ReadAllText(file))) found.Add(m.Value);
        }
        return found;
    }

    static string Page() => File.ReadAllText(Path.Combine(CliHarness.RepositoryRoot(), "docs", "interop.md"));

    [Fact]
    public void EveryFormatTheSourceNamesIsDocumented()
    {
        string page = Page();
        var formats = InSource();
        Assert.True(formats.Count >= 10, $"only {formats.Count} formats found in src/");
        var missing = formats.Where(f => !page.Contains($"`{f}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "docs/interop.md does not document: " + string.Join(", ", missing));
    }

    [Fact]
    public void TheInteropPageNamesNoFormatTheSourceLacks()
    {
        var formats = InSource();
        var stale = FormatId().Matches(Page()).Select(m => m.Value).Distinct().Where(f => !formats.Contains(f)).ToList();
        Assert.True(stale.Count == 0, "docs/interop.md names formats the program does not know: " + string.Join(", ", stale));
    }
}
