using System.Diagnostics;

namespace TrkbSim.Cli.Tests;

/// <summary>The code follows .editorconfig: `dotnet format whitespace --verify-no-changes` reports nothing.</summary>
public sealed class CodeStyleTests
{
    [Fact]
    public async Task DotnetFormatFindsNothingToChange()
    {
        string root = AppContext.BaseDirectory;
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrkbSim.slnx"))) { root = dir.FullName; break; }
        var start = new ProcessStartInfo("dotnet", ["format", "whitespace", "TrkbSim.slnx", "--verify-no-changes"])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(limit.Token);
        string report = await stdout + await stderr;
        Assert.True(p.ExitCode == 0, "dotnet format whitespace --verify-no-changes reports:\n" + string.Join('\n', report.Split('\n').Take(20)) +
            "\nrun `dotnet format whitespace TrkbSim.slnx` to fix");
    }
}
