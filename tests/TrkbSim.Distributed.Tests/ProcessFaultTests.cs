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
            FinishesLikeALocalRun(client, clientLog, Trial, tmp);

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

    [Fact]
    public void With_a_membership_folder_the_first_silo_may_die_and_the_trial_completes_with_identical_results()
    {
        // Development clustering stops with its primary silo; with the membership table in a shared folder no silo is
        // special. The first silo started is killed while it works, and the client (which found its gateways in the
        // folder, the killed silo's among them) finishes on the other one.
        string tmp = Paths.Temp();
        using var procs = new ProcessCluster();
        try
        {
            string folder = Path.Combine(tmp, "membership");
            var first = procs.Silo(membership: folder);
            var second = procs.Silo(membership: folder);
            var clientLog = new StringBuilder();
            var client = procs.Start(clientLog, [.. Trial, "--seed", "11", "--cluster", folder, "--out", Path.Combine(tmp, "cluster")]);
            ProcessCluster.WaitUntilBusy(first.Process, 1.0, TimeSpan.FromSeconds(60));
            Assert.False(client.HasExited, "the client finished before the first silo could be killed: " + ProcessCluster.Text(clientLog));
            first.Process.Kill();
            FinishesLikeALocalRun(client, clientLog, [.. Trial, "--seed", "11"], tmp);
            Assert.False(second.Process.HasExited, "the surviving silo stopped");
            // The table in the folder records the killed silo's death (voted by the survivor).
            Assert.Contains("\"Dead\"", File.ReadAllText(Path.Combine(folder, FolderMembershipTable.FileName)), StringComparison.Ordinal);

            // A sensitivity run finds the surviving silo through the same folder, with the local run's indices.
            string[] sobol = ["sensitivity", Path.Combine(Paths.RepoRoot(), "examples", "ishigami.ant"), "--output", "Y", "--time", "0", "--method", "sobol",
                "--param", "x1=uniform(-3.14159,3.14159)", "--param", "x2=uniform(-3.14159,3.14159)", "--param", "x3=uniform(-3.14159,3.14159)", "--samples", "64"];
            var sensitivityLog = new StringBuilder();
            var sensitivity = procs.Start(sensitivityLog, [.. sobol, "--cluster", folder, "--out", Path.Combine(tmp, "sobol-cluster.json")]);
            Assert.True(sensitivity.WaitForExit(120_000), "sensitivity did not finish: " + ProcessCluster.Text(sensitivityLog));
            sensitivity.WaitForExit();
            Assert.True(sensitivity.ExitCode == 0, ProcessCluster.Text(sensitivityLog));
            Assert.Equal(0, TrkbSim.Cli.Program.Run([.. sobol, "--out", Path.Combine(tmp, "sobol-local.json")], TextWriter.Null));
            Assert.Equal(File.ReadAllBytes(Path.Combine(tmp, "sobol-local.json")), File.ReadAllBytes(Path.Combine(tmp, "sobol-cluster.json")));
        }
        finally
        {
            // The surviving silo keeps writing its i-am-alive stamps into the folder: stop it before removing the folder.
            procs.Dispose();
            Directory.Delete(tmp, recursive: true);
        }
    }

    [Fact]
    public void Membership_mistakes_are_usage_errors_that_name_what_is_wrong()
    {
        string tmp = Paths.Temp();
        try
        {
            string file = Path.Combine(tmp, "a-file");
            File.WriteAllText(file, "x");
            int port = ProcessCluster.FreePort(), gateway = ProcessCluster.FreePort();
            (int Code, string Said) Run(params string[] args)
            {
                var err = new StringWriter();
                int code = TrkbSim.Cli.Program.Run(args, err);
                return (code, err.ToString());
            }
            var both = Run("cluster", "silo", "--port", $"{port}", "--gateway", $"{gateway}", "--join", "127.0.0.1:1", "--membership", Path.Combine(tmp, "m"));
            Assert.Equal(2, both.Code);
            Assert.Contains("--join and --membership both given", both.Said, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(tmp, "m")), "a refused silo made its membership folder");
            var notFolder = Run("cluster", "silo", "--port", $"{port}", "--gateway", $"{gateway}", "--membership", file);
            Assert.Equal(2, notFolder.Code);
            Assert.Contains($"--membership {file}: this is a file", notFolder.Said, StringComparison.Ordinal);
            Assert.Equal("x", File.ReadAllText(file));
            // A --cluster value that is neither HOST:PORT nor a folder says both forms; an empty folder has no cluster.
            var neither = Assert.Throws<ClusterException>(() => ClusterConnection.Connect(Path.Combine(tmp, "no-such-folder")));
            Assert.Contains("or the silos' --membership folder", neither.Message, StringComparison.Ordinal);
            var empty = Assert.Throws<ClusterException>(() => ClusterConnection.Connect(tmp, TimeSpan.FromSeconds(2)));
            Assert.Contains("cannot reach a TrkbSim cluster through that folder", empty.Message, StringComparison.Ordinal);
        }
        finally { Directory.Delete(tmp, recursive: true); }
    }

    /// <summary>
    /// Waits for a client writing to <c>tmp/cluster</c> to finish (exit 0), runs <paramref name="trial"/> locally into
    /// <c>tmp/local</c>, and compares the result files byte for byte.
    /// </summary>
    static void FinishesLikeALocalRun(System.Diagnostics.Process client, StringBuilder clientLog, string[] trial, string tmp)
    {
        // The client gives up a killed silo's calls after 4x its slowest answer (at least 20 s): minutes on a loaded machine.
        Assert.True(client.WaitForExit(240_000), "client did not finish: " + ProcessCluster.Text(clientLog));
        client.WaitForExit();
        Assert.True(client.ExitCode == 0, ProcessCluster.Text(clientLog));
        var local = TrkbSim.Cli.Program.Run([.. trial, "--threads", "2", "--out", Path.Combine(tmp, "local")], TextWriter.Null);
        Assert.Equal(0, local);
        foreach (var file in new[] { "summary.csv", "subjects.csv", "time_to_response.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(tmp, "local", file)), File.ReadAllBytes(Path.Combine(tmp, "cluster", file)));
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
