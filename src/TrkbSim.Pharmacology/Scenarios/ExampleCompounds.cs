using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Pharmacology.Scenarios;

/// <summary>The example user compound files shipped in examples/compounds/ (embedded in this assembly as well).</summary>
public static class ExampleCompounds
{
    const string Prefix = "TrkbSim.Pharmacology.Examples.";

    /// <summary>File names of the embedded examples, e.g. fast_ssri.json.</summary>
    public static IReadOnlyList<string> Files =>
        [.. typeof(ExampleCompounds).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..]).Order(StringComparer.Ordinal)];

    /// <summary>The text of an example file (e.g. "fast_ssri.json").</summary>
    public static string Text(string file)
    {
        using var stream = typeof(ExampleCompounds).Assembly.GetManifestResourceStream(Prefix + file)
            ?? throw new PharmacologyInputException($"no example compound file '{file}'; examples: {string.Join(", ", Files)}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The built-in library with the example file's compounds added, as a user's file would be.</summary>
    public static CompoundLibrary Library(string file) =>
        CompoundLibrary.LoadDefault().With(CompoundFileReader.Parse(Text(file), "examples/compounds/" + file));
}
