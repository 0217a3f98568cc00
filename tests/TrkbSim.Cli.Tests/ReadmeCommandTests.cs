using System.Diagnostics;

namespace TrkbSim.Cli.Tests;

/// <summary>
/// Every `trkbsim` line of the README's command list is valid bash as pasted (no '|' meaning "or", brackets and
/// parentheses quoted) and, split into words the way bash splits it, is a command line the parser accepts.
/// </summary>
public class ReadmeCommandTests
{

    /// <summary>The README's command lines: those indented by four spaces that start with `trkbsim `.</summary>
    internal static string[] CommandLines() =>
        [.. File.ReadAllLines(Path.Combine(CliHarness.RepositoryRoot(), "README.md"))
            .Where(l => l.StartsWith("    trkbsim ", StringComparison.Ordinal))
            .Select(l => l.Trim())];

    public static TheoryData<string> Lines() => [.. CommandLines()];

    /// <summary>The words bash makes of the text (quotes removed), or the error bash reports.</summary>
    internal static string[] BashWords(string text)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("printf '%s\\0' " + text);
        using var bash = Process.Start(start)!;
        string output = bash.StandardOutput.ReadToEnd();
        string error = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0 && error.Length == 0, $"bash refuses '{text}': {error}");
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void ACommandLineOfTheReadmeIsValidBashAndACommandTheParserAccepts(string line)
    {
        string command = line.Split(" #", 2)[0];
        Assert.DoesNotContain(" | ", command);
        var words = BashWords(command["trkbsim ".Length..]);
        var parsed = Program.BuildRoot().Parse(words);
        Assert.True(parsed.Errors.Count == 0, $"'{line}': {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
    }

    [Fact]
    public void TheReadmeListsCommands() => Assert.True(CommandLines().Length >= 20);
}
