using System.Text;

namespace TrkbSim.Distributed.Tests;

/// <summary>Faults with real processes: silos and clients started with the trkbsim command and killed.</summary>
public sealed class ProcessFaultTests
{
    // Long enough that the client is still waiting for chunks when a silo is killed: 2 x 700 subjects for one week took
    // only 2.4 s once subjects got cheaper, and the client finished before the second silo had worked 1 s.
    static readonly string[] Trial =
        ["trial", "--arm", "fluoxetine: fluoxetine 20mg oral every 24h", "--arm", "control: placebo", "--n", "4000", "--weeks", "8", "--timecourses", "none"];

    [Fact]
    public void A_killed_silo_has_its_chunks_rerun_elsewhere_and_a_killed_client_leaves_no_output()
    {
        string tmp = Paths.Temp();
        using var procs = new ProcessCluster();
        try
        {
            var primary = procs.Silo();
            var second = procs.Silo(join: primary.Port);
            var clientLog = new StringBuilder();
            var client = procs.Start(clientLog, [.. Trial, "--cluster", $"127.0.0.1:{primary.Gateway}", "--out", Path.Combine(tmp, "cluster")]);
            // Kill the second silo once it is working on chunks (it compiles the model and simulates: its CPU time rises).
            ProcessCluster.WaitUntilBusy(second.Process, 1.0, TimeSpan.FromSeconds(60));
            Assert.False(client.HasExited, "the client finished before the silo could be killed: " + ProcessCluster.Text(clientLog));
            second.Process.Kill();
            // The client gives up the killed silo's calls after 4x its slowest answer (at least 20 s): minutes on a loaded machine.
            Assert.True(client.WaitForExit(240_000), "client did not finish: " + ProcessCluster.Text(clientLog));
            client.WaitForExit();
            Assert.True(client.ExitCode == 0, ProcessCluster.Text(clientLog));

            var local = TrkbSim.Cli.Program.Run([.. Trial, "--threads", "2", "--out", Path.Combine(tmp, "local")], TextWriter.Null);
            Assert.Equal(0, local);
            foreach (var file in new[] { "summary.csv", "subjects.csv", "time_to_response.csv" })
                Assert.Equal(File.ReadAllBytes(Path.Combine(tmp, "local", file)), File.ReadAllBytes(Path.Combine(tmp, "cluster", file)));

            // A client killed while the silo works for it leaves no output folder (only its hidden staging folder,
            // which the next run beside it clears).
            string killed = Path.Combine(tmp, "killed");
            var log = new StringBuilder();
            var doomed = procs.Start(log, [.. Trial, "--seed", "5", "--cluster", $"127.0.0.1:{primary.Gateway}", "--out", killed]);
            // The silo's CPU can rise before any chunk arrives (the client connecting, cluster housekeeping): first wait for the client's
            // staging folder (made just before it sends chunks), then for the silo to work on them.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!doomed.HasExited && !Staged(tmp) && clock.Elapsed < TimeSpan.FromSeconds(120)) Thread.Sleep(50);
            Assert.True(Staged(tmp), "the client made no staging folder: " + ProcessCluster.Text(log));
            ProcessCluster.WaitUntilBusy(primary.Process, 0.3, TimeSpan.FromSeconds(60));
            Assert.False(doomed.HasExited, ProcessCluster.Text(log));
            doomed.Kill();
            doomed.WaitForExit();
            Assert.False(Directory.Exists(killed));
            Assert.True(Staged(tmp));
        }
        finally { Directory.Delete(tmp, recursive: true); }
    }

    /// <summary>Whether the "killed" run's hidden staging folder is in <paramref name="tmp"/>.</summary>
    static bool Staged(string tmp) =>
        Directory.EnumerateDirectories(tmp).Any(d => Path.GetFileName(d).StartsWith(".killed", StringComparison.Ordinal));

    [Fact]
    public void A_silo_that_cannot_reach_the_cluster_says_so_and_exits_non_zero()
    {
        using var procs = new ProcessCluster();
        var log = new StringBuilder();
        int nobody = ProcessCluster.FreePort();
        var silo = procs.Start(log, "cluster", "silo", "--port", $"{ProcessCluster.FreePort()}", "--gateway", $"{ProcessCluster.FreePort()}",
            "--join", $"127.0.0.1:{nobody}", "--join-timeout", "2s");
        Assert.True(silo.WaitForExit(30_000), "silo kept running");
        silo.WaitForExit();
        Assert.NotEqual(0, silo.ExitCode);
        Assert.Contains($"--join 127.0.0.1:{nobody}: cannot reach the cluster", ProcessCluster.Text(log), StringComparison.Ordinal);
    }
}
