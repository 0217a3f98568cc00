using System.Runtime.InteropServices;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Trials.Population;
using TrkbSim.Trials.Running;

namespace TrkbSim.Trials.Chunks;

/// <summary>
/// The binary form of a chunk's results, the same on the wire (cluster) and in shard files: the chunk's coordinates,
/// then each subject's index, covariates, parameter values, daily MADRS, outputs on the stored days, rated visits,
/// first response and failure. Doubles are stored bit for bit (little-endian), so a decoded chunk equals the one simulated.
/// </summary>
public static class ChunkCodec
{
    const int Magic = 0x4B4E4843; // "CHNK"

    /// <summary>Writes one chunk's results.</summary>
    public static void Write(BinaryWriter w, ChunkResult result)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(result);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("chunk results are stored little-endian");
        var c = result.Chunk;
        w.Write(Magic);
        w.Write(c.Index); w.Write(c.ArmIndex); w.Write(c.FirstSubject); w.Write(c.Count);
        w.Write(result.Subjects.Length);
        foreach (var s in result.Subjects)
        {
            w.Write(s.Subject);
            var cov = s.Covariates;
            w.Write((byte)cov.Sex); w.Write(cov.BodyWeightKg); w.Write((byte)cov.Cyp2d6); w.Write((byte)cov.Cyp2c19);
            w.Write(cov.BaselineMadrs); w.Write(cov.PlaceboMadrs);
            WriteArray(w, s.Parameters);
            WriteArray(w, s.DailyMadrs);
            WriteArray(w, s.StoredOutputs);
            WriteArray(w, s.RatedVisits);
            w.Write(s.FirstResponseVisit);
            w.Write(s.Failure is not null);
            if (s.Failure is not null) w.Write(s.Failure);
        }
    }

    /// <summary>Reads one chunk's results; <paramref name="source"/> names the data in the error when it is damaged.</summary>
    public static ChunkResult Read(BinaryReader r, string source)
    {
        ArgumentNullException.ThrowIfNull(r);
        try
        {
            if (r.ReadInt32() != Magic) throw new TrialInputException($"{source}: damaged chunk data (bad chunk marker)");
            var chunk = new TrialChunk(r.ReadInt32(), r.ReadInt32(), r.ReadInt64(), r.ReadInt32());
            int n = r.ReadInt32();
            if (n != chunk.Count || n < 0) throw new TrialInputException($"{source}: damaged chunk data (chunk {chunk.Index} holds {n} subjects, expected {chunk.Count})");
            var subjects = new SubjectRecord[n];
            for (int i = 0; i < n; i++)
            {
                long subject = r.ReadInt64();
                var cov = new Covariates((Sex)r.ReadByte(), r.ReadDouble(), (MetaboliserPhenotype)r.ReadByte(), (MetaboliserPhenotype)r.ReadByte(),
                    r.ReadDouble(), r.ReadDouble());
                var parameters = ReadArray<double>(r);
                var madrs = ReadArray<double>(r);
                var outputs = ReadArray<double>(r);
                var visits = ReadArray<int>(r);
                int first = r.ReadInt32();
                string? failure = r.ReadBoolean() ? r.ReadString() : null;
                subjects[i] = new SubjectRecord
                {
                    Subject = subject, Covariates = cov, Parameters = parameters, DailyMadrs = madrs, StoredOutputs = outputs,
                    RatedVisits = visits, FirstResponseVisit = first, Failure = failure,
                };
            }
            return new ChunkResult(chunk, subjects);
        }
        catch (EndOfStreamException ex) { throw new TrialInputException($"{source}: the chunk data end early (the file is cut short)", ex); }
    }

    /// <summary>One chunk's results as bytes (what a cluster worker sends back).</summary>
    public static byte[] ToBytes(ChunkResult result)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) Write(w, result);
        return ms.ToArray();
    }

    /// <summary>Decodes <see cref="ToBytes"/>.</summary>
    public static ChunkResult FromBytes(byte[] bytes, string source)
    {
        using var r = new BinaryReader(new MemoryStream(bytes, writable: false));
        return Read(r, source);
    }

    static void WriteArray<T>(BinaryWriter w, T[] values) where T : unmanaged
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    static T[] ReadArray<T>(BinaryReader r) where T : unmanaged
    {
        int n = r.ReadInt32();
        if (n < 0 || n > 100_000_000) throw new InvalidDataException($"array length {n}");
        var values = new T[n];
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
