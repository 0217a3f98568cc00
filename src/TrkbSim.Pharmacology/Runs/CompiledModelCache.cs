using TrkbSim.Modeling.Antimony;
using TrkbSim.Simulation;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>
/// Compiled mechanism models by their assembled Antimony text, so that runs of the same settings (scenarios,
/// validation, trials' arms, uncertainty samples, web requests) compile once. Bounded: beyond its capacity the least
/// recently used model is dropped. Thread-safe; a model is compiled once even when several threads ask for it at once.
/// A compiled model is immutable and each run makes its own simulator, so sharing one is safe.
/// </summary>
public sealed class CompiledModelCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byText = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = new();

    private sealed record Entry(string Text, Lazy<CompiledModel> Model);

    /// <param name="capacity">Most models kept (each is some hundreds of kilobytes of delegates).</param>
    public CompiledModelCache(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The cache runs use unless their options name another.</summary>
    public static CompiledModelCache Shared { get; } = new();

    public int Capacity { get; }

    public int Count
    {
        get { lock (_gate) return _byText.Count; }
    }

    /// <summary>The compiled model of an assembled mechanism text (parsed and compiled on first use).</summary>
    public CompiledModel Get(string antimonyText)
    {
        Lazy<CompiledModel> model;
        lock (_gate)
        {
            if (_byText.TryGetValue(antimonyText, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
            }
            else
            {
                node = _recent.AddFirst(new Entry(antimonyText, new Lazy<CompiledModel>(
                    () => ModelCompiler.Compile(AntimonyReader.Parse(antimonyText, "mechanism.ant")), LazyThreadSafetyMode.ExecutionAndPublication)));
                _byText.Add(antimonyText, node);
                if (_byText.Count > Capacity)
                {
                    _byText.Remove(_recent.Last!.Value.Text);
                    _recent.RemoveLast();
                }
            }
            model = node.Value.Model;
        }
        return model.Value;
    }
}
