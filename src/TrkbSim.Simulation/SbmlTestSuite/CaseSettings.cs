using System.Collections.Immutable;
using System.Globalization;

namespace TrkbSim.Simulation.SbmlTestSuite;

/// <summary>The simulation and comparison settings of one suite case (NNNNN-settings.txt).</summary>
public sealed record CaseSettings
{
    public double Start { get; init; }
    public double Duration { get; init; }
    public int Steps { get; init; }
    public ImmutableArray<string> Variables { get; init; } = [];
    public double Absolute { get; init; }
    public double Relative { get; init; }
    /// <summary>Species whose results are amounts.</summary>
    public ImmutableArray<string> Amount { get; init; } = [];
    /// <summary>Species whose results are concentrations.</summary>
    public ImmutableArray<string> Concentration { get; init; } = [];

    /// <summary>Parses the "key: value" lines; unknown keys are ignored, blank values keep the defaults.</summary>
    public static CaseSettings Parse(string text, string fileName)
    {
        var s = new CaseSettings();
        int lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.Trim();
            int colon = line.IndexOf(':');
            if (colon < 0) continue;
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (value.Length == 0) continue;
            s = key switch
            {
                "start" => s with { Start = Number(value, key, fileName, lineNo) },
                "duration" => s with { Duration = Number(value, key, fileName, lineNo) },
                "steps" => s with { Steps = (int)Number(value, key, fileName, lineNo) },
                "variables" => s with { Variables = List(value) },
                "absolute" => s with { Absolute = Number(value, key, fileName, lineNo) },
                "relative" => s with { Relative = Number(value, key, fileName, lineNo) },
                "amount" => s with { Amount = List(value) },
                "concentration" => s with { Concentration = List(value) },
                _ => s,
            };
        }
        return s;
    }

    private static ImmutableArray<string> List(string value) =>
        [.. value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0)];

    private static double Number(string value, string key, string fileName, int line) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"{fileName}:{line}: '{key}' expects a number, found '{value}'");
}
