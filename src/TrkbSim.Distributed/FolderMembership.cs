using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Messaging;
using Orleans.Runtime;

namespace TrkbSim.Distributed;

/// <summary>
/// Orleans' membership table kept in a folder that every silo and client can read and write, such as a shared (NFS)
/// home or project folder of a compute cluster (<c>--membership DIR</c>). With it no silo is special: any silo may die
/// and the others carry on, and a client finds the gateways of every live silo there. The table is one JSON file,
/// <see cref="FileName"/>, changed only under an exclusive lock on <see cref="LockName"/> (the operating system's file
/// lock, released when its holder dies) and replaced whole by a rename, so a reader never sees half a table. Each
/// change checks the table version the caller read, as Orleans' membership protocol requires.
/// </summary>
public sealed class FolderMembershipTable : IMembershipTable
{
    /// <summary>The table's file in the folder.</summary>
    public const string FileName = "trkbsim-membership.json";

    /// <summary>The lock file in the folder (held while the table changes).</summary>
    public const string LockName = "trkbsim-membership.lock";

    /// <summary>How long to wait for the lock before reporting the folder as unusable.</summary>
    static readonly TimeSpan LockLimit = TimeSpan.FromSeconds(30);

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    readonly string _folder;

    /// <summary>A table in <paramref name="folder"/> (made when missing).</summary>
    public FolderMembershipTable(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = Path.GetFullPath(folder);
    }

    /// <summary>The folder holding the table.</summary>
    public string Folder => _folder;

    string TablePath => Path.Combine(_folder, FileName);

    /// <inheritdoc/>
    public Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        Directory.CreateDirectory(_folder);
        if (tryInitTableVersion) Change(_ => false); // writes the empty table only where there is none
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task DeleteMembershipTableEntries(string clusterId)
    {
        Change(table =>
        {
            table.Members.Clear();
            return true;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        Change(table => table.Members.RemoveAll(m => m.Status == SiloStatus.Dead.ToString()
            && Math.Max(m.IAmAliveTime.Ticks, m.StartTime.Ticks) < beforeDate.UtcDateTime.Ticks
            && !m.SuspectTimes.Any(s => s.Time >= beforeDate.UtcDateTime)) > 0);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        var table = Read();
        string id = key.ToParsableString();
        return Task.FromResult(Data(table, table.Members.Where(m => m.Silo == id)));
    }

    /// <inheritdoc/>
    public Task<MembershipTableData> ReadAll()
    {
        var table = Read();
        return Task.FromResult(Data(table, table.Members));
    }

    /// <inheritdoc/>
    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) =>
        Task.FromResult(Change(table =>
        {
            string id = entry.SiloAddress.ToParsableString();
            if (!NextVersion(table, tableVersion) || table.Members.Any(m => m.Silo == id)) return false;
            table.Members.Add(Row.From(entry));
            table.Version = tableVersion.Version;
            return true;
        }));

    /// <inheritdoc/>
    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) =>
        Task.FromResult(Change(table =>
        {
            string id = entry.SiloAddress.ToParsableString();
            int at = table.Members.FindIndex(m => m.Silo == id);
            // Rows carry the table version they were read at as their etag.
            if (at < 0 || etag != tableVersion.VersionEtag || !NextVersion(table, tableVersion)) return false;
            table.Members[at] = Row.From(entry);
            table.Version = tableVersion.Version;
            return true;
        }));

    /// <inheritdoc/>
    public Task UpdateIAmAlive(MembershipEntry entry)
    {
        Change(table =>
        {
            string id = entry.SiloAddress.ToParsableString();
            var row = table.Members.Find(m => m.Silo == id);
            if (row is null) return false;
            row.IAmAliveTime = entry.IAmAliveTime;
            return true;
        });
        return Task.CompletedTask;
    }

    /// <summary>The change's version must follow the stored one, as read by the caller (its etag is the stored version's).</summary>
    static bool NextVersion(Table table, TableVersion next) =>
        next.VersionEtag == Etag(table.Version) && next.Version == table.Version + 1;

    static string Etag(int version) => version.ToString(CultureInfo.InvariantCulture);

    static MembershipTableData Data(Table table, IEnumerable<Row> rows)
    {
        string etag = Etag(table.Version);
        return new MembershipTableData(rows.Select(r => Tuple.Create(r.ToEntry(), etag)).ToList(), new TableVersion(table.Version, etag));
    }

    /// <summary>The table now (an empty one at version 0 before any silo wrote it).</summary>
    Table Read()
    {
        try
        {
            using var stream = new FileStream(TablePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return JsonSerializer.Deserialize<Table>(stream, Json) ?? new Table();
        }
        catch (FileNotFoundException) { return new Table(); }
        catch (DirectoryNotFoundException) { return new Table(); }
        catch (JsonException ex) { throw new ClusterException($"--membership {_folder}: {FileName} is not a TrkbSim membership table ({ex.Message})", ex); }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the table under the folder's lock and writes it back when the change says it
    /// changed something; returns what the change returned.
    /// </summary>
    bool Change(Func<Table, bool> change)
    {
        Directory.CreateDirectory(_folder);
        using var held = Lock();
        var table = Read();
        bool changed = change(table);
        bool missing = !File.Exists(TablePath);
        if (!changed && !missing) return false;
        string temp = Path.Combine(_folder, $".{FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, table, Json);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, TablePath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return changed;
    }

    /// <summary>The folder's exclusive lock (an operating-system lock on the lock file: a process that dies releases it).</summary>
    FileStream Lock()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(Path.Combine(_folder, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
            {
                if (clock.Elapsed > LockLimit)
                    throw new ClusterException($"--membership {_folder}: the table stayed locked for {LockLimit.TotalSeconds:0} s ({ex.Message})", ex);
                Thread.Sleep(Random.Shared.Next(5, 25));
            }
        }
    }

    /// <summary>The file's content: the table version and one row per silo that ever joined (until cleaned up).</summary>
    sealed class Table
    {
        public int Version { get; set; }
        public List<Row> Members { get; set; } = [];
    }

    /// <summary>One silo's membership entry as text (addresses in Orleans' parsable form, times in UTC).</summary>
    sealed class Row
    {
        public string Silo { get; set; } = "";
        public string Status { get; set; } = "";
        public int ProxyPort { get; set; }
        public string? HostName { get; set; }
        public string? SiloName { get; set; }
        public string? RoleName { get; set; }
        public int UpdateZone { get; set; }
        public int FaultZone { get; set; }
        public DateTime StartTime { get; set; }
        public DateTime IAmAliveTime { get; set; }
        public List<Suspicion> SuspectTimes { get; set; } = [];

        public static Row From(MembershipEntry e) => new()
        {
            Silo = e.SiloAddress.ToParsableString(),
            Status = e.Status.ToString(),
            ProxyPort = e.ProxyPort,
            HostName = e.HostName,
            SiloName = e.SiloName,
            RoleName = e.RoleName,
            UpdateZone = e.UpdateZone,
            FaultZone = e.FaultZone,
            StartTime = e.StartTime.ToUniversalTime(),
            IAmAliveTime = e.IAmAliveTime.ToUniversalTime(),
            SuspectTimes = e.SuspectTimes?.Select(s => new Suspicion { By = s.Item1.ToParsableString(), Time = s.Item2.ToUniversalTime() }).ToList() ?? [],
        };

        public MembershipEntry ToEntry() => new()
        {
            SiloAddress = SiloAddress.FromParsableString(Silo),
            Status = Enum.Parse<SiloStatus>(Status),
            ProxyPort = ProxyPort,
            HostName = HostName ?? "",
            SiloName = SiloName ?? "",
            RoleName = RoleName,
            UpdateZone = UpdateZone,
            FaultZone = FaultZone,
            StartTime = DateTime.SpecifyKind(StartTime, DateTimeKind.Utc),
            IAmAliveTime = DateTime.SpecifyKind(IAmAliveTime, DateTimeKind.Utc),
            SuspectTimes = SuspectTimes.Select(s => Tuple.Create(SiloAddress.FromParsableString(s.By), DateTime.SpecifyKind(s.Time, DateTimeKind.Utc))).ToList(),
        };
    }

    /// <summary>A vote that a silo is dead: who voted, and when.</summary>
    sealed class Suspicion
    {
        public string By { get; set; } = "";
        public DateTime Time { get; set; }
    }
}

/// <summary>A client's gateways from a <see cref="FolderMembershipTable"/>: those of every active silo.</summary>
public sealed class FolderGatewayListProvider(FolderMembershipTable table, TimeSpan refresh) : IGatewayListProvider
{
    /// <inheritdoc/>
    public TimeSpan MaxStaleness => refresh;

    /// <inheritdoc/>
    public bool IsUpdatable => true;

    /// <inheritdoc/>
    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task<IList<Uri>> GetGateways()
    {
        var all = await table.ReadAll().ConfigureAwait(false);
        return all.Members
            .Where(m => m.Item1.Status == SiloStatus.Active && m.Item1.ProxyPort != 0)
            .Select(m => SiloAddress.New(m.Item1.SiloAddress.Endpoint.Address, m.Item1.ProxyPort, m.Item1.SiloAddress.Generation).ToGatewayUri())
            .ToList();
    }
}
