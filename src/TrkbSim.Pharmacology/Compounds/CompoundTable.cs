using System.Globalization;
using System.Text;

namespace TrkbSim.Pharmacology.Compounds;

/// <summary>Renders the library as a Markdown reference (docs/compounds.md) so the document follows the data.</summary>
public static class CompoundTable
{
    public static string Markdown(CompoundLibrary library)
    {
        var all = library.AllValues().ToList();
        var counts = Enum.GetValues<ValueStatus>().ToDictionary(s => s, s => all.Count(v => v.Value.Status == s));
        var sb = new StringBuilder();
        sb.Append("# Compound parameters\n\n");
        sb.Append("Generated from `src/TrkbSim.Pharmacology/Data/compounds.json` by `CompoundTable.Markdown` ")
          .Append("(the test `CompoundTableTests` fails when this file is out of date; run the tests with ")
          .Append("`TRKBSIM_UPDATE_DOCS=1` to regenerate it). Do not edit by hand.\n\n");
        sb.Append($"{all.Count} values: ");
        sb.Append(string.Join(", ", counts.Select(p => $"{p.Value} {p.Key.ToString().ToLowerInvariant()}"))).Append(". ");
        sb.Append($"**Assumed values: {counts[ValueStatus.Assumed]}** (listed with their reasoning at the end).\n\n");
        sb.Append("Units: volumes and clearances per kg body weight (scaled by the run's body weight), rates 1/h, ")
          .Append("affinities Ki/Kd in nM, half-times in h. A target without an affinity is not bound. ")
          .Append("`rat` marks rat values standing in for mouse.\n\n");

        sb.Append("## Species and defaults\n\n");
        Header(sb);
        foreach (var (path, v) in all.Where(p => p.Path.StartsWith("species.", StringComparison.Ordinal) || p.Path.StartsWith("defaults.", StringComparison.Ordinal)))
            Row(sb, path, v);

        foreach (var c in library.Compounds)
        {
            sb.Append($"\n## {c.Name} (`{c.Id}`)\n\n{c.Class}");
            if (c.Parent is { } p) sb.Append($"; metabolite of `{p}`");
            sb.Append(".\n");
            if (c.ClinicalDose is { } dose)
                sb.Append($"\nClinical dose: {dose.Describe()}{(dose.Population is { } who ? $"; {Escape(who)}" : "")}.\n");
            foreach (var n in c.Notes) sb.Append($"\n{Escape(n)}\n");
            sb.Append('\n');
            Header(sb);
            foreach (var (field, v) in c.AllValues()) Row(sb, field, v);
        }

        sb.Append("\n## Assumed values\n\n| Parameter | Value | Reasoning |\n|---|---|---|\n");
        foreach (var (path, v) in all.Where(p => p.Value.Status == ValueStatus.Assumed))
            sb.Append($"| {path} | {Num(v.Value)} {v.Unit} | {Escape(v.Note ?? "")} |\n");
        return sb.ToString();
    }

    static void Header(StringBuilder sb) =>
        sb.Append("| Parameter | Value | Unit | Status | Source | Quote / derivation |\n|---|---|---|---|---|---|\n");

    static void Row(StringBuilder sb, string field, SourcedValue v)
    {
        string status = v.Status.ToString().ToLowerInvariant() + (v.StandIn is { } s ? $" ({s})" : "");
        string basis = v.Quote is { } q ? $"\"{q}\"" : "";
        if (v.Derivation is { } d) basis += (basis.Length > 0 ? "; " : "") + d;
        if (v.Note is { } n) basis += (basis.Length > 0 ? ". " : "") + $"*{n}*";
        sb.Append($"| {field} | {Num(v.Value)} | {v.Unit} | {status} | {Escape(v.Source)} | {Escape(basis)} |\n");
    }

    static string Num(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
