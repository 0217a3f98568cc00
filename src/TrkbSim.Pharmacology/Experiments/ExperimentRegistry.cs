using System.Collections.Concurrent;

namespace TrkbSim.Pharmacology.Experiments;

/// <summary>
/// The built-in experiments: protocol files embedded from <c>Data/Experiments/*.json</c> and their circuit modules from
/// <c>Data/Models/Experiments/*.ant</c>.
/// </summary>
public static class ExperimentRegistry
{
    const string ProtocolPrefix = "TrkbSim.Pharmacology.Experiments.";
    const string ModelPrefix = "TrkbSim.Pharmacology.ExperimentModels.";
    static readonly ConcurrentDictionary<string, ExperimentProtocol> Cache = new();

    /// <summary>Names of the built-in experiments, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. typeof(ExperimentRegistry).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ProtocolPrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[ProtocolPrefix.Length..^".json".Length]).Order(StringComparer.Ordinal),
    ];

    public static IEnumerable<ExperimentProtocol> All => Names.Select(Get);

    /// <summary>The protocol of a built-in experiment; an unknown name lists the known ones.</summary>
    public static ExperimentProtocol Get(string name)
    {
        if (!Names.Contains(name))
            throw new PharmacologyInputException($"experiment '{name}' is unknown; known: {string.Join(", ", Names)}");
        return Cache.GetOrAdd(name, n => ExperimentFile.Parse(Read(ProtocolPrefix + n + ".json"), $"Data/Experiments/{n}.json"));
    }

    /// <summary>The Antimony text of a circuit module.</summary>
    public static string ModelText(string file) =>
        Read(ModelPrefix + file) is var text && text.Length > 0 ? text
            : throw new PharmacologyInputException($"experiment model '{file}' is empty");

    static string Read(string resource)
    {
        using var stream = typeof(ExperimentRegistry).Assembly.GetManifestResourceStream(resource)
            ?? throw new PharmacologyInputException($"'{resource}' is not embedded in this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
