using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TrkbSim.Cli.Tests;

/// <summary>
/// A trial stopped by a signal (Ctrl+C sends SIGINT; service managers send SIGTERM) ends with exit code 130 and nothing
/// written. A real <c>trkbsim trial</c> process gets a real signal while it is writing its tables. It is started through
/// <c>env --default-signal=INT</c>: a background job of a non-interactive shell (as a test run may be) starts with SIGINT
/// ignored, as POSIX asks, and a process started so never sees Ctrl+C, so the child is given SIGINT's default disposition
/// as a terminal's foreground program has it. Every wait is bounded
/// and the child's output is collected as it comes, so a trial that ignores the signal fails the test instead of hanging
/// it, and is killed.
/// </summary>
public class TrialInterruptTests
{
    /// <summary>Start-up to streaming tables takes about 2 s here; a loaded CI machine gets far more.</summary>
    static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    /// <summary>The run checks for cancellation between subjects (milliseconds each) and then removes its staging folder.</summary>
    static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_trial_sent_a_stop_signal_stops_removes_its_output_and_exits_130(string signal)
    {
        string parent = Path.Combine(Path.GetTempPath(), "trkbsim-interrupt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(parent);
        var said = new StringBuilder();
        void Collect(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (said) said.AppendLine(e.Data);
        }
        string Said()
        {
            lock (said) return said.ToString();
        }
        // A million subjects take far longer than the test: the trial is still simulating when the signal comes.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "trkbsim.dll"), "trial", "--arm", "fluoxetine: fluoxetine 20mg oral every 24h",
            "--n", "1000000", "--weeks", "8", "--out", Path.Combine(parent, "out") })
            start.ArgumentList.Add(a);
        using var p = new Process { StartInfo = start };
        p.OutputDataReceived += Collect;
        p.ErrorDataReceived += Collect;
        bool started = false;
        try
        {
            started = p.Start();
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();

            string? staging = await StagingWithFilesAsync(parent, p);
            Assert.False(p.HasExited, $"the trial ended (exit code {(p.HasExited ? p.ExitCode : 0)}) before it could be interrupted: {Said()}");
            Assert.True(staging is not null, $"the trial wrote no files into a staging folder in {StartLimit.TotalSeconds} s: {Said()}");

            await SendAsync(signal, p.Id);
            using (var limit = new CancellationTokenSource(StopLimit))
            {
                try { await p.WaitForExitAsync(limit.Token); }
                catch (OperationCanceledException) { Assert.Fail($"the trial still ran {StopLimit.TotalSeconds} s after SIG{signal}: {Said()}"); }
            }
            Assert.True(p.ExitCode == 130, $"exit code {p.ExitCode}, not 130: {Said()}");
            Assert.Contains("interrupted; the trial stopped and nothing was written", Said());
            Assert.Empty(Directory.GetFileSystemEntries(parent)); // neither the staging folder (with its tables) nor --out
        }
        finally
        {
            // Never leave a million-subject trial running after a failed test.
            if (started && !p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(TimeSpan.FromSeconds(10));
            }
            Directory.Delete(parent, recursive: true);
        }
    }

    /// <summary>The run's hidden staging folder in <paramref name="parent"/> once it holds a file (the streamed tables), or null.</summary>
    static async Task<string?> StagingWithFilesAsync(string parent, Process trial)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartLimit && !trial.HasExited)
        {
            foreach (var dir in Directory.EnumerateDirectories(parent))
                if (Directory.EnumerateFiles(dir).Any()) return dir;
            await Task.Delay(100);
        }
        return null;
    }

    /// <summary>Sends SIG<paramref name="signal"/> to process <paramref name="pid"/> with kill(1), which must succeed.</summary>
    static async Task SendAsync(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await kill.WaitForExitAsync(limit.Token);
        Assert.True(kill.ExitCode == 0, $"kill -{signal} {pid} failed with exit code {kill.ExitCode}");
    }
}
