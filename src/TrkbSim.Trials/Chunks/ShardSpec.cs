using System.Globalization;

namespace TrkbSim.Trials.Chunks;

/// <summary>Shard <see cref="Index"/> of <see cref="Count"/> (<c>--shard I/N</c>, I counted from 0).</summary>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>Most shards of one trial.</summary>
    public const int MaxCount = 100_000;

    /// <summary>Parses <c>I/N</c>; throws <see cref="TrialInputException"/> naming what is allowed.</summary>
    public static ShardSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            throw new TrialInputException($"--shard {text}: expected I/N with whole numbers, e.g. 0/4 (shards are numbered from 0 to N-1)");
        if (count < 1 || count > MaxCount)
            throw new TrialInputException($"--shard {text}: the number of shards N must be between 1 and {MaxCount:N0}");
        if (index >= count)
            throw new TrialInputException($"--shard {text}: shard index {index} is out of range; with {count} shards it must be 0 to {count - 1}");
        return new ShardSpec(index, count);
    }

    /// <summary>The chunk positions [from, to) of this shard among <paramref name="chunkCount"/> chunks.</summary>
    public (int From, int To) Range(int chunkCount) =>
        ((int)((long)Index * chunkCount / Count), (int)((long)(Index + 1) * chunkCount / Count));

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";
}
