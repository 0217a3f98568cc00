using System.Collections.Immutable;
using System.Xml;
using System.Xml.Linq;
using TrkbSim.Modeling.Math;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Modeling.Sbml;

/// <summary>
/// Reads SBML Level 2 (Version 4 and neighbours) and Level 3 Version 1 and 2 core into a <see cref="Model"/>,
/// mapping each level's defaults onto the model's Level 3 semantics.
/// </summary>
public static class SbmlReader
{
    /// <summary>Reads an SBML file; problems are reported as <see cref="ModelException"/> with the file's name.</summary>
    public static Model ReadFile(string path)
    {
        string text;
        try
        {
            text = InputFile.ReadAllText(path, "SBML file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelException($"cannot read '{path}': {ex.Message}", null, ex);
        }
        return Read(text, path);
    }

    /// <summary>Reads SBML text; <paramref name="fileName"/> is only used in error locations.</summary>
    public static Model Read(string xml, string? fileName = null)
    {
        var source = new SbmlSource(fileName);
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new ModelException($"invalid XML: {ex.Message}", new SourceLocation(fileName, ex.LineNumber, ex.LinePosition), ex);
        }
        return new SbmlDocumentReader(source, doc).Read();
    }
}

/// <summary>One pass over a parsed SBML document; holds the level, version and namespace while reading.</summary>
internal sealed class SbmlDocumentReader
{
    private readonly SbmlSource _source;
    private readonly XDocument _doc;
    private readonly MathMLReader _math;
    private XNamespace _ns = XNamespace.None;
    private int _level;
    private readonly List<string> _notes = [];

    public SbmlDocumentReader(SbmlSource source, XDocument doc)
    {
        _source = source;
        _doc = doc;
        _math = new MathMLReader(source);
    }

    private bool L3 => _level >= 3;

    public SbmlSource Source => _source;
    public XNamespace Namespace => _ns;
    public XDocument Document => _doc;

    public Model Read()
    {
        var m = MainModel(out bool usesComp);
        return usesComp ? new CompFlattener(this).Flatten(m) : ReadModel(m);
    }

    /// <summary>Checks the &lt;sbml&gt; element and returns its &lt;model&gt;; tells whether the comp package is required.</summary>
    public XElement MainModel(out bool usesComp)
    {
        var root = _doc.Root ?? throw _source.Error(_doc, "empty document; expected <sbml>");
        if (root.Name.LocalName != "sbml") throw _source.Error(root, $"expected <sbml> as the root element, found <{root.Name.LocalName}>");
        var lv = SbmlNamespaces.LevelVersion(root.Name.Namespace)
            ?? throw _source.Error(root, $"unknown SBML namespace '{root.Name.NamespaceName}'; expected SBML Level 2 or Level 3 core");
        _ns = root.Name.Namespace;
        _level = lv.Level;
        if (_level < 2) throw _source.Unsupported(root, "SBML Level 1 (convert the model to Level 2 or 3)");
        CheckAttribute(root, "level", lv.Level);
        CheckAttribute(root, "version", lv.Version);
        usesComp = CheckRequiredPackages(root);
        return root.Element(_ns + "model") ?? throw _source.Error(root, "<sbml> has no <model>");
    }

    private void CheckAttribute(XElement root, string name, int expected)
    {
        var a = root.Attribute(name);
        if (a is not null && a.Value.Trim() != expected.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw _source.Error(a, $"{name}=\"{a.Value}\" does not match the namespace (expected {expected})");
    }

    /// <summary>Rejects required packages other than comp (which is flattened); true when comp is required.</summary>
    private bool CheckRequiredPackages(XElement root)
    {
        bool comp = false;
        foreach (var a in root.Attributes())
        {
            if (a.Name.LocalName != "required" || a.Name.Namespace == XNamespace.None) continue;
            if (!_source.ParseBool(a, a.Value, "required")) continue;
            if (a.Name.Namespace == CompFlattener.Comp)
            {
                comp = true;
                continue;
            }
            var prefix = root.GetPrefixOfNamespace(a.Name.Namespace) ?? a.Name.NamespaceName;
            throw _source.Unsupported(a, $"SBML package '{prefix}' ({a.Name.NamespaceName}) is required by the model");
        }
        return comp;
    }

    /// <summary>Reads the core content of a &lt;model&gt; or comp &lt;modelDefinition&gt; (comp elements are left to the flattener).</summary>
    public Model ReadModel(XElement m)
    {
        var ids = new Dictionary<string, XElement>();
        // Symbols whose initial value comes from an initial assignment or rule: a missing value there is not a default.
        var assigned = new HashSet<string>();
        foreach (var ia in List(m, "listOfInitialAssignments", "initialAssignment"))
            if (Attr(ia, "symbol") is { } s) assigned.Add(s);
        foreach (var r in Children(m, "listOfRules"))
            if (Attr(r, "variable") is { } v) assigned.Add(v);

        // A user function may be called like a MathML operator (e.g. "divide"); in the model description an
        // operator name means the built-in, so such functions get a distinct id.
        foreach (var f in List(m, "listOfFunctionDefinitions", "functionDefinition"))
        {
            if (Attr(f, "id") is { } fid && Ops.IsBuiltIn(fid))
                _math.FunctionRenames[fid] = UniqueId($"{fid}_function", m);
        }
        var functions = ImmutableArray.CreateBuilder<FunctionDefinition>();
        foreach (var f in List(m, "listOfFunctionDefinitions", "functionDefinition"))
        {
            var id = Id(f, ids);
            if (_math.FunctionRenames.TryGetValue(id, out var renamed))
            {
                _notes.Add($"SBML import: function '{id}' is named like a built-in operator; renamed to '{renamed}'.");
                id = renamed;
            }
            // L3V2 allows a definition without math: it defines nothing that can be called.
            if (_math.ReadLambdaOf(f) is not { } lambda) continue;
            functions.Add(new FunctionDefinition(id, lambda.Args, lambda.Body) { Name = Attr(f, "name") });
        }

        var units = ImmutableArray.CreateBuilder<UnitDefinition>();
        foreach (var u in List(m, "listOfUnitDefinitions", "unitDefinition"))
            units.Add(ReadUnitDefinition(u));

        var compartments = ImmutableArray.CreateBuilder<Compartment>();
        foreach (var c in List(m, "listOfCompartments", "compartment"))
            compartments.Add(ReadCompartment(c, ids, assigned));

        var species = ImmutableArray.CreateBuilder<Species>();
        foreach (var s in List(m, "listOfSpecies", "species"))
            species.Add(ReadSpecies(s, ids));

        var parameters = ImmutableArray.CreateBuilder<Parameter>();
        foreach (var p in List(m, "listOfParameters", "parameter"))
            parameters.Add(ReadParameter(p, ids, isLocal: false));

        var initialAssignments = ImmutableArray.CreateBuilder<InitialAssignment>();
        foreach (var ia in List(m, "listOfInitialAssignments", "initialAssignment"))
        {
            var symbol = Required(ia, "symbol");
            if (_math.ReadMathOf(ia) is { } math) initialAssignments.Add(new InitialAssignment(symbol, math));
        }

        var rules = ImmutableArray.CreateBuilder<Rule>();
        foreach (var r in Children(m, "listOfRules"))
            if (ReadRule(r) is { } rule) rules.Add(rule);

        var reactions = ImmutableArray.CreateBuilder<Reaction>();
        foreach (var r in List(m, "listOfReactions", "reaction"))
            reactions.Add(ReadReaction(r, ids, assigned));

        var events = ImmutableArray.CreateBuilder<Event>();
        foreach (var e in List(m, "listOfEvents", "event"))
            if (ReadEvent(e, ids) is { } ev) events.Add(ev);

        var notes = ReadNotes(m);
        if (_notes.Count > 0) notes = string.Join("\n", notes is null ? _notes : _notes.Prepend(notes));

        return new Model
        {
            Id = Attr(m, "id") ?? "model",
            Name = Attr(m, "name"),
            Functions = functions.ToImmutable(),
            Units = units.ToImmutable(),
            Compartments = compartments.ToImmutable(),
            Species = species.ToImmutable(),
            Parameters = parameters.ToImmutable(),
            Reactions = reactions.ToImmutable(),
            InitialAssignments = initialAssignments.ToImmutable(),
            Rules = rules.ToImmutable(),
            Events = events.ToImmutable(),
            ModelUnits = L3
                ? new ModelUnits(Attr(m, "substanceUnits"), Attr(m, "timeUnits"), Attr(m, "volumeUnits"),
                    Attr(m, "areaUnits"), Attr(m, "lengthUnits"), Attr(m, "extentUnits"))
                : new ModelUnits(),
            ConversionFactor = L3 ? Attr(m, "conversionFactor") : null,
            Notes = notes,
        };
    }

    private static string UniqueId(string stem, XElement model)
    {
        var used = model.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var id = stem;
        for (int i = 2; used.Contains(id); i++) id = $"{stem}{i}";
        return id;
    }

    private string? ReadNotes(XElement owner)
    {
        var n = owner.Element(_ns + "notes");
        if (n is null) return null;
        var text = n.Value.Trim();
        return text.Length == 0 ? null : text;
    }

    private UnitDefinition ReadUnitDefinition(XElement u)
    {
        // Unit definition ids live in their own namespace in SBML, so they are not checked against component ids.
        var id = Required(u, "id");
        var terms = ImmutableArray.CreateBuilder<UnitTerm>();
        foreach (var t in List(u, "listOfUnits", "unit"))
        {
            var kind = Required(t, "kind");
            terms.Add(new UnitTerm(kind, Double(t, "exponent") ?? 1, (int)(Double(t, "scale") ?? 0), Double(t, "multiplier") ?? 1));
        }
        return new UnitDefinition(id, terms.ToImmutable()) { Name = Attr(u, "name") };
    }

    private Compartment ReadCompartment(XElement c, Dictionary<string, XElement> ids, HashSet<string> assigned)
    {
        var id = Id(c, ids);
        double dims = Double(c, "spatialDimensions") ?? 3;
        double? size = Double(c, "size");
        if (size is null && !assigned.Contains(id) && (!L3 || dims == 0))
        {
            // Level 2 gives a compartment without size the size 1. A 0-D compartment has no size at all; size 1
            // makes its species' symbols mean their amounts, as SBML requires.
            size = 1;
        }
        return new Compartment(id, size)
        {
            Name = Attr(c, "name"),
            SpatialDimensions = dims,
            Constant = Bool(c, "constant") ?? true,
            Units = Attr(c, "units"),
        };
    }

    private Species ReadSpecies(XElement s, Dictionary<string, XElement> ids)
    {
        var id = Id(s, ids);
        var amount = Double(s, "initialAmount");
        var concentration = Double(s, "initialConcentration");
        if (amount is not null && concentration is not null)
            throw _source.Error(s, $"species '{id}' has both initialAmount and initialConcentration");
        return new Species(id, Required(s, "compartment"))
        {
            Name = Attr(s, "name"),
            InitialAmount = amount,
            InitialConcentration = concentration,
            HasOnlySubstanceUnits = Bool(s, "hasOnlySubstanceUnits") ?? false,
            BoundaryCondition = Bool(s, "boundaryCondition") ?? false,
            Constant = Bool(s, "constant") ?? false,
            SubstanceUnits = Attr(s, "substanceUnits"),
            ConversionFactor = L3 ? Attr(s, "conversionFactor") : null,
        };
    }

    private Parameter ReadParameter(XElement p, Dictionary<string, XElement>? ids, bool isLocal)
    {
        var id = ids is null ? Required(p, "id") : Id(p, ids);
        return new Parameter(id, Double(p, "value"))
        {
            Name = Attr(p, "name"),
            // Local parameters are constants; L2 global parameters default to constant.
            Constant = isLocal || (Bool(p, "constant") ?? true),
            Units = Attr(p, "units"),
        };
    }

    private Rule? ReadRule(XElement r)
    {
        var kind = r.Name.LocalName;
        if (kind is not ("assignmentRule" or "rateRule" or "algebraicRule"))
            throw _source.Error(r, $"unexpected <{kind}> in <listOfRules>");
        // L3V2 allows rules without math; they have no effect.
        var math = _math.ReadMathOf(r);
        return kind switch
        {
            "assignmentRule" => math is null ? null : new AssignmentRule(Required(r, "variable"), math),
            "rateRule" => math is null ? null : new RateRule(Required(r, "variable"), math),
            _ => math is null ? null : new AlgebraicRule(math),
        };
    }

    private Reaction ReadReaction(XElement r, Dictionary<string, XElement> ids, HashSet<string> assigned)
    {
        var id = Id(r, ids);
        var reactants = List(r, "listOfReactants", "speciesReference").Select(x => ReadSpeciesReference(x, id, ids, assigned)).ToImmutableArray();
        var products = List(r, "listOfProducts", "speciesReference").Select(x => ReadSpeciesReference(x, id, ids, assigned)).ToImmutableArray();
        var modifiers = List(r, "listOfModifiers", "modifierSpeciesReference").Select(x => Required(x, "species")).ToImmutableArray();

        Expr? law = null;
        var locals = ImmutableArray.CreateBuilder<Parameter>();
        var kl = r.Element(_ns + "kineticLaw");
        if (kl is not null)
        {
            law = _math.ReadMathOf(kl);
            var localList = L3 ? List(kl, "listOfLocalParameters", "localParameter") : List(kl, "listOfParameters", "parameter");
            var localIds = new HashSet<string>();
            foreach (var p in localList)
            {
                var lp = ReadParameter(p, null, isLocal: true);
                if (!localIds.Add(lp.Id)) throw _source.Error(p, $"duplicate local parameter '{lp.Id}' in reaction '{id}'");
                locals.Add(lp);
            }
        }

        bool fast = Bool(r, "fast") ?? false;
        // L3V2 dropped the fast attribute; TrkbSim's writer keeps it in an annotation.
        var ann = r.Element(_ns + "annotation")?.Element(SbmlNamespaces.TrkbSim + "reaction");
        if (ann?.Attribute("fast") is { } fa) fast = _source.ParseBool(fa, fa.Value, "fast");

        return new Reaction(id)
        {
            Name = Attr(r, "name"),
            Reactants = reactants,
            Products = products,
            Modifiers = modifiers,
            KineticLaw = law,
            LocalParameters = locals.ToImmutable(),
            Reversible = Bool(r, "reversible") ?? true,
            Fast = fast,
            Compartment = L3 ? Attr(r, "compartment") : null,
        };
    }

    private SpeciesReference ReadSpeciesReference(XElement x, string reactionId, Dictionary<string, XElement> ids, HashSet<string> assigned)
    {
        var species = Required(x, "species");
        var id = Attr(x, "id");
        if (id is not null) Id(x, ids);
        double? stoichiometry = Double(x, "stoichiometry");
        if (L3)
        {
            bool constant = Bool(x, "constant") ?? true;
            if (stoichiometry is null && (id is null || !assigned.Contains(id)))
            {
                _notes.Add($"SBML import: stoichiometry of '{species}' in reaction '{reactionId}' is not set; taken as 1.");
                stoichiometry = 1;
            }
            return new SpeciesReference(species, stoichiometry) { Id = id, Constant = constant };
        }

        var sm = x.Element(_ns + "stoichiometryMath");
        if (sm is not null && _math.ReadMathOf(sm) is { } math)
            return new SpeciesReference(species, null) { Id = id, StoichiometryMath = math, Constant = false };
        // L2V1 allows a rational stoichiometry as stoichiometry / denominator.
        double denominator = Double(x, "denominator") ?? 1;
        return new SpeciesReference(species, (stoichiometry ?? 1) / denominator) { Id = id };
    }

    private Event? ReadEvent(XElement e, Dictionary<string, XElement> ids)
    {
        string? id = Attr(e, "id");
        if (id is not null) Id(e, ids);
        var trigger = e.Element(_ns + "trigger");
        // An event without trigger math can never fire (L3V2 allows that).
        if (trigger is null || _math.ReadMathOf(trigger) is not { } triggerMath) return null;

        var delayElement = e.Element(_ns + "delay");
        var priorityElement = e.Element(_ns + "priority");
        var assignments = ImmutableArray.CreateBuilder<EventAssignment>();
        foreach (var a in List(e, "listOfEventAssignments", "eventAssignment"))
        {
            var variable = Required(a, "variable");
            if (_math.ReadMathOf(a) is { } math) assignments.Add(new EventAssignment(variable, math));
        }
        return new Event(triggerMath)
        {
            Id = id,
            Name = Attr(e, "name"),
            Delay = delayElement is null ? null : _math.ReadMathOf(delayElement),
            Priority = priorityElement is null ? null : _math.ReadMathOf(priorityElement),
            // Level 2 has neither attribute; its events behave as persistent with initialValue true.
            Persistent = L3 ? Bool(trigger, "persistent") ?? true : true,
            InitialValue = L3 ? Bool(trigger, "initialValue") ?? true : true,
            UseValuesFromTriggerTime = Bool(e, "useValuesFromTriggerTime") ?? true,
            Assignments = assignments.ToImmutable(),
        };
    }

    // ---- helpers -------------------------------------------------------------------------------

    private IEnumerable<XElement> List(XElement parent, string listName, string itemName)
    {
        var list = parent.Element(_ns + listName);
        if (list is null) yield break;
        foreach (var item in list.Elements())
        {
            if (item.Name.Namespace != _ns) continue; // another package's element
            if (item.Name.LocalName is "notes" or "annotation") continue;
            if (item.Name.LocalName != itemName)
                throw _source.Error(item, $"unexpected <{item.Name.LocalName}> in <{listName}>; expected <{itemName}>");
            yield return item;
        }
    }

    private IEnumerable<XElement> Children(XElement parent, string listName)
    {
        var list = parent.Element(_ns + listName);
        if (list is null) yield break;
        foreach (var item in list.Elements())
            if (item.Name.Namespace == _ns && item.Name.LocalName is not ("notes" or "annotation"))
                yield return item;
    }

    private static string? Attr(XElement e, string name) => (string?)e.Attribute(name) is { } v ? v.Trim() : null;

    private string Required(XElement e, string name) =>
        Attr(e, name) is { Length: > 0 } v ? v : throw _source.Error(e, $"<{e.Name.LocalName}> needs the attribute '{name}'");

    private string Id(XElement e, Dictionary<string, XElement> ids)
    {
        var id = Required(e, "id");
        if (ids.TryGetValue(id, out var previous))
        {
            var where = _source.Locate(previous) is { } l ? $" (first defined at {l.Line}:{l.Column})" : "";
            throw _source.Error(e, $"duplicate id '{id}'{where}");
        }
        ids[id] = e;
        return id;
    }

    private double? Double(XElement e, string name) =>
        e.Attribute(name) is { } a ? _source.ParseDouble(a, a.Value, $"attribute '{name}' of <{e.Name.LocalName}>") : null;

    private bool? Bool(XElement e, string name) =>
        e.Attribute(name) is { } a ? _source.ParseBool(a, a.Value, $"attribute '{name}' of <{e.Name.LocalName}>") : null;
}
