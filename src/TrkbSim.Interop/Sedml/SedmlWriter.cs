using System.Collections.Immutable;
using System.Globalization;
using System.Xml.Linq;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;
using TrkbSim.Modeling.Sbml;

namespace TrkbSim.Interop.Sedml;

/// <summary>A time course to describe in SED-ML: the model (for its ids), its file in the archive, the grid, solver and outputs.</summary>
public sealed record SedTimeCourseSpec
{
    public required Model Model { get; init; }
    /// <summary>Location of the SBML file relative to the SED-ML file.</summary>
    public string ModelSource { get; init; } = "model.xml";
    public double Start { get; init; }
    public required double End { get; init; }
    public int Steps { get; init; } = 100;
    public string Solver { get; init; } = "auto";
    public double RelTol { get; init; } = 1e-6;
    public double AbsTol { get; init; } = 1e-12;
    /// <summary>Output variables as <c>trkbsim simulate --vars</c> names them: ids (math meaning), amount(S), concentration(S).</summary>
    public required ImmutableArray<string> Outputs { get; init; }
    /// <summary>Also describe a plot of every output against time.</summary>
    public bool Plot { get; init; } = true;
}

/// <summary>
/// Writes SED-ML Level 1 Version 4 for a time course of an SBML model: one uniformTimeCourse with its KiSAO algorithm
/// and tolerances, one task, a data generator per output (amount(S) and concentration(S) as math over the species and
/// its compartment), a report (time first) and optionally a plot.
/// </summary>
public static class SedmlWriter
{
    public static readonly XNamespace Ns = "http://sed-ml.org/sed-ml/level1/version4";
    const string SbmlLanguage = "urn:sedml:language:sbml.level-3.version-2";

    public static XDocument TimeCourse(SedTimeCourseSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!(spec.End > spec.Start)) throw new ArgumentException($"the end time {spec.End:G} must be after the start {spec.Start:G}", nameof(spec));
        if (spec.Steps < 1) throw new ArgumentException($"steps {spec.Steps} must be at least 1", nameof(spec));
        var generators = new List<XElement> { Generator("dg_time", "time", [Variable("time", null, SedTarget.TimeSymbol)], new SymbolExpr("time")) };
        var dataSets = new List<XElement> { DataSet("time", "time") };
        for (int i = 1; i <= spec.Outputs.Length; i++)
        {
            generators.Add(OutputGenerator(spec.Model, spec.Outputs[i - 1], $"dg_{i}"));
            dataSets.Add(DataSet($"{i}", spec.Outputs[i - 1]));
        }
        var outputs = new List<XElement>
        {
            new(Ns + "report", new XAttribute("id", "report"), new XAttribute("name", "time course"), new XElement(Ns + "listOfDataSets", dataSets)),
        };
        if (spec.Plot)
            outputs.Add(new XElement(Ns + "plot2D", new XAttribute("id", "plot"), new XAttribute("name", "time course"),
                new XElement(Ns + "listOfCurves", Enumerable.Range(1, spec.Outputs.Length).Select(i => new XElement(Ns + "curve",
                    new XAttribute("id", $"curve_{i}"), new XAttribute("name", spec.Outputs[i - 1]), new XAttribute("type", "points"),
                    new XAttribute("xDataReference", "dg_time"), new XAttribute("yDataReference", $"dg_{i}"))))));

        var root = new XElement(Ns + "sedML",
            new XAttribute(XNamespace.Xmlns + "sbml", SbmlNamespaces.L3V2.NamespaceName),
            new XAttribute("level", 1), new XAttribute("version", 4),
            new XElement(Ns + "listOfModels", new XElement(Ns + "model", new XAttribute("id", "model"),
                new XAttribute("language", SbmlLanguage), new XAttribute("source", spec.ModelSource))),
            new XElement(Ns + "listOfSimulations", new XElement(Ns + "uniformTimeCourse", new XAttribute("id", "simulation"),
                new XAttribute("initialTime", Number(spec.Start)), new XAttribute("outputStartTime", Number(spec.Start)),
                new XAttribute("outputEndTime", Number(spec.End)), new XAttribute("numberOfSteps", spec.Steps),
                new XElement(Ns + "algorithm", new XAttribute("kisaoID", KisaoAlgorithms.ForSolver(spec.Solver)),
                    new XElement(Ns + "listOfAlgorithmParameters",
                        Parameter(KisaoAlgorithms.RelativeTolerance, spec.RelTol), Parameter(KisaoAlgorithms.AbsoluteTolerance, spec.AbsTol))))),
            new XElement(Ns + "listOfTasks", new XElement(Ns + "task", new XAttribute("id", "task"),
                new XAttribute("modelReference", "model"), new XAttribute("simulationReference", "simulation"))),
            new XElement(Ns + "listOfDataGenerators", generators),
            new XElement(Ns + "listOfOutputs", outputs));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root);
    }

    /// <summary>The data generator of one output name: an id read directly, amount(S) or concentration(S) through the compartment.</summary>
    static XElement OutputGenerator(Model model, string output, string id)
    {
        string name = output;
        string? scale = null;
        if (output.StartsWith("amount(", StringComparison.Ordinal) && output.EndsWith(')')) { name = output[7..^1].Trim(); scale = "amount"; }
        else if (output.StartsWith("concentration(", StringComparison.Ordinal) && output.EndsWith(')')) { name = output[14..^1].Trim(); scale = "concentration"; }
        string kind = KindOf(model, name) ?? throw new ArgumentException($"'{name}' is not a species, parameter, compartment or reaction of the model", nameof(output));
        var variables = new List<XElement> { Variable("v", Target(kind, name), null) };
        Expr math = new SymbolExpr("v");
        if (scale is not null)
        {
            var s = model.FindSpecies(name) ?? throw new ArgumentException($"'{output}': '{name}' is not a species", nameof(output));
            // The species' value in SED-ML is its concentration, or its amount with hasOnlySubstanceUnits.
            if ((scale == "amount") != s.HasOnlySubstanceUnits)
            {
                variables.Add(Variable("c", Target("compartment", s.Compartment), null));
                math = new CallExpr(scale == "amount" ? Ops.Times : Ops.Divide, [new SymbolExpr("v"), new SymbolExpr("c")]);
            }
        }
        return Generator(id, output, variables, math);
    }

    static string? KindOf(Model model, string id) =>
        model.FindSpecies(id) is not null ? "species"
        : model.FindParameter(id) is not null ? "parameter"
        : model.FindCompartment(id) is not null ? "compartment"
        : model.FindReaction(id) is not null ? "reaction"
        : null;

    static string Target(string kind, string id)
    {
        string list = kind switch { "species" => "listOfSpecies", "parameter" => "listOfParameters", "compartment" => "listOfCompartments", _ => "listOfReactions" };
        return $"/sbml:sbml/sbml:model/sbml:{list}/sbml:{kind}[@id='{id}']";
    }

    static XElement Generator(string id, string name, IEnumerable<XElement> variables, Expr math) =>
        new(Ns + "dataGenerator", new XAttribute("id", id), new XAttribute("name", name),
            new XElement(Ns + "listOfVariables", variables), MathMLFragment.Write(math));

    static XElement Variable(string id, string? target, string? symbol) =>
        new(Ns + "variable", new XAttribute("id", id), target is null ? null : new XAttribute("target", target),
            symbol is null ? null : new XAttribute("symbol", symbol), new XAttribute("taskReference", "task"));

    /// <summary>Data set ds_SUFFIX of data generator dg_SUFFIX.</summary>
    static XElement DataSet(string suffix, string label) =>
        new(Ns + "dataSet", new XAttribute("id", $"ds_{suffix}"), new XAttribute("label", label), new XAttribute("dataReference", $"dg_{suffix}"));

    static XElement Parameter(string kisao, double value) =>
        new(Ns + "algorithmParameter", new XAttribute("kisaoID", kisao), new XAttribute("value", Number(value)));

    static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
