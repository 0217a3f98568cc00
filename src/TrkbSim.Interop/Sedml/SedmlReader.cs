using System.Collections.Immutable;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;
using TrkbSim.Modeling.Sbml;

namespace TrkbSim.Interop.Sedml;

/// <summary>
/// Reads SED-ML Level 1 (Versions 3 and 4; earlier versions where they agree) into a <see cref="SedDocument"/>. Every
/// SED-ML element it does not run is an error naming the element, so nothing is silently skipped; notes, annotations
/// and plot styles are ignored.
/// </summary>
public sealed class SedmlReader
{
    /// <summary>The SED-ML Level 1 namespaces read (Versions 1 to 4).</summary>
    public static readonly ImmutableArray<string> Namespaces =
    [
        "http://sed-ml.org/", "http://sed-ml.org/sed-ml/level1/version2", "http://sed-ml.org/sed-ml/level1/version3",
        "http://sed-ml.org/sed-ml/level1/version4",
    ];

    /// <summary>Elements ignored wherever they appear: descriptions and presentation only.</summary>
    static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "notes", "annotation", "listOfStyles", "style" };

    readonly string _file;
    readonly XNamespace _ns;

    SedmlReader(string file, XNamespace ns)
    {
        _file = file;
        _ns = ns;
    }

    /// <summary>Parses SED-ML text; <paramref name="location"/> is its path in the archive (or file name), used in messages and outputs.</summary>
    public static SedDocument Read(string xml, string location)
    {
        XDocument doc;
        try { doc = XDocument.Parse(xml, LoadOptions.SetLineInfo); }
        catch (XmlException e) { throw new SedmlException($"not well-formed XML: {e.Message}", new SourceLocation(location, e.LineNumber, e.LinePosition)); }
        var root = doc.Root!;
        if (root.Name.LocalName != "sedML" || !Namespaces.Contains(root.Name.NamespaceName))
            throw new SedmlException($"not a SED-ML document: the root element is <{root.Name.LocalName}> in namespace '{root.Name.NamespaceName}'; expected <sedML> in one of {string.Join(", ", Namespaces)}",
                new SourceLocation(location, 1, 1));
        return new SedmlReader(location, root.Name.Namespace).Document(root);
    }

    SedDocument Document(XElement root)
    {
        var models = new List<SedModel>();
        var simulations = new List<SedSimulation>();
        var tasks = new List<SedTask>();
        var generators = new List<SedDataGenerator>();
        var outputs = new List<SedOutput>();
        foreach (var list in Children(root, "sedML"))
        {
            switch (list.Name.LocalName)
            {
                case "listOfModels": models.AddRange(Children(list, "listOfModels", "model").Select(Model)); break;
                case "listOfSimulations": simulations.AddRange(Children(list, "listOfSimulations").Select(Simulation)); break;
                case "listOfTasks": tasks.AddRange(Children(list, "listOfTasks").Select(Task)); break;
                case "listOfDataGenerators": generators.AddRange(Children(list, "listOfDataGenerators", "dataGenerator").Select(DataGenerator)); break;
                case "listOfOutputs": outputs.AddRange(Children(list, "listOfOutputs").Select(Output)); break;
                default: throw Unsupported(list, "sedML", "listOfModels, listOfSimulations, listOfTasks, listOfDataGenerators, listOfOutputs");
            }
        }
        return new SedDocument(_file, [.. models], [.. simulations], [.. tasks], [.. generators], [.. outputs]);
    }

    SedModel Model(XElement e)
    {
        var changes = new List<SedChange>();
        foreach (var list in Children(e, "model", "listOfChanges"))
            foreach (var c in Children(list, "listOfChanges"))
            {
                changes.Add(c.Name.LocalName switch
                {
                    "changeAttribute" => new SedAttributeChange(Required(c, "target"), Number(c, "newValue")),
                    "computeChange" => new SedComputeChange(Required(c, "target"), Math(c, "computeChange")),
                    _ => throw Unsupported(c, "listOfChanges", "changeAttribute, computeChange"),
                });
            }
        return new SedModel(Required(e, "id"), Required(e, "source"), (string?)e.Attribute("language") ?? "", [.. changes]);
    }

    SedSimulation Simulation(XElement e)
    {
        string id = Required(e, "id");
        SedAlgorithm? algorithm = null;
        foreach (var c in Children(e, e.Name.LocalName, "algorithm")) algorithm = Algorithm(c);
        if (algorithm is null) throw Error(e, $"simulation '{id}' has no <algorithm>");
        switch (e.Name.LocalName)
        {
            case "uniformTimeCourse":
                {
                    string stepsName = e.Attribute("numberOfSteps") is not null ? "numberOfSteps" : "numberOfPoints";
                    double steps = Number(e, stepsName);
                    if (steps < 1 || steps != System.Math.Floor(steps) || steps > 10_000_000)
                        throw Error(e, $"uniformTimeCourse '{id}': {stepsName} {steps:G} must be a whole number from 1 to 10,000,000");
                    var tc = new SedUniformTimeCourse(id, algorithm, Number(e, "initialTime"), Number(e, "outputStartTime"), Number(e, "outputEndTime"), (int)steps);
                    if (!(tc.OutputStartTime >= tc.InitialTime) || !(tc.OutputEndTime > tc.OutputStartTime))
                        throw Error(e, $"uniformTimeCourse '{id}': needs initialTime <= outputStartTime < outputEndTime (got {tc.InitialTime:G}, {tc.OutputStartTime:G}, {tc.OutputEndTime:G})");
                    return tc;
                }
            case "steadyState": return new SedSteadyState(id, algorithm);
            default: throw Unsupported(e, "listOfSimulations", "uniformTimeCourse, steadyState");
        }
    }

    SedAlgorithm Algorithm(XElement e)
    {
        var parameters = new List<SedAlgorithmParameter>();
        foreach (var list in Children(e, "algorithm", "listOfAlgorithmParameters"))
            foreach (var p in Children(list, "listOfAlgorithmParameters", "algorithmParameter"))
                parameters.Add(new SedAlgorithmParameter(Required(p, "kisaoID"), Required(p, "value")));
        return new SedAlgorithm(Required(e, "kisaoID"), [.. parameters]);
    }

    SedTask Task(XElement e)
    {
        string id = Required(e, "id");
        switch (e.Name.LocalName)
        {
            case "task":
                NoChildren(e);
                return new SedSimpleTask(id, Required(e, "modelReference"), Required(e, "simulationReference"));
            case "repeatedTask":
                {
                    var ranges = new List<SedRange>();
                    var sets = new List<SedSetValue>();
                    var subs = new List<SedSubTask>();
                    foreach (var list in Children(e, "repeatedTask", "listOfRanges", "listOfChanges", "listOfSubTasks"))
                    {
                        switch (list.Name.LocalName)
                        {
                            case "listOfRanges": ranges.AddRange(Children(list, "listOfRanges").Select(Range)); break;
                            case "listOfChanges": sets.AddRange(Children(list, "listOfChanges", "setValue").Select(SetValue)); break;
                            default:
                                subs.AddRange(Children(list, "listOfSubTasks", "subTask").Select(s =>
                                    new SedSubTask(Required(s, "task"), s.Attribute("order") is null ? null : (int)Number(s, "order"))));
                                break;
                        }
                    }
                    bool reset = (string?)e.Attribute("resetModel") is { } r ? Bool(e, "resetModel", r) : false;
                    return new SedRepeatedTask(id, Required(e, "range"), reset, [.. ranges], [.. sets], [.. subs]);
                }
            default: throw Unsupported(e, "listOfTasks", "task, repeatedTask");
        }
    }

    SedRange Range(XElement e)
    {
        string id = Required(e, "id");
        switch (e.Name.LocalName)
        {
            case "uniformRange":
                {
                    NoChildren(e);
                    string stepsName = e.Attribute("numberOfSteps") is not null ? "numberOfSteps" : "numberOfPoints";
                    double steps = Number(e, stepsName);
                    if (steps < 1 || steps != System.Math.Floor(steps) || steps > 1_000_000)
                        throw Error(e, $"uniformRange '{id}': {stepsName} {steps:G} must be a whole number from 1 to 1,000,000");
                    string type = (string?)e.Attribute("type") ?? "linear";
                    if (type is not ("linear" or "log"))
                        throw Error(e, $"uniformRange '{id}': type '{type}' is not allowed; allowed: linear, log");
                    var range = new SedUniformRange(id, Number(e, "start"), Number(e, "end"), (int)steps, type == "log");
                    if (range.Log && !(range.Start > 0 && range.End > 0))
                        throw Error(e, $"uniformRange '{id}': a log range needs start and end > 0");
                    return range;
                }
            case "vectorRange":
                {
                    var values = new List<double>();
                    foreach (var v in Children(e, "vectorRange", "value")) values.Add(ParseNumber(v, v.Value, "<value>"));
                    if (values.Count == 0) throw Error(e, $"vectorRange '{id}' has no <value>");
                    return new SedVectorRange(id, [.. values]);
                }
            case "functionalRange": return new SedFunctionalRange(id, Required(e, "range"), Math(e, "functionalRange"));
            default: throw Unsupported(e, "listOfRanges", "uniformRange, vectorRange, functionalRange");
        }
    }

    SedSetValue SetValue(XElement e)
    {
        if (e.Attribute("symbol") is not null) throw Error(e, "setValue with a symbol is not supported; give a target");
        var math = MathOrNull(e, "setValue");
        if (math is null)
        {
            // Without math, the value is that of the referenced range.
            string range = (string?)e.Attribute("range") ?? throw Error(e, "setValue needs <math> or a range attribute");
            math = new SedMath([], [], new SymbolExpr(range));
        }
        return new SedSetValue(Required(e, "modelReference"), Required(e, "target"), math);
    }

    SedDataGenerator DataGenerator(XElement e) => new(Required(e, "id"), (string?)e.Attribute("name"), Math(e, "dataGenerator"));

    SedOutput Output(XElement e)
    {
        string id = Required(e, "id");
        string? name = (string?)e.Attribute("name");
        switch (e.Name.LocalName)
        {
            case "report":
                {
                    var sets = new List<SedDataSet>();
                    foreach (var list in Children(e, "report", "listOfDataSets"))
                        foreach (var d in Children(list, "listOfDataSets", "dataSet"))
                            sets.Add(new SedDataSet(Required(d, "id"), (string?)d.Attribute("label"), (string?)d.Attribute("name"), Required(d, "dataReference")));
                    if (sets.Count == 0) throw Error(e, $"report '{id}' has no data sets");
                    return new SedReport(id, name, [.. sets]);
                }
            case "plot2D":
                {
                    var curves = new List<SedCurve>();
                    bool axisLogX = false, axisLogY = false;
                    foreach (var c in Children(e, "plot2D", "listOfCurves", "xAxis", "yAxis", "rightYAxis"))
                    {
                        switch (c.Name.LocalName)
                        {
                            case "xAxis": axisLogX = (string?)c.Attribute("type") == "log10"; break;
                            case "yAxis": axisLogY = (string?)c.Attribute("type") == "log10"; break;
                            case "rightYAxis": throw Error(c, $"plot2D '{id}': a right y axis is not supported");
                            default:
                                foreach (var k in Children(c, "listOfCurves", "curve"))
                                {
                                    if ((string?)k.Attribute("yAxis") is "right") throw Error(k, $"curve '{(string?)k.Attribute("id")}' on the right y axis is not supported");
                                    curves.Add(new SedCurve(Required(k, "id"), (string?)k.Attribute("name"), Required(k, "xDataReference"), Required(k, "yDataReference"),
                                        Flag(k, "logX"), Flag(k, "logY")));
                                }
                                break;
                        }
                    }
                    return new SedPlot2D(id, name, [.. curves.Select(c => c with { LogX = c.LogX || axisLogX, LogY = c.LogY || axisLogY })]);
                }
            default: throw Unsupported(e, "listOfOutputs", "report, plot2D");
        }
    }

    SedMath Math(XElement e, string owner) => MathOrNull(e, owner) ?? throw Error(e, $"<{owner}> '{(string?)e.Attribute("id") ?? (string?)e.Attribute("target")}' has no <math>");

    SedMath? MathOrNull(XElement e, string owner)
    {
        var variables = new List<SedVariable>();
        var parameters = new List<SedParameter>();
        foreach (var list in Children(e, owner, "listOfVariables", "listOfParameters"))
        {
            if (list.Name.LocalName == "listOfVariables")
                foreach (var v in Children(list, "listOfVariables", "variable"))
                {
                    string? target = (string?)v.Attribute("target"), symbol = (string?)v.Attribute("symbol");
                    if (target is null && symbol is null) throw Error(v, $"variable '{(string?)v.Attribute("id")}' has neither a target nor a symbol");
                    variables.Add(new SedVariable(Required(v, "id"), target, symbol, (string?)v.Attribute("taskReference"), (string?)v.Attribute("modelReference")));
                }
            else
                foreach (var p in Children(list, "listOfParameters", "parameter"))
                    parameters.Add(new SedParameter(Required(p, "id"), Number(p, "value")));
        }
        Expr? expr = MathMLFragment.ReadMathOf(e, _file);
        return expr is null ? null : new SedMath([.. variables], [.. parameters], expr);
    }

    /// <summary>
    /// The SED-ML child elements of <paramref name="e"/>; a child not in <paramref name="allowed"/> (when given) is an
    /// unsupported element. MathML, notes and annotations are skipped.
    /// </summary>
    IEnumerable<XElement> Children(XElement e, string owner, params string[] allowed)
    {
        foreach (var c in e.Elements())
        {
            if (c.Name.Namespace != _ns || Ignored.Contains(c.Name.LocalName)) continue;
            if (allowed.Length > 0 && !allowed.Contains(c.Name.LocalName)) throw Unsupported(c, owner, string.Join(", ", allowed));
            yield return c;
        }
    }

    /// <summary>Checks that an element that has no SED-ML children in TrkbSim's subset has none.</summary>
    void NoChildren(XElement e)
    {
        var c = e.Elements().FirstOrDefault(c => c.Name.Namespace == _ns && !Ignored.Contains(c.Name.LocalName));
        if (c is not null) throw Unsupported(c, e.Name.LocalName, "no child elements");
    }

    SedmlException Unsupported(XElement e, string owner, string allowed) =>
        Error(e, $"unsupported SED-ML element <{e.Name.LocalName}> in <{owner}>; TrkbSim runs: {allowed} (see docs/sedml.md)");

    SedmlException Error(XObject node, string message) =>
        new(message, node is IXmlLineInfo li && li.HasLineInfo() ? new SourceLocation(_file, li.LineNumber, li.LinePosition) : new SourceLocation(_file, 0, 0));

    string Required(XElement e, string attribute) =>
        (string?)e.Attribute(attribute) is { Length: > 0 } v ? v : throw Error(e, $"<{e.Name.LocalName}> needs the attribute '{attribute}'");

    double Number(XElement e, string attribute) => ParseNumber(e, Required(e, attribute), $"{e.Name.LocalName}@{attribute}");

    double ParseNumber(XObject node, string text, string what)
    {
        var t = text.Trim();
        switch (t.ToUpperInvariant())
        {
            case "INF" or "+INF" or "INFINITY": return double.PositiveInfinity;
            case "-INF" or "-INFINITY": return double.NegativeInfinity;
            case "NAN": return double.NaN;
        }
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v : throw Error(node, $"{what}: '{text}' is not a number");
    }

    bool Flag(XElement e, string attribute) => (string?)e.Attribute(attribute) is { } v && Bool(e, attribute, v);

    bool Bool(XElement e, string attribute, string text) => text.Trim() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw Error(e, $"{e.Name.LocalName}@{attribute}: '{text}' is not true or false"),
    };
}
