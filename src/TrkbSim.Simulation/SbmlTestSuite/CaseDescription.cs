using System.Collections.Immutable;

namespace TrkbSim.Simulation.SbmlTestSuite;

/// <summary>The tags of one suite case, from the header comment of NNNNN-model.m.</summary>
public sealed record CaseDescription
{
    public ImmutableArray<string> ComponentTags { get; init; } = [];
    public ImmutableArray<string> TestTags { get; init; } = [];
    public string TestType { get; init; } = "TimeCourse";
    public ImmutableArray<string> PackagesPresent { get; init; } = [];
    public string? Synopsis { get; init; }

    public static CaseDescription Parse(string text)
    {
        // Only the leading (* ... *) comment holds the description.
        int end = text.IndexOf("*)", StringComparison.Ordinal);
        if (end >= 0) text = text[..end];
        var d = new CaseDescription();
        string? lastKey = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            int colon = line.IndexOf(':');
            string key = colon > 0 ? line[..colon].Trim() : "";
            bool isField = colon > 0 && !char.IsWhiteSpace(line[0]) && key.All(char.IsLetter);
            if (!isField)
            {
                // An indented line continues the synopsis; anything else ends it.
                if (lastKey == "synopsis" && line.Length > 0 && char.IsWhiteSpace(line[0]) && line.Trim().Length > 0)
                    d = d with { Synopsis = $"{d.Synopsis} {line.Trim()}" };
                else lastKey = null;
                continue;
            }
            var value = line[(colon + 1)..].Trim();
            lastKey = key;
            d = key switch
            {
                "componentTags" => d with { ComponentTags = Tags(value) },
                "testTags" => d with { TestTags = Tags(value) },
                "testType" => d with { TestType = value.Length == 0 ? "TimeCourse" : value },
                "packagesPresent" => d with { PackagesPresent = Tags(value) },
                "synopsis" => d with { Synopsis = value },
                _ => d,
            };
        }
        return d;
    }

    private static ImmutableArray<string> Tags(string value) =>
        [.. value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0)];
}
