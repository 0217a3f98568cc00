using System.Text.RegularExpressions;

namespace TrkbSim.Cli.Tests;

/// <summary>
/// docs/cli.md shows every command's own --help text. Fails when one is out of date; with TRKBSIM_UPDATE_DOCS=1 the
/// blocks are rewritten from the commands.
/// </summary>
[Collection("cli")]
public sealed partial class CliReferenceTests
{
    [GeneratedRegex(@"^### (trkbsim [^\n]+)\n\n```\n(.*?)```\n", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Section();

    static string Help(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1);
        var (code, stdout, err) = CliHarness.Run([.. words, "--help"]);
        Assert.True(code == 0, $"{command} --help: {err}");
        // In-process the program is named after the test host; the installed command is trkbsim.
        return UsageName().Replace(stdout.Replace("\r\n", "\n"), "Usage:\n  trkbsim ");
    }

    [GeneratedRegex(@"Usage:\n  \S+ ")]
    private static partial Regex UsageName();

    [Fact]
    public void EachCommandIsRegisteredUnderItsOwnName()
    {
        // A command line naming a command is parsed against a tree holding that command alone, found by this name.
        foreach (var (name, create) in Program.Commands) Assert.Equal(name, create().Name);
        Assert.Equal(Program.Commands.Select(c => c.Name), Program.BuildRoot().Subcommands.Select(c => c.Name));
        Assert.Equal(Program.Commands.Count, Program.Commands.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void DocsCliMdHoldsEveryCommandsCurrentHelpText()
    {
        string path = Path.Combine(CliHarness.RepositoryRoot(), "docs", "cli.md");
        string doc = File.ReadAllText(path).Replace("\r\n", "\n");
        var sections = Section().Matches(doc);
        Assert.True(sections.Count >= 10, $"docs/cli.md has {sections.Count} command sections");
        string updated = Section().Replace(doc, m => $"### {m.Groups[1].Value}\n\n```\n{Help(m.Groups[1].Value)}```\n");
        if (Environment.GetEnvironmentVariable("TRKBSIM_UPDATE_DOCS") == "1") File.WriteAllText(path, updated);
        var stale = sections.Where(m => m.Groups[2].Value != Help(m.Groups[1].Value)).Select(m => m.Groups[1].Value).ToList();
        Assert.True(stale.Count == 0 || Environment.GetEnvironmentVariable("TRKBSIM_UPDATE_DOCS") == "1",
            $"docs/cli.md is out of date for: {string.Join(", ", stale)}; regenerate with TRKBSIM_UPDATE_DOCS=1 dotnet test tests/TrkbSim.Cli.Tests --filter CliReferenceTests");

        // Every command of the program has a section.
        var (_, top, _) = CliHarness.Run("--help");
        var commands = top[(top.IndexOf("Commands:", StringComparison.Ordinal) + 9)..].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim().Split(' ')[0]).Where(w => w.Length > 0);
        foreach (var c in commands)
            Assert.True(sections.Any(m => m.Groups[1].Value == $"trkbsim {c}" || m.Groups[1].Value.StartsWith($"trkbsim {c} ", StringComparison.Ordinal)),
                $"docs/cli.md has no section for 'trkbsim {c}'");
    }
}
