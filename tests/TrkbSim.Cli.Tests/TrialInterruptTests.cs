using System.Diagnostics;

namespace TrkbSim.Cli.Tests;

/// <summary>A trial stopped by a signal (Ctrl+C sends SIGINT; service managers send SIGTERM) ends with nothing written.</summary>
public class TrialInterruptTests
{
    [Fact]
    public async Task A_signalled_trial_stops_removes_its_output_and_exits_130()
    {
        string parent = Path.Combine(Path.GetTempPath(), "trkbsim-interrupt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(parent);
        Process? p = null;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "trkbsim.dll"), "trial", "--arm", "fluoxetine: fluoxetine 20mg oral every 24h",
                "--n", "1000000", "--weeks", "8", "--out", Path.Combine(parent, "out") })
                start.ArgumentList.Add(a);
            p = Process.Start(start)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEndAsync();
            // Wait until the run has its (hidden) staging folder and is simulating.
            var clock = Stopwatch.StartNew();
            while (Directory.GetFileSystemEntries(parent).Length == 0 && clock.Elapsed < TimeSpan.FromSeconds(120) && !p.HasExited)
                await Task.Delay(100);
            Assert.False(p.HasExited, "the trial ended before it could be interrupted: " + await stderr);
            await Task.Delay(500);
            // SIGTERM: a shell may start background processes with SIGINT ignored; both signals take the same path.
            using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
                await kill.WaitForExitAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await p.WaitForExitAsync(limit.Token);
            await stdout;
            Assert.Equal(130, p.ExitCode);
            Assert.Contains("interrupted; the trial stopped and nothing was written", await stderr);
            Assert.Empty(Directory.GetFileSystemEntries(parent));
        }
        finally
        {
            // Never leave a million-subject trial running after a failed test.
            if (p is { HasExited: false }) p.Kill(entireProcessTree: true);
            p?.WaitForExit();
            p?.Dispose();
            Directory.Delete(parent, recursive: true);
        }
    }
}
