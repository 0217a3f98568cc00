using System.CommandLine;
using System.Net;
using TrkbSim.Cli.Options;
using TrkbSim.Distributed;
using TrkbSim.Trials;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim cluster silo [--port] [--gateway] [--join HOST:PORT | --membership DIR] [--address] [--threads N]</c>, and the shared <c>--cluster</c> option.</summary>
public static class ClusterCommand
{
    public static Command Create()
    {
        var port = TypedOptions.Count("--port", "Silo-to-silo port (default 11111)", 1, 65535);
        var gateway = TypedOptions.Count("--gateway", "Port that clients (--cluster HOST:GATEWAY) connect to (default 30000)", 1, 65535);
        var join = new Option<string?>("--join") { Description = "HOST:PORT of the primary silo (its --port) to join; without it (and without --membership) this silo is the primary" };
        var membership = new Option<string?>("--membership")
        {
            Description = "A folder every silo and client can write (e.g. on a shared file system) that holds the cluster's membership: no silo is primary and any may die; clients give the folder to --cluster",
        };
        var address = new Option<string?>("--address") { Description = "IP address this silo listens on and tells the others (default 127.0.0.1; give the machine's address for a cluster of several machines)" };
        var threads = TypedOptions.Count("--threads", "Threads for each chunk this silo runs (default: all cores)", 1, TrialOptions.MaxThreads);
        var joinTimeout = TypedOptions.Budget("--join-timeout", "Give up (exit non-zero) when the cluster cannot be reached in this time: 30s (default), 2min");
        var silo = new Command("silo", "Start a silo of a TrkbSim cluster; it runs trial chunks and sensitivity samples sent with --cluster until stopped (Ctrl+C)")
        {
            port, gateway, join, membership, address, threads, joinTimeout,
        };
        silo.SetAction(pr =>
        {
            if (pr.GetValue(join) is not null && pr.GetValue(membership) is not null)
                throw new UsageException("--join and --membership both given: a silo joins either through the primary silo (--join) or through the shared membership folder (--membership), not both");
            IPAddress ip = IPAddress.Loopback;
            if (pr.GetValue(address) is { } a && !IPAddress.TryParse(a, out ip!))
                throw new UsageException($"--address {a}: not an IP address; give e.g. 10.0.0.5 (the address the other machines reach this one at)");
            var settings = new SiloSettings(
                pr.GetValue(port) ?? 11111,
                pr.GetValue(gateway) ?? 30000,
                pr.GetValue(join) is { } j ? ClusterConnection.ParseEndpoint("--join", j) : null,
                ip,
                pr.GetValue(threads) ?? Environment.ProcessorCount,
                pr.GetValue(joinTimeout) ?? TimeSpan.FromSeconds(30),
                pr.GetValue(membership) is { } folder ? MembershipFolder(folder) : null);
            if (settings.Port == settings.Gateway) throw new UsageException($"--port and --gateway are both {settings.Port}; give two different ports");
            SiloHosting.Run(settings, Console.Error);
            return ExitCodes.Success;
        });
        return new Command("cluster", "Run TrkbSim on a cluster of machines (Microsoft Orleans); see docs/distributed.md") { silo };
    }

    /// <summary>A --membership folder (the silo makes it when missing); a path that is a file is a usage error.</summary>
    static string MembershipFolder(string folder) => File.Exists(folder)
        ? throw new UsageException($"--membership {folder}: this is a file; give a folder (made when missing) that every silo and client can write")
        : folder;

    /// <summary>The <c>--cluster HOST:GATEWAY</c> (or <c>--cluster DIR</c>) option of trial and sensitivity.</summary>
    public static Option<string?> Option() => new("--cluster")
    {
        Description = "Run the work on a TrkbSim cluster ('trkbsim cluster silo') through the gateway HOST:GATEWAY of one of its silos, or through the silos' --membership folder; results are the same as a local run",
    };
}
