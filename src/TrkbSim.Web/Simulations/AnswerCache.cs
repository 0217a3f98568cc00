using System.Security.Cryptography;
using System.Text;

namespace TrkbSim.Web.Simulations;

/// <summary>
/// Finished answers by the exact question that made them (least recently used first out, bounded in bytes). A
/// regimen run is deterministic: the same assembled model, duration, step and uncertainty draw give the same table,
/// so an answer is kept and sent again instead of simulated again (the page opens on the same default regimen for
/// everyone). The key is a SHA-256 of the model text and run settings, never of the request's spelling.
/// </summary>
public sealed class AnswerCache(long maxBytes)
{
    readonly Lock _gate = new();
    readonly Dictionary<string, LinkedListNode<(string Key, byte[] Answer)>> _index = new(StringComparer.Ordinal);
    readonly LinkedList<(string Key, byte[] Answer)> _order = new();
    long _bytes;

    /// <summary>Answers found and not found so far.</summary>
    public long Hits { get; private set; }
    public long Misses { get; private set; }

    /// <summary>The key of a question given as its parts (model text, settings...).</summary>
    public static string Key(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var text = string.Join("\u0001", parts);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public bool TryGet(string key, out byte[] answer)
    {
        lock (_gate)
        {
            if (_index.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                Hits++;
                answer = node.Value.Answer;
                return true;
            }
            Misses++;
            answer = [];
            return false;
        }
    }

    public void Add(string key, byte[] answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Length > maxBytes / 4) return;
        lock (_gate)
        {
            if (_index.ContainsKey(key)) return;
            _index[key] = _order.AddFirst((key, answer));
            _bytes += answer.Length;
            while (_bytes > maxBytes && _order.Last is { } last)
            {
                _order.RemoveLast();
                _index.Remove(last.Value.Key);
                _bytes -= last.Value.Answer.Length;
            }
        }
    }
}
