using System.Collections.Immutable;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Modeling.Sbml;

/// <summary>
/// A flux balance problem (SBML fbc package): maximise or minimise the objective c . v over the reaction fluxes v
/// subject to N v = 0 for every species that is not a boundary species, and lower &lt;= v &lt;= upper.
/// </summary>
/// <param name="Reactions">Reaction ids, the order of the flux vector.</param>
/// <param name="Balances">Per balanced species, its (reaction index, stoichiometry) terms.</param>
/// <param name="Lower">Lower flux bounds (negative infinity where none is given).</param>
/// <param name="Upper">Upper flux bounds (positive infinity where none is given).</param>
/// <param name="ObjectiveId">The active objective's id.</param>
/// <param name="Maximise">True to maximise, false to minimise.</param>
/// <param name="Objective">Objective coefficient per reaction.</param>
public sealed record FluxBalanceProblem(
    ImmutableArray<string> Reactions,
    ImmutableArray<ImmutableArray<(int Reaction, double Stoichiometry)>> Balances,
    ImmutableArray<double> Lower,
    ImmutableArray<double> Upper,
    string ObjectiveId,
    bool Maximise,
    ImmutableArray<double> Objective);

/// <summary>Reads the flux balance problem of an SBML file with the fbc package (version 1 flux bounds or version 2 bound parameters).</summary>
public static class FluxBalanceReader
{
    private const string FbcPrefix = "http://www.sbml.org/sbml/level3/version1/fbc/";

    /// <summary>
    /// Reads the problem; <paramref name="initialValues"/> gives, for the core model, each id's value at the start
    /// (bound parameters and species reference stoichiometries may be set by initial assignments).
    /// </summary>
    public static FluxBalanceProblem ReadFile(string path, Func<Model, Func<string, double>> initialValues)
    {
        ArgumentNullException.ThrowIfNull(initialValues);
        var text = InputFile.ReadAllText(path, "SBML file");
        XDocument doc;
        try
        {
            doc = XDocument.Parse(text, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new ModelException($"invalid XML: {ex.Message}", new SourceLocation(path, ex.LineNumber, ex.LinePosition), ex);
        }
        var model = SbmlReader.Read(text, path);
        return Read(model, initialValues(model), doc, path);
    }

    private static FluxBalanceProblem Read(Model model, Func<string, double> valueOf, XDocument doc, string path)
    {
        var modelEl = doc.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "model")
            ?? throw new ModelException($"{path}: no <model>");
        XNamespace fbc = doc.Root!.Attributes().Where(a => a.IsNamespaceDeclaration && a.Value.StartsWith(FbcPrefix, StringComparison.Ordinal))
            .Select(a => a.Value).FirstOrDefault()
            ?? throw new ModelException($"{path}: the model does not use the fbc package (no flux balance problem)");
        var reactions = model.Reactions.Select(r => r.Id).ToImmutableArray();
        var index = reactions.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        int Reaction(string? id, XElement at) => id is not null && index.TryGetValue(id, out int i) ? i
            : throw new ModelException($"{path}: {Where(at)} refers to unknown reaction '{id}'");

        var lower = Enumerable.Repeat(double.NegativeInfinity, reactions.Length).ToArray();
        var upper = Enumerable.Repeat(double.PositiveInfinity, reactions.Length).ToArray();
        // Version 1: <fbc:fluxBound fbc:reaction fbc:operation fbc:value/>.
        foreach (var b in modelEl.Descendants(fbc + "fluxBound"))
        {
            int r = Reaction(Attr(b, fbc, "reaction"), b);
            double v = Number(Attr(b, fbc, "value"), b, path);
            switch (Attr(b, fbc, "operation"))
            {
                case "lessEqual" or "less": upper[r] = System.Math.Min(upper[r], v); break;
                case "greaterEqual" or "greater": lower[r] = System.Math.Max(lower[r], v); break;
                case "equal": lower[r] = upper[r] = v; break;
                case var op: throw new ModelException($"{path}: {Where(b)}: flux bound operation '{op}' (allowed: lessEqual, greaterEqual, equal)");
            }
        }
        // Version 2: reactions name parameters as their bounds.
        var parameters = model.Parameters.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var re in modelEl.Descendants().Where(e => e.Name.LocalName == "reaction"))
        {
            if (Attr(re, fbc, "lowerFluxBound") is null && Attr(re, fbc, "upperFluxBound") is null) continue;
            int r = Reaction((string?)re.Attribute("id"), re);
            if (Attr(re, fbc, "lowerFluxBound") is { } l) lower[r] = BoundValue(l);
            if (Attr(re, fbc, "upperFluxBound") is { } u) upper[r] = BoundValue(u);

            double BoundValue(string id) => parameters.Contains(id) && valueOf(id) is var v && !double.IsNaN(v) ? v
                : throw new ModelException($"{path}: {Where(re)}: flux bound parameter '{id}' is missing or has no value");
        }

        var objectives = modelEl.Descendants(fbc + "listOfObjectives").FirstOrDefault()
            ?? throw new ModelException($"{path}: no fbc:listOfObjectives");
        var activeId = Attr(objectives, fbc, "activeObjective");
        var active = objectives.Elements(fbc + "objective").FirstOrDefault(o => Attr(o, fbc, "id") == activeId)
            ?? throw new ModelException($"{path}: active objective '{activeId}' not found");
        bool maximise = Attr(active, fbc, "type") switch
        {
            "maximize" => true,
            "minimize" => false,
            var t => throw new ModelException($"{path}: {Where(active)}: objective type '{t}' (allowed: maximize, minimize)"),
        };
        var objective = new double[reactions.Length];
        foreach (var f in active.Descendants(fbc + "fluxObjective"))
            objective[Reaction(Attr(f, fbc, "reaction"), f)] += Number(Attr(f, fbc, "coefficient"), f, path);

        var speciesRows = new Dictionary<string, List<(int, double)>>(StringComparer.Ordinal);
        foreach (var s in model.Species.Where(s => !s.BoundaryCondition)) speciesRows[s.Id] = [];
        for (int r = 0; r < model.Reactions.Length; r++)
        {
            var rx = model.Reactions[r];
            foreach (var (refs, sign) in new[] { (rx.Reactants, -1.0), (rx.Products, 1.0) })
                foreach (var sr in refs)
                    if (speciesRows.TryGetValue(sr.Species, out var row))
                        row.Add((r, sign * (sr.Id is { } id ? valueOf(id) : sr.Stoichiometry ?? 1.0)));
        }
        return new FluxBalanceProblem(reactions,
            [.. speciesRows.Values.Where(row => row.Count > 0).Select(row => row.ToImmutableArray())],
            [.. lower], [.. upper], activeId!, maximise, [.. objective]);
    }

    private static string? Attr(XElement e, XNamespace fbc, string name) => ((string?)e.Attribute(fbc + name) ?? (string?)e.Attribute(name))?.Trim();

    private static double Number(string? text, XElement at, string path) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
        : text is "INF" or "inf" or "Infinity" ? double.PositiveInfinity
        : text is "-INF" or "-inf" or "-Infinity" ? double.NegativeInfinity
        : throw new ModelException($"{path}: {Where(at)}: '{text}' is not a number");

    private static string Where(XElement e) =>
        e is IXmlLineInfo li && li.HasLineInfo() ? $"line {li.LineNumber} <{e.Name.LocalName}>" : $"<{e.Name.LocalName}>";
}
