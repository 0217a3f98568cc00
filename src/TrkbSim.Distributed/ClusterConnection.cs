using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace TrkbSim.Distributed;

/// <summary>
/// A client's connection to a TrkbSim cluster (<c>--cluster HOST:GATEWAY</c>): connects through one silo's gateway,
/// and for each run finds the active silos, makes one worker per silo and checks that every silo runs this program.
/// </summary>
public sealed class ClusterConnection : IDisposable
{
    readonly IHost? _host;
    readonly IClusterClient _client;
    readonly DispatchSettings _settings;

    /// <summary>Wraps an already connected client (a test cluster's, or a host's).</summary>
    public ClusterConnection(IClusterClient client, DispatchSettings? settings = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _settings = settings ?? DispatchSettings.Default;
    }

    ClusterConnection(IHost host, DispatchSettings settings) : this(host.Services.GetRequiredService<IClusterClient>(), settings) => _host = host;

    /// <summary>Where the connection goes (for messages).</summary>
    public string Endpoint { get; private init; } = "(in process)";

    /// <summary>
    /// Connects to the gateway at <paramref name="hostPort"/> (HOST:PORT), or, when it names a folder, to the gateways of
    /// the active silos listed in that folder's membership table (<c>--membership</c>); an unreachable cluster is a
    /// <see cref="ClusterException"/> naming it.
    /// </summary>
    public static ClusterConnection Connect(string hostPort, TimeSpan? connectTimeout = null, TimeSpan? responseTimeout = null, DispatchSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(hostPort);
        var wait = connectTimeout ?? TimeSpan.FromSeconds(20);
        bool folder = Directory.Exists(hostPort);
        var endpoint = folder ? null : ParseEndpoint("--cluster", hostPort);
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                if (endpoint is not null) client.UseStaticClustering(endpoint);
                else client.Services.AddSingleton<IGatewayListProvider>(new FolderGatewayListProvider(new FolderMembershipTable(hostPort), TimeSpan.FromSeconds(5)));
                client.Configure<ClusterOptions>(o => { o.ClusterId = SiloHosting.ClusterId; o.ServiceId = SiloHosting.ServiceId; });
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout ?? TimeSpan.FromMinutes(10));
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            })
            .Build();
        try
        {
            using var timeout = new CancellationTokenSource(wait);
            host.StartAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not ClusterException)
        {
            host.Dispose();
            string why = ex is OperationCanceledException ? $"no gateway answered within {wait.TotalSeconds:0.#} s" : ex.Message.TrimEnd('.');
            throw new ClusterException(
                folder
                    ? $"--cluster {hostPort}: cannot reach a TrkbSim cluster through that folder ({why}); start silos with 'trkbsim cluster silo --membership {hostPort}'"
                    : $"--cluster {hostPort}: cannot reach a TrkbSim cluster there ({why}); start one with 'trkbsim cluster silo' and give its gateway port", ex);
        }
        return new ClusterConnection(host, settings ?? DispatchSettings.Default) { Endpoint = hostPort };
    }

    /// <summary>Reads HOST:PORT (a name or an address; PORT 1-65535) for <paramref name="option"/>.</summary>
    public static IPEndPoint ParseEndpoint(string option, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port)
            || port < 1 || port > 65535)
            throw new ClusterException(option == "--cluster"
                ? $"{option} {text}: expected HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:30000, or the silos' --membership folder"
                : $"{option} {text}: expected HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:30000");
        string host = text[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address)) return new IPEndPoint(address, port);
        try
        {
            var found = Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault()
                ?? throw new ClusterException($"{option} {text}: host '{host}' has no address");
            return new IPEndPoint(found, port);
        }
        catch (SocketException ex) { throw new ClusterException($"{option} {text}: cannot resolve host '{host}' ({ex.Message})", ex); }
    }

    /// <summary>The active silos now, and checks their program version; one dispatcher per run.</summary>
    internal ChunkDispatcher<T> Dispatcher<T>()
    {
        var hosts = Wait(_client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true));
        int silos = Math.Max(1, hosts.Count);
        string runId = Guid.NewGuid().ToString("N");
        for (int k = 0; k < silos; k++)
        {
            var worker = _client.GetGrain<IWorkerGrain>(k, runId);
            string version = Wait(worker.ProgramVersion());
            if (version != Trials.Chunks.ProgramVersion.Current)
                throw new ClusterException(
                    $"silo {Wait(worker.Silo())} runs program version {version}, but this client is {Trials.Chunks.ProgramVersion.Current}; run the same TrkbSim build on the client and every silo");
        }
        return new ChunkDispatcher<T>(_client, silos, runId, _settings);
    }

    /// <summary>Number of active silos.</summary>
    public int ActiveSilos() => Wait(_client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;

    T Wait<T>(Task<T> task)
    {
        try { return task.GetAwaiter().GetResult(); }
        catch (Exception ex) when (ChunkDispatcher<T>.IsSiloFailure(ex))
        {
            throw new ClusterException($"--cluster {Endpoint}: the cluster did not answer ({ex.Message})", ex);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_host is null) return;
        try { _host.StopAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult(); }
        catch (Exception ex) when (ex is OperationCanceledException or OrleansException or ObjectDisposedException) { }
        _host.Dispose();
    }
}
