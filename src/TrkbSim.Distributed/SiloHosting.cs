using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace TrkbSim.Distributed;

/// <summary>Settings of <c>trkbsim cluster silo</c>.</summary>
/// <param name="Port">Silo-to-silo port (<c>--port</c>).</param>
/// <param name="Gateway">Client gateway port (<c>--gateway</c>).</param>
/// <param name="Join">The primary silo's silo port to join (<c>--join HOST:PORT</c>); null: this silo is the primary.</param>
/// <param name="Address">Address this silo listens on and tells the others (<c>--address</c>; loopback by default).</param>
/// <param name="Threads">Threads per chunk (<c>--threads</c>).</param>
/// <param name="JoinTimeout">How long to try reaching the cluster before giving up (<c>--join-timeout</c>).</param>
/// <param name="Membership">
/// The shared folder holding the cluster's membership table (<c>--membership DIR</c>, <see cref="FolderMembershipTable"/>):
/// every silo is equal and any may die. Null: development clustering, where the silo without <paramref name="Join"/> is
/// the primary and holds the table in memory.
/// </param>
public sealed record SiloSettings(int Port, int Gateway, IPEndPoint? Join, IPAddress Address, int Threads, TimeSpan JoinTimeout, string? Membership = null);

/// <summary>Builds and runs TrkbSim silos (the CLI's and the tests' in-process test clusters share <see cref="AddWorkers"/>).</summary>
public static class SiloHosting
{
    /// <summary>The Orleans cluster and service id of TrkbSim clusters.</summary>
    public const string ClusterId = "trkbsim";
    /// <summary>The Orleans service id.</summary>
    public const string ServiceId = "trkbsim";

    /// <summary>Registers the workers, their placement and the compiled-work cache on a silo.</summary>
    public static void AddWorkers(ISiloBuilder silo, int threads)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddPlacementDirector<SpreadPlacement, SpreadPlacementDirector>();
        silo.Services.AddSingleton(new WorkerSettings(Math.Max(1, threads)));
        silo.Services.AddSingleton<WorkCache>();
        silo.Configure<SiloMessagingOptions>(o => o.MaxMessageBodySize = 512 * 1024 * 1024);
    }

    /// <summary>
    /// Failure detection for compute clusters: a silo that stops answering is declared dead within a few seconds, so
    /// its chunks run elsewhere soon.
    /// </summary>
    public static void FastFailureDetection(ClusterMembershipOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }

    /// <summary>A silo host for <paramref name="settings"/> (not started).</summary>
    public static IHost Build(SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var primary = settings.Join ?? new IPEndPoint(settings.Address, settings.Port);
        return new HostBuilder()
            .UseOrleans(silo =>
            {
                if (settings.Membership is { } folder) silo.Services.AddSingleton<IMembershipTable>(new FolderMembershipTable(folder));
                else silo.UseDevelopmentClustering(primary);
                silo.Configure<ClusterOptions>(o => { o.ClusterId = ClusterId; o.ServiceId = ServiceId; });
                silo.Configure<EndpointOptions>(o =>
                {
                    o.AdvertisedIPAddress = settings.Address;
                    o.SiloPort = settings.Port;
                    o.GatewayPort = settings.Gateway;
                    o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback.Equals(settings.Address) ? IPAddress.Loopback : IPAddress.Any, settings.Port);
                    o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Loopback.Equals(settings.Address) ? IPAddress.Loopback : IPAddress.Any, settings.Gateway);
                });
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    FastFailureDetection(o);
                    o.MaxJoinAttemptTime = settings.JoinTimeout;
                });
                AddWorkers(silo, settings.Threads);
            })
            .UseConsoleLifetime(o => o.SuppressStatusMessages = true)
            .Build();
    }

    /// <summary>
    /// Starts a silo and runs it until the process is asked to stop; a silo that cannot start or reach the cluster in
    /// <see cref="SiloSettings.JoinTimeout"/> is a <see cref="ClusterException"/> that says so.
    /// </summary>
    public static void Run(SiloSettings settings, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        using var host = Build(settings);
        string where = settings.Membership is { } m ? $"member of the cluster in {Path.GetFullPath(m)}"
            : settings.Join is null ? "primary silo" : $"joining the cluster of {settings.Join}";
        try
        {
            using var timeout = new CancellationTokenSource(settings.JoinTimeout + TimeSpan.FromSeconds(1));
            host.StartAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not ClusterException)
        {
            using var stopWithin = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try { host.StopAsync(stopWithin.Token).GetAwaiter().GetResult(); }
            catch (Exception stop) when (stop is OperationCanceledException or OrleansException or ObjectDisposedException or InvalidOperationException) { }
            string why = ex is OperationCanceledException ? $"no answer within {settings.JoinTimeout.TotalSeconds:0.#} s" : ex.Message.TrimEnd('.');
            throw new ClusterException(settings.Membership is { } folder
                ? $"--membership {folder}: the silo could not join the cluster there ({why}); can every silo write that folder, and reach the others' --port?"
                : settings.Join is null
                ? $"the silo could not start on {settings.Address}:{settings.Port} (gateway {settings.Gateway}): {ex.Message}"
                : $"--join {settings.Join}: cannot reach the cluster ({why}); is its primary silo running there, and is its --port reachable from here?", ex);
        }
        log.WriteLine($"trkbsim silo: {where} on {settings.Address}:{settings.Port}, gateway {settings.Address}:{settings.Gateway}, {settings.Threads} threads per chunk, program {Trials.Chunks.ProgramVersion.Current}; ready (stop with Ctrl+C)");
        log.Flush();
        host.WaitForShutdown();
    }
}
