using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Sensitivity;
using TrkbSim.Trials;
using TrkbSim.Trials.Chunks;
using TrkbSim.Trials.Models;

namespace TrkbSim.Distributed;

/// <summary>
/// A silo's compiled work, by the text that describes it: trial runners by their spec, sample functions by their job
/// (a few of each, least recently used dropped), so the chunks of one run compile the model once per silo.
/// </summary>
internal sealed class WorkCache
{
    const int Capacity = 4;
    readonly Lock _gate = new();
    readonly LinkedList<(string Key, Lazy<object> Value)> _entries = new();

    /// <summary>The subject models a silo can run, by name.</summary>
    static readonly ISubjectModelFactory[] Factories = [new MechanismSubjectModelFactory(), new AnalyticSubjectModelFactory()];

    public TrialChunkRunner TrialRunner(string specJson) => (TrialChunkRunner)Get("trial\n" + specJson, () =>
    {
        var spec = TrialSpec.FromJson(specJson, "trial spec");
        CheckVersion(spec.ProgramVersion);
        var factory = Factories.FirstOrDefault(f => f.Name == spec.Model)
            ?? throw new TrialInputException($"this silo cannot run the model '{spec.Model}' (it runs: {string.Join(", ", Factories.Select(f => f.Name))})");
        return new TrialChunkRunner(factory, spec);
    });

    public ISampleFunction SampleFunction(string jobJson) => (ISampleFunction)Get("samples\n" + jobJson, () =>
    {
        var job = SampleJob.FromJson(jobJson);
        CheckVersion(job.ProgramVersion);
        return job.CreateFunction();
    });

    static void CheckVersion(string clientVersion)
    {
        if (clientVersion != ProgramVersion.Current)
            throw new ClusterException($"the client runs program version {clientVersion}, this silo {ProgramVersion.Current}; run the same build everywhere");
    }

    object Get(string key, Func<object> create)
    {
        Lazy<object> value;
        lock (_gate)
        {
            var node = _entries.First;
            while (node is not null && node.Value.Key != key) node = node.Next;
            if (node is not null) _entries.Remove(node);
            else node = new LinkedListNode<(string, Lazy<object>)>((key, new Lazy<object>(create)));
            _entries.AddFirst(node);
            while (_entries.Count > Capacity) _entries.RemoveLast();
            value = node.Value.Value;
        }
        try { return value.Value; }
        catch
        {
            lock (_gate) { var n = _entries.First; while (n is not null && n.Value.Key != key) n = n.Next; if (n is not null) _entries.Remove(n); }
            throw;
        }
    }
}
