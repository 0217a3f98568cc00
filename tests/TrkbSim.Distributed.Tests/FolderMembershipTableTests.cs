using System.Net;
using Orleans;
using Orleans.Runtime;

namespace TrkbSim.Distributed.Tests;

/// <summary>
/// The membership table in a shared folder keeps Orleans' table protocol: a change must name the version it read, rows
/// survive a round trip through the file, and two tables on one folder (two silos) see each other's changes.
/// </summary>
public sealed class FolderMembershipTableTests : IDisposable
{
    readonly string _folder = Path.Combine(Paths.Temp(), "membership");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Joining) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 7),
        Status = status,
        ProxyPort = port + 1,
        HostName = "host",
        SiloName = $"silo{port}",
        RoleName = "trkbsim",
        StartTime = new DateTime(2026, 12, 3, 4, 5, 6, DateTimeKind.Utc),
        IAmAliveTime = new DateTime(2026, 12, 3, 4, 5, 7, DateTimeKind.Utc),
        SuspectTimes = [Tuple.Create(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 9), 3), new DateTime(2026, 12, 3, 4, 5, 8, DateTimeKind.Utc))],
    };

    [Fact]
    public async Task Changes_must_follow_the_version_they_read_and_rows_round_trip()
    {
        var a = new FolderMembershipTable(_folder);
        await a.InitializeMembershipTable(true);
        var empty = await a.ReadAll();
        Assert.Equal(0, empty.Version.Version);
        Assert.Empty(empty.Members);

        var entry = Entry(1000);
        Assert.False(await a.InsertRow(entry, new TableVersion(2, empty.Version.VersionEtag)), "skips a version");
        Assert.False(await a.InsertRow(entry, new TableVersion(1, "17")), "names a version it did not read");
        Assert.True(await a.InsertRow(entry, empty.Version.Next()));
        Assert.False(await a.InsertRow(entry, empty.Version.Next()), "the same version twice");

        var one = await a.ReadAll();
        Assert.Equal(1, one.Version.Version);
        var (read, etag) = Assert.Single(one.Members);
        Assert.Equal(entry.SiloAddress, read.SiloAddress);
        Assert.Equal(entry.Status, read.Status);
        Assert.Equal(entry.ProxyPort, read.ProxyPort);
        Assert.Equal(entry.SiloName, read.SiloName);
        Assert.Equal(entry.StartTime, read.StartTime);
        Assert.Equal(entry.IAmAliveTime, read.IAmAliveTime);
        Assert.Equal(entry.SuspectTimes![0].Item1, read.SuspectTimes![0].Item1);
        Assert.Equal(entry.SuspectTimes![0].Item2, read.SuspectTimes![0].Item2);

        // A second table on the folder is a second silo: it sees the row and must update from the version it read.
        var b = new FolderMembershipTable(_folder);
        var active = Entry(1000, SiloStatus.Active);
        Assert.False(await b.UpdateRow(active, "0", one.Version.Next()), "a stale row etag");
        Assert.True(await b.UpdateRow(active, etag, one.Version.Next()));
        Assert.False(await a.UpdateRow(Entry(1000, SiloStatus.Dead), etag, one.Version.Next()), "a change from a view that is out of date");
        var two = await a.ReadAll();
        Assert.Equal(2, two.Version.Version);
        Assert.Equal(SiloStatus.Active, Assert.Single(two.Members).Item1.Status);

        // I-am-alive stamps change the row without a new version.
        active.IAmAliveTime = new DateTime(2026, 12, 3, 5, 0, 0, DateTimeKind.Utc);
        await b.UpdateIAmAlive(active);
        var three = await a.ReadAll();
        Assert.Equal(2, three.Version.Version);
        Assert.Equal(active.IAmAliveTime, Assert.Single(three.Members).Item1.IAmAliveTime);
    }

    [Fact]
    public async Task Concurrent_joins_from_one_version_admit_exactly_one()
    {
        var tables = Enumerable.Range(0, 8).Select(_ => new FolderMembershipTable(_folder)).ToArray();
        await tables[0].InitializeMembershipTable(true);
        var version = (await tables[0].ReadAll()).Version.Next();
        var results = await Task.WhenAll(tables.Select((t, i) => Task.Run(() => t.InsertRow(Entry(2000 + 10 * i), version))));
        Assert.Equal(1, results.Count(r => r));
        Assert.Single((await tables[1].ReadAll()).Members);
    }

    [Fact]
    public async Task The_gateways_are_those_of_active_silos_and_dead_rows_are_cleaned_up()
    {
        var table = new FolderMembershipTable(_folder);
        await table.InitializeMembershipTable(true);
        Assert.True(await table.InsertRow(Entry(3000, SiloStatus.Active), (await table.ReadAll()).Version.Next()));
        var dead = Entry(3010, SiloStatus.Dead);
        Assert.True(await table.InsertRow(dead, (await table.ReadAll()).Version.Next()));
        var gateways = await new FolderGatewayListProvider(table, TimeSpan.FromSeconds(5)).GetGateways();
        Assert.Equal(3001, Assert.Single(gateways).Port);

        await table.CleanupDefunctSiloEntries(new DateTimeOffset(2026, 12, 3, 4, 5, 7, TimeSpan.Zero)); // not yet: its vote is later
        Assert.Equal(2, (await table.ReadAll()).Members.Count);
        await table.CleanupDefunctSiloEntries(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(3000, Assert.Single((await table.ReadAll()).Members).Item1.SiloAddress.Endpoint.Port);
    }

    [Fact]
    public async Task A_file_that_is_not_a_table_is_named()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(Path.Combine(_folder, FolderMembershipTable.FileName), "not json");
        var ex = await Assert.ThrowsAsync<ClusterException>(() => new FolderMembershipTable(_folder).ReadAll());
        Assert.Contains("is not a TrkbSim membership table", ex.Message, StringComparison.Ordinal);
    }
}
