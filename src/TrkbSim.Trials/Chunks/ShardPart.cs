using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrkbSim.Trials.Chunks;

/// <summary>
/// One shard's folder (<c>trkbsim trial --shard I/N --out part-I</c>): <c>shard.json</c> (format, shard, chunk range
/// and the trial's <see cref="TrialSpec"/>) and <c>chunks.bin</c> (the shard's chunk results, compressed, in plan order).
/// <c>trkbsim trial-merge</c> reads the parts back and writes the trial's outputs as one run would.
/// </summary>
public sealed record ShardPart
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestName = "shard.json";
    /// <summary>The results' file name.</summary>
    public const string ChunksName = "chunks.bin";
    /// <summary>The manifest format.</summary>
    public const string FormatName = "trkbsim-trial-shard/1";

    /// <summary>The manifest format of the file read.</summary>
    public required string Format { get; init; }
    /// <summary>Shard index (0-based).</summary>
    public required int Index { get; init; }
    /// <summary>Number of shards of the trial.</summary>
    public required int Count { get; init; }
    /// <summary>Position of the first chunk of the shard in the trial's plan.</summary>
    public required int FirstChunk { get; init; }
    /// <summary>Chunks in this shard.</summary>
    public required int Chunks { get; init; }
    /// <summary>The trial.</summary>
    public required TrialSpec Spec { get; init; }
    /// <summary>The folder read (not stored).</summary>
    [JsonIgnore] public string Folder { get; init; } = "";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>Writes the manifest and the chunk results into <paramref name="folder"/> (a staging folder).</summary>
    public static void Write(string folder, TrialSpec spec, ShardSpec shard, IReadOnlyList<TrialChunk> planned, IEnumerable<ChunkResult> results)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(results);
        using (var file = File.Create(Path.Combine(folder, ChunksName)))
        using (var zip = new ZLibStream(file, CompressionLevel.Fastest))
        using (var buffered = new BufferedStream(zip, 1 << 20))
        using (var w = new BinaryWriter(buffered))
            foreach (var r in results) ChunkCodec.Write(w, r);
        var part = new ShardPart
        {
            Format = FormatName, Index = shard.Index, Count = shard.Count,
            FirstChunk = planned.Count == 0 ? shard.Range(TrialPlan.Chunks(spec).Count).From : planned[0].Index, Chunks = planned.Count, Spec = spec,
        };
        File.WriteAllText(Path.Combine(folder, ManifestName), JsonSerializer.Serialize(part, Json));
    }

    /// <summary>Reads a part's manifest; a folder that is not a shard is an error naming it.</summary>
    public static ShardPart Read(string folder)
    {
        string manifest = Path.Combine(folder, ManifestName);
        if (!Directory.Exists(folder)) throw new TrialInputException($"{folder}: no such shard folder");
        if (!File.Exists(manifest))
            throw new TrialInputException($"{folder}: not a trial shard (no {ManifestName}; shards are written by `trkbsim trial ... --shard I/N --out DIR`)");
        if (!File.Exists(Path.Combine(folder, ChunksName)))
            throw new TrialInputException($"{folder}: the shard has no {ChunksName}; it is incomplete, run its shard again");
        ShardPart? part;
        try { part = JsonSerializer.Deserialize<ShardPart>(File.ReadAllText(manifest), Json); }
        catch (JsonException ex) { throw new TrialInputException($"{manifest}: not a shard manifest ({ex.Message})", ex); }
        if (part is null || part.Format != FormatName)
            throw new TrialInputException($"{manifest}: format '{part?.Format}' is not {FormatName}");
        return part with { Folder = folder };
    }

    /// <summary>The shard's chunk results in order, checked against the plan's chunks <paramref name="expected"/>.</summary>
    public IEnumerable<ChunkResult> Results(IReadOnlyList<TrialChunk> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        string path = Path.Combine(Folder, ChunksName);
        using var file = File.OpenRead(path);
        using var zip = new ZLibStream(file, CompressionMode.Decompress);
        using var buffered = new BufferedStream(zip, 1 << 20);
        using var r = new BinaryReader(buffered);
        foreach (var chunk in expected)
        {
            ChunkResult result;
            try { result = ChunkCodec.Read(r, path); }
            catch (InvalidDataException ex) { throw new TrialInputException($"{path}: damaged chunk data ({ex.Message}); run this shard again", ex); }
            if (result.Chunk != chunk)
                throw new TrialInputException($"{path}: holds chunk {result.Chunk.Index} where chunk {chunk.Index} was expected; run this shard again");
            yield return result;
        }
    }
}
