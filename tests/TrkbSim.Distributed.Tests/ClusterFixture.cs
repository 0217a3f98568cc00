using Orleans.TestingHost;

namespace TrkbSim.Distributed.Tests;

/// <summary>An in-process cluster of three silos with TrkbSim workers (two threads each), shared by the tests of a class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<Workers>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    sealed class Workers : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => SiloHosting.AddWorkers(siloBuilder, threads: 2);
    }
}

/// <summary>Temporary folders and the repository root.</summary>
static class Paths
{
    public static string Temp()
    {
        var d = Path.Combine(Path.GetTempPath(), "trkbsim-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TrkbSim.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
