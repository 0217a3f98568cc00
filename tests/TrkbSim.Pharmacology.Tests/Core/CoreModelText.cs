using System.Globalization;
using System.Text.RegularExpressions;

namespace TrkbSim.Pharmacology.Tests.Core;

/// <summary>One documented parameter line of trkb_core.ant: <c>id = value; // [unit; status; ...] source</c>.</summary>
public sealed record CoreParameter(string Id, double Value, string Unit, string Status, string Source, int Line);

/// <summary>Reads the core model text from the source tree and its documented parameter lines.</summary>
public static partial class CoreModelText
{
    public const string RelativePath = "src/TrkbSim.Pharmacology/Data/Models/trkb_core.ant";
    public static readonly string[] Statuses = ["measured", "derived", "assumed", "calibrated"];

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Text { get; } = File.ReadAllText(Path.Combine(RepositoryRoot, RelativePath));

    /// <summary>Ids that have a rate rule (<c>x' = ...</c>): states, whose <c>x = ...</c> lines are initial values, not parameters.</summary>
    public static IReadOnlySet<string> StateIds { get; } =
        RateRule().Matches(Text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every line that gives a non-state symbol a value (<c>id = ...;</c>), documented or not.</summary>
    public static IReadOnlyList<(string Id, int Line, string Text)> ValueLines { get; } = ReadValueLines();

    public static IReadOnlyList<CoreParameter> Parameters { get; } = ReadParameters();

    private static IReadOnlyList<(string, int, string)> ReadValueLines()
    {
        var lines = Text.Split('\n');
        var list = new List<(string, int, string)>();
        for (int i = 0; i < lines.Length; i++)
        {
            var m = ValueLine().Match(lines[i]);
            if (m.Success && !StateIds.Contains(m.Groups[1].Value)) list.Add((m.Groups[1].Value, i + 1, lines[i].TrimEnd()));
        }
        return list;
    }

    private static IReadOnlyList<CoreParameter> ReadParameters()
    {
        var list = new List<CoreParameter>();
        foreach (var (id, line, text) in ValueLines)
        {
            var m = DocumentedParameter().Match(text);
            if (!m.Success) continue;
            var fields = m.Groups["doc"].Value.Split(';').Select(f => f.Trim()).ToArray();
            string extra = string.Join(", ", fields.Skip(2));
            string source = m.Groups["src"].Value.Trim();
            list.Add(new CoreParameter(id, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture),
                fields[0], fields.Length > 1 ? fields[1] : "", extra.Length > 0 ? $"({extra}) {source}" : source, line));
        }
        return list;
    }

    /// <summary>The markdown table rows docs/mechanism.md should hold, in model order.</summary>
    public static string ExpectedTable()
    {
        var rows = Parameters.Select(p =>
            $"| `{p.Id}` | {p.Value.ToString("R", CultureInfo.InvariantCulture)} | {p.Unit} | {p.Status} | {p.Source.Replace('|', '/')} |");
        return string.Join('\n', ["| id | value | unit | status | source / reasoning |", "|---|---|---|---|---|", .. rows]);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrkbSim.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Repository root (TrkbSim.slnx) not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\s*([A-Za-z_]\w*)\s*'\s*=", RegexOptions.Multiline)]
    private static partial Regex RateRule();

    [GeneratedRegex(@"^([A-Za-z_]\w*)\s*=(?!=)")]
    private static partial Regex ValueLine();

    [GeneratedRegex(@"^[A-Za-z_]\w*\s*=\s*(?<value>[-+]?[0-9.]+(?:[eE][-+]?\d+)?)\s*;\s*//\s*\[(?<doc>[^\]]*)\](?<src>.*)$")]
    private static partial Regex DocumentedParameter();
}
