using System.Collections.Immutable;
using System.Xml;
using System.Xml.Linq;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Modeling.Sbml;

/// <summary>
/// Flattens an SBML Level 3 hierarchical model (comp package) into one core model: every submodel instance's
/// ids get the prefix "submodel__", deletions remove elements, and replacements (replacedElement, replacedBy)
/// merge elements so that references point at the element that survives. Conversion factors (time, extent, and
/// on replaced elements) are applied to each submodel before it is merged (<see cref="CompConversions"/>).
/// </summary>
internal sealed class CompFlattener(SbmlDocumentReader mainReader)
{
    public static readonly XNamespace Comp = "http://www.sbml.org/sbml/level3/version1/comp/version1";
    private const int MaxDepth = 16;

    private readonly Dictionary<string, SbmlDocumentReader> _external = new(StringComparer.Ordinal);

    /// <summary>A flattened model with the renames done inside it (own id -> surviving own id) and its submodel instances.</summary>
    private sealed record Flat(Model Model, Dictionary<string, string> Renames, Dictionary<string, Instance> Children);

    private sealed record Instance(SbmlDocumentReader Reader, XElement Definition, Flat Flat);

    /// <summary>Where an SBase reference points: an element of this model, or into a submodel instance.</summary>
    private abstract record Target;
    private sealed record ElementTarget(XElement Element) : Target;
    private sealed record NestedTarget(string Submodel, XElement Ref) : Target;
    private sealed record IgnoredTarget : Target;

    public Model Flatten(XElement model) => FlattenModel(mainReader, model, [], 0).Model;

    /// <summary>An element to remove from an instance; a deletion also removes what sets it, a replacement does not.</summary>
    private readonly record struct Removal(XElement Ref, bool WithDependents);

    private Flat FlattenModel(SbmlDocumentReader r, XElement modelEl, IReadOnlyList<Removal> removals, int depth)
    {
        if (depth > MaxDepth) throw r.Source.Error(modelEl, $"submodels nested more than {MaxDepth} deep (is a modelRef cyclic?)");
        // Each instance edits its own copy: the same definition may be instantiated with different deletions.
        var clone = new XElement(modelEl);
        var nestedRemovals = new Dictionary<string, List<Removal>>();
        foreach (var d in removals)
        {
            // A target already removed with another element (e.g. a rule of a deleted parameter) needs nothing more.
            switch (Locate(r, clone, d.Ref, strict: false))
            {
                case NestedTarget n: Add(nestedRemovals, n.Submodel, d with { Ref = n.Ref }); break;
                case ElementTarget e: Remove(r, clone, e.Element, d.WithDependents); break;
            }
        }

        var replacedElements = new List<(string? Owner, XElement Ref)>();
        var replacedBy = new List<(string Owner, XElement Ref)>();
        foreach (var owner in clone.Descendants().ToList())
        {
            if (owner.Name.Namespace == Comp) continue;
            var ownerId = (string?)owner.Attribute("id");
            foreach (var re in owner.Element(Comp + "listOfReplacedElements")?.Elements(Comp + "replacedElement") ?? [])
            {
                // A replacement of a deletion only documents that the deleted element is gone.
                if (CompAttr(re, "deletion") is not null) continue;
                replacedElements.Add((ownerId, re));
            }
            if (owner.Element(Comp + "replacedBy") is { } rb)
            {
                if (ownerId is null) throw Unsupported(r, rb, $"comp replacedBy on an <{owner.Name.LocalName}> without id");
                replacedBy.Add((ownerId, rb));
                // The parent's element gives way to the submodel's, which takes over the parent's id below.
                owner.Remove();
            }
        }

        var merged = r.ReadModel(clone);
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var children = new Dictionary<string, Instance>(StringComparer.Ordinal);
        foreach (var sm in clone.Element(Comp + "listOfSubmodels")?.Elements(Comp + "submodel") ?? [])
        {
            var sid = CompAttr(sm, "id") ?? throw r.Source.Error(sm, "<comp:submodel> needs comp:id");
            var modelRef = CompAttr(sm, "modelRef") ?? throw r.Source.Error(sm, $"submodel '{sid}' needs comp:modelRef");
            var (sr, def) = ResolveModel(r, modelRef, sm, depth);

            var dels = new List<Removal>((sm.Element(Comp + "listOfDeletions")?.Elements(Comp + "deletion") ?? []).Select(x => new Removal(x, true)));
            if (nestedRemovals.TryGetValue(sid, out var nd)) dels.AddRange(nd);
            dels.AddRange(replacedElements.Where(x => CompAttr(x.Ref, "submodelRef") == sid).Select(x => new Removal(x.Ref, false)));

            var flat = FlattenModel(sr, def, dels, depth + 1);
            var instance = children[sid] = new Instance(sr, def, flat);
            var factors = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (_, re) in replacedElements)
            {
                if (CompAttr(re, "submodelRef") == sid && CompAttr(re, "conversionFactor") is { } cf && IdIn(instance, re) is { } target)
                    factors[$"{sid}__{target}"] = cf;
            }
            var child = CompConversions.Apply(ModelIds.Rename(flat.Model, id => $"{sid}__{id}"),
                CompAttr(sm, "timeConversionFactor"), CompAttr(sm, "extentConversionFactor"), factors);
            merged = Merge(merged, child);
            foreach (var (from, to) in flat.Renames) renames[$"{sid}__{from}"] = $"{sid}__{to}";
        }

        foreach (var (owner, re) in replacedElements)
        {
            if (owner is null) continue; // an element without id replaces by removal only
            if (TargetId(r, re, children) is { } target) renames[target] = owner;
        }
        // The submodel's element survives a replacedBy, under the parent's id (as for replacedElement).
        foreach (var (owner, rb) in replacedBy)
        {
            if (TargetId(r, rb, children) is { } target) renames[target] = owner;
        }

        if (renames.Count > 0) merged = ModelIds.Rename(merged, id => Final(renames, id) is var f && f != id ? f : null);
        return new Flat(merged, renames, children);
    }

    /// <summary>The flattened id (in the current model's space) of what a replacedElement / replacedBy points at.</summary>
    private static string? TargetId(SbmlDocumentReader r, XElement reference, Dictionary<string, Instance> children)
    {
        var sid = CompAttr(reference, "submodelRef") ?? throw r.Source.Error(reference, "missing comp:submodelRef");
        if (!children.TryGetValue(sid, out var inst)) throw r.Source.Error(reference, $"no submodel '{sid}'");
        return IdIn(inst, reference) is { } id ? $"{sid}__{id}" : null;
    }

    /// <summary>The id an SBase reference denotes inside a flattened instance, after that instance's own renames.</summary>
    private static string? IdIn(Instance inst, XElement reference)
    {
        string? id = Locate(inst.Reader, inst.Definition, reference, strict: true) switch
        {
            NestedTarget n when inst.Flat.Children.TryGetValue(n.Submodel, out var child) =>
                IdIn(child, n.Ref) is { } inner ? $"{n.Submodel}__{inner}" : null,
            NestedTarget n => throw inst.Reader.Source.Error(reference, $"no submodel '{n.Submodel}'"),
            ElementTarget e => ElementId(e.Element),
            _ => null,
        };
        return id is null ? null : Final(inst.Flat.Renames, id);
    }

    private static string? ElementId(XElement e) => e.Name == Comp + "submodel" ? CompAttr(e, "id") : (string?)e.Attribute("id");

    private static string Final(Dictionary<string, string> renames, string id)
    {
        for (int guard = 0; guard < 64 && renames.TryGetValue(id, out var next) && next != id; guard++) id = next;
        return id;
    }

    private static Target? Locate(SbmlDocumentReader r, XElement modelEl, XElement reference, bool strict)
    {
        var child = reference.Element(Comp + "sBaseRef");
        if (CompAttr(reference, "portRef") is { } portRef)
        {
            var port = modelEl.Element(Comp + "listOfPorts")?.Elements(Comp + "port").FirstOrDefault(p => CompAttr(p, "id") == portRef)
                ?? throw r.Source.Error(reference, $"no port '{portRef}' in model '{(string?)modelEl.Attribute("id")}'");
            return Locate(r, modelEl, port, strict);
        }
        if (CompAttr(reference, "idRef") is { } idRef)
        {
            if (child is not null) return new NestedTarget(idRef, child);
            var el = modelEl.Descendants().FirstOrDefault(e => e.Name != Comp + "port" && ElementId(e) == idRef);
            if (el is null && strict) throw r.Source.Error(reference, $"no element '{idRef}' in model '{(string?)modelEl.Attribute("id")}'");
            return el is null ? null : new ElementTarget(el);
        }
        if (CompAttr(reference, "metaIdRef") is { } metaIdRef)
        {
            var el = modelEl.Descendants().FirstOrDefault(e => ((string?)e.Attribute("metaid") ?? CompAttr(e, "metaid")) == metaIdRef);
            if (el is null && strict) throw r.Source.Error(reference, $"no element with metaid '{metaIdRef}' in model '{(string?)modelEl.Attribute("id")}'");
            if (el is null) return null;
            if (child is not null && el.Name == Comp + "submodel") return new NestedTarget(CompAttr(el, "id")!, child);
            return new ElementTarget(el);
        }
        if (CompAttr(reference, "unitRef") is not null) return new IgnoredTarget(); // units do not change simulation
        throw r.Source.Error(reference, "an SBase reference needs comp:portRef, comp:idRef, comp:metaIdRef or comp:unitRef");
    }

    /// <summary>Removes an element; for a deletion also the rules and assignments that would set it.</summary>
    private static void Remove(SbmlDocumentReader r, XElement modelEl, XElement el, bool withDependents)
    {
        var id = ElementId(el);
        el.Remove();
        if (id is null || !withDependents) return;
        var ns = r.Namespace;
        foreach (var dep in modelEl.Descendants().Where(e =>
            (e.Name == ns + "assignmentRule" || e.Name == ns + "rateRule" || e.Name == ns + "eventAssignment") && (string?)e.Attribute("variable") == id
            || e.Name == ns + "initialAssignment" && (string?)e.Attribute("symbol") == id).ToList())
            dep.Remove();
    }

    private (SbmlDocumentReader Reader, XElement Model) ResolveModel(SbmlDocumentReader r, string modelRef, XElement at, int depth)
    {
        var root = r.Document.Root!;
        var def = root.Element(Comp + "listOfModelDefinitions")?.Elements(Comp + "modelDefinition")
            .FirstOrDefault(d => ((string?)d.Attribute("id") ?? CompAttr(d, "id")) == modelRef);
        if (def is not null) return (r, def);
        var main = root.Element(r.Namespace + "model");
        if (main is not null && (string?)main.Attribute("id") == modelRef) return (r, main);

        var ext = root.Element(Comp + "listOfExternalModelDefinitions")?.Elements(Comp + "externalModelDefinition")
            .FirstOrDefault(d => CompAttr(d, "id") == modelRef)
            ?? throw r.Source.Error(at, $"no model definition '{modelRef}'");
        if (depth > MaxDepth) throw r.Source.Error(ext, "external model definitions nested too deeply");
        var source = CompAttr(ext, "source") ?? throw r.Source.Error(ext, $"external model definition '{modelRef}' needs comp:source");
        var er = LoadExternal(r, source, ext);
        var mainOfExternal = er.MainModel(out _);
        if (CompAttr(ext, "modelRef") is { } inner && (string?)mainOfExternal.Attribute("id") != inner)
            return ResolveModel(er, inner, ext, depth + 1);
        return (er, mainOfExternal);
    }

    private SbmlDocumentReader LoadExternal(SbmlDocumentReader r, string source, XElement at)
    {
        var relative = source.StartsWith("file:", StringComparison.Ordinal) ? new Uri(source).LocalPath : source;
        var baseDir = r.Source.FileName is { } f ? Path.GetDirectoryName(Path.GetFullPath(f)) ?? "." : ".";
        var path = Path.GetFullPath(Path.Combine(baseDir, relative));
        if (_external.TryGetValue(path, out var cached)) return cached;
        if (!File.Exists(path)) throw r.Source.Error(at, $"external model file '{source}' not found (looked for {path})");
        XDocument doc;
        try
        {
            doc = XDocument.Parse(InputFile.ReadAllText(path, "external model file"), LoadOptions.SetLineInfo);
        }
        catch (InputFileException ex)
        {
            throw r.Source.Error(at, ex.Message);
        }
        catch (XmlException ex)
        {
            throw new ModelException($"invalid XML: {ex.Message}", new SourceLocation(path, ex.LineNumber, ex.LinePosition), ex);
        }
        var reader = new SbmlDocumentReader(new SbmlSource(path), doc);
        _external[path] = reader;
        return reader;
    }

    private static Model Merge(Model a, Model b)
    {
        var unitIds = a.Units.Select(u => u.Id).ToHashSet();
        return a with
        {
            Functions = a.Functions.AddRange(b.Functions),
            // Unit definitions keep their ids; the first definition of an id wins (units do not change simulation).
            Units = a.Units.AddRange(b.Units.Where(u => unitIds.Add(u.Id))),
            Compartments = a.Compartments.AddRange(b.Compartments),
            Species = a.Species.AddRange(b.Species),
            Parameters = a.Parameters.AddRange(b.Parameters),
            Reactions = a.Reactions.AddRange(b.Reactions),
            InitialAssignments = a.InitialAssignments.AddRange(b.InitialAssignments),
            Rules = a.Rules.AddRange(b.Rules),
            Events = a.Events.AddRange(b.Events),
            Notes = a.Notes ?? b.Notes,
        };
    }

    private static void Add<T>(Dictionary<string, List<T>> d, string key, T value)
    {
        if (!d.TryGetValue(key, out var list)) d[key] = list = [];
        list.Add(value);
    }

    private static string? CompAttr(XElement e, string name) => ((string?)e.Attribute(Comp + name) ?? (string?)e.Attribute(name))?.Trim();

    private static ModelException Unsupported(SbmlDocumentReader r, XElement at, string what) => r.Source.Unsupported(at, what);

}
