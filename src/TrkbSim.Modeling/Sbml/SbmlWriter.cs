using System.Globalization;
using System.Xml.Linq;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Sbml;

/// <summary>
/// Writes a <see cref="Model"/> as SBML Level 3 Version 2 core. Level 2 stoichiometryMath is written in its
/// Level 3 form (see <see cref="StoichiometryMathLowering"/>); the fast flag, which L3V2 lacks, goes in a TrkbSim annotation.
/// </summary>
public static class SbmlWriter
{
    private static readonly XNamespace S = SbmlNamespaces.L3V2;

    public static string Write(Model model)
    {
        var m = StoichiometryMathLowering.Apply(model);
        var xm = new XElement(S + "model", Attr("id", m.Id), Attr("name", m.Name),
            Attr("substanceUnits", m.ModelUnits.Substance), Attr("timeUnits", m.ModelUnits.Time),
            Attr("volumeUnits", m.ModelUnits.Volume), Attr("areaUnits", m.ModelUnits.Area),
            Attr("lengthUnits", m.ModelUnits.Length), Attr("extentUnits", m.ModelUnits.Extent),
            Attr("conversionFactor", m.ConversionFactor));

        if (m.Notes is { } notes)
            xm.Add(new XElement(S + "notes", new XElement(SbmlNamespaces.Xhtml + "body", new XElement(SbmlNamespaces.Xhtml + "pre", notes))));

        xm.Add(ListOf("listOfFunctionDefinitions", m.Functions.Select(f =>
            new XElement(S + "functionDefinition", Attr("id", f.Id), Attr("name", f.Name), MathMLWriter.Lambda(f.Arguments, f.Body)))));

        xm.Add(ListOf("listOfUnitDefinitions", m.Units.Select(u =>
            new XElement(S + "unitDefinition", Attr("id", u.Id), Attr("name", u.Name),
                ListOf("listOfUnits", u.Terms.Select(t => new XElement(S + "unit",
                    Attr("kind", t.Kind), Attr("exponent", t.Exponent), Attr("scale", t.Scale), Attr("multiplier", t.Multiplier))))))));

        xm.Add(ListOf("listOfCompartments", m.Compartments.Select(c =>
            new XElement(S + "compartment", Attr("id", c.Id), Attr("name", c.Name),
                Attr("spatialDimensions", c.SpatialDimensions), Attr("size", c.Size), Attr("units", c.Units),
                Attr("constant", c.Constant)))));

        xm.Add(ListOf("listOfSpecies", m.Species.Select(s =>
            new XElement(S + "species", Attr("id", s.Id), Attr("name", s.Name), Attr("compartment", s.Compartment),
                Attr("initialAmount", s.InitialAmount), Attr("initialConcentration", s.InitialConcentration),
                Attr("substanceUnits", s.SubstanceUnits), Attr("hasOnlySubstanceUnits", s.HasOnlySubstanceUnits),
                Attr("boundaryCondition", s.BoundaryCondition), Attr("constant", s.Constant),
                Attr("conversionFactor", s.ConversionFactor)))));

        xm.Add(ListOf("listOfParameters", m.Parameters.Select(p => Parameter("parameter", p))));

        xm.Add(ListOf("listOfInitialAssignments", m.InitialAssignments.Select(ia =>
            new XElement(S + "initialAssignment", Attr("symbol", ia.Symbol), MathMLWriter.Math(ia.Math)))));

        xm.Add(ListOf("listOfRules", m.Rules.Select(Rule)));
        xm.Add(ListOf("listOfReactions", m.Reactions.Select(Reaction)));
        xm.Add(ListOf("listOfEvents", m.Events.Select(Event)));

        var root = new XElement(S + "sbml", Attr("level", 3), Attr("version", 2), xm);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString() + "\n";
    }

    private static XElement Parameter(string element, Parameter p) =>
        new(S + element, Attr("id", p.Id), Attr("name", p.Name), Attr("value", p.Value), Attr("units", p.Units),
            element == "parameter" ? Attr("constant", p.Constant) : null);

    private static XElement Rule(Rule r) => r switch
    {
        AssignmentRule a => new XElement(S + "assignmentRule", Attr("variable", a.Variable), MathMLWriter.Math(a.Math)),
        RateRule a => new XElement(S + "rateRule", Attr("variable", a.Variable), MathMLWriter.Math(a.Math)),
        AlgebraicRule a => new XElement(S + "algebraicRule", MathMLWriter.Math(a.Math)),
        _ => throw new InvalidOperationException($"Unknown rule type {r.GetType().Name}."),
    };

    private static XElement Reaction(Reaction r)
    {
        var x = new XElement(S + "reaction", Attr("id", r.Id), Attr("name", r.Name), Attr("reversible", r.Reversible),
            Attr("compartment", r.Compartment));
        if (r.Fast)
            x.Add(new XElement(S + "annotation", new XElement(SbmlNamespaces.TrkbSim + "reaction",
                new XAttribute(XNamespace.Xmlns + "trkbsim", SbmlNamespaces.TrkbSim.NamespaceName), Attr("fast", true))));
        x.Add(ListOf("listOfReactants", r.Reactants.Select(SpeciesReference)));
        x.Add(ListOf("listOfProducts", r.Products.Select(SpeciesReference)));
        x.Add(ListOf("listOfModifiers", r.Modifiers.Select(s => new XElement(S + "modifierSpeciesReference", Attr("species", s)))));
        if (r.KineticLaw is not null || r.LocalParameters.Length > 0)
        {
            x.Add(new XElement(S + "kineticLaw",
                r.KineticLaw is { } law ? MathMLWriter.Math(law) : null,
                ListOf("listOfLocalParameters", r.LocalParameters.Select(p => Parameter("localParameter", p)))));
        }
        return x;
    }

    private static XElement SpeciesReference(SpeciesReference sr)
    {
        if (sr.StoichiometryMath is not null)
            throw new InvalidOperationException("stoichiometryMath must be lowered before writing Level 3.");
        return new XElement(S + "speciesReference", Attr("id", sr.Id), Attr("species", sr.Species),
            Attr("stoichiometry", sr.Stoichiometry), Attr("constant", sr.Constant));
    }

    private static XElement Event(Event e) =>
        new(S + "event", Attr("id", e.Id), Attr("name", e.Name), Attr("useValuesFromTriggerTime", e.UseValuesFromTriggerTime),
            new XElement(S + "trigger", Attr("initialValue", e.InitialValue), Attr("persistent", e.Persistent), MathMLWriter.Math(e.Trigger)),
            e.Priority is { } p ? new XElement(S + "priority", MathMLWriter.Math(p)) : null,
            e.Delay is { } d ? new XElement(S + "delay", MathMLWriter.Math(d)) : null,
            ListOf("listOfEventAssignments", e.Assignments.Select(a =>
                new XElement(S + "eventAssignment", Attr("variable", a.Variable), MathMLWriter.Math(a.Math)))));

    private static XElement? ListOf(string name, IEnumerable<XElement> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? null : new XElement(S + name, list);
    }

    private static XAttribute? Attr(string name, string? value) => value is null ? null : new XAttribute(name, value);
    private static XAttribute Attr(string name, bool value) => new(name, value ? "true" : "false");
    private static XAttribute Attr(string name, int value) => new(name, value.ToString(CultureInfo.InvariantCulture));
    private static XAttribute? Attr(string name, double? value) => value is { } v ? new XAttribute(name, FormatDouble(v)) : null;

    /// <summary>Shortest text that parses back to the same double; XML Schema spellings for non-finite values.</summary>
    internal static string FormatDouble(double v) =>
        double.IsPositiveInfinity(v) ? "INF" : double.IsNegativeInfinity(v) ? "-INF" : double.IsNaN(v) ? "NaN"
        : v.ToString("R", CultureInfo.InvariantCulture);
}
