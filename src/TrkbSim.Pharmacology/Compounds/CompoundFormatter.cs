using System.Globalization;
using System.Text;

namespace TrkbSim.Pharmacology.Compounds;

/// <summary>Plain-text renderings of the library for <c>compounds list</c> and <c>compounds show NAME</c>.</summary>
public static class CompoundFormatter
{
    /// <summary>One line per compound: id, class, bound targets with their affinities.</summary>
    public static string List(CompoundLibrary library)
    {
        var sb = new StringBuilder();
        int idWidth = library.Compounds.Max(c => c.Id.Length);
        int classWidth = library.Compounds.Max(c => c.Class.Length);
        foreach (var c in library.Compounds)
        {
            string targets = c.Affinities.Count == 0 ? "(no modelled target)"
                : string.Join(", ", c.Affinities.OrderBy(p => p.Key).Select(p => $"{p.Key} {Num(p.Value.Value)} nM"));
            string species = string.Join("/", c.Pk.Keys.OrderBy(o => o).Select(o => o.Name()));
            sb.Append(c.Id.PadRight(idWidth)).Append("  ").Append(c.Class.PadRight(classWidth)).Append("  ")
              .Append(targets).Append("  [PK: ").Append(species.Length == 0 ? "none" : species).Append(']').Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Every parameter of one compound: value, unit, status, source (and quote, derivation, note).</summary>
    public static string Show(CompoundLibrary library, string id)
    {
        var c = library.Get(id);
        var sb = new StringBuilder();
        sb.Append(c.Name).Append(" (").Append(c.Id).Append(") - ").Append(c.Class).Append('\n');
        if (c.Parent is { } p) sb.Append("metabolite of: ").Append(p).Append('\n');
        if (c.ClinicalDose is { } dose)
            sb.Append("clinical dose: ").Append(dose.Describe()).Append(dose.Population is { } who ? $"; {who}" : "").Append('\n');
        foreach (var note in c.Notes) sb.Append("note: ").Append(note).Append('\n');
        foreach (var (field, v) in c.AllValues()) AppendValue(sb, field, v);
        foreach (var org in c.Pk.Keys.OrderBy(o => o))
            if (c.Pk[org].KpUu is null)
                AppendValue(sb, $"pk.{org.Name()}.kp_uu (library default)", library.DefaultKpUu);
        var absent = Enum.GetValues<Target>().Where(t => !c.Affinities.ContainsKey(t)).ToList();
        if (absent.Count > 0) sb.Append("does not bind (no affinity given): ").Append(string.Join(", ", absent)).Append('\n');
        return sb.ToString();
    }

    static void AppendValue(StringBuilder sb, string field, SourcedValue v)
    {
        sb.Append("  ").Append(field).Append(" = ").Append(Num(v.Value)).Append(' ').Append(v.Unit)
          .Append("  [").Append(v.Status.ToString().ToLowerInvariant());
        if (v.StandIn is { } s) sb.Append(", ").Append(s).Append(" value");
        sb.Append("]\n    source: ").Append(v.Source).Append('\n');
        if (v.Quote is { } q) sb.Append("    quote: \"").Append(q).Append("\"\n");
        if (v.Derivation is { } d) sb.Append("    derivation: ").Append(d).Append('\n');
        if (v.Note is { } n) sb.Append("    note: ").Append(n).Append('\n');
    }

    static string Num(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}
