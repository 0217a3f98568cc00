using System.Text.RegularExpressions;
using TrkbSim.Modeling;

namespace TrkbSim.Interop.Sedml;

/// <summary>
/// A model quantity named by a SED-ML XPath target: <c>/sbml:sbml/sbml:model/sbml:listOfSpecies/sbml:species[@id='S1']</c>,
/// optionally followed by <c>/@initialConcentration</c>, <c>/@initialAmount</c>, <c>/@value</c> or <c>/@size</c>.
/// Species, parameters, compartments and (for reading) reactions are supported.
/// </summary>
public sealed partial record SedTarget(string Kind, string Id, string? Attribute)
{
    /// <summary>The SED-ML symbol for the simulation time.</summary>
    public const string TimeSymbol = "urn:sedml:symbol:time";

    [GeneratedRegex("""^\s*/(?:\w+:)?sbml/(?:\w+:)?model/(?:\w+:)?listOf\w+/(?:\w+:)?(?<kind>\w+)\[\s*@id\s*=\s*(?:'(?<id>[^']*)'|"(?<id>[^"]*)")\s*\](?:/@(?<attr>\w+))?\s*$""")]
    private static partial Regex Pattern();

    static readonly string[] Kinds = ["species", "parameter", "compartment", "reaction"];

    /// <summary>Parses a target; <paramref name="where"/> names the element it came from, for the message.</summary>
    public static SedTarget Parse(string target, string where)
    {
        var m = Pattern().Match(target);
        if (!m.Success)
            throw new SedmlException($"{where}: target '{target}' is not supported; TrkbSim reads targets of the form /sbml:sbml/sbml:model/sbml:listOfSpecies/sbml:species[@id='ID'] (species, parameter, compartment, reaction), optionally ending in /@ATTRIBUTE");
        var kind = m.Groups["kind"].Value;
        if (!Kinds.Contains(kind))
            throw new SedmlException($"{where}: target '{target}' names a <{kind}>; allowed: {string.Join(", ", Kinds)}");
        return new SedTarget(kind, m.Groups["id"].Value, m.Groups["attr"].Success ? m.Groups["attr"].Value : null);
    }

    /// <summary>Checks that the id exists in the model as the kind the target names.</summary>
    public void Check(Model model, string where)
    {
        ArgumentNullException.ThrowIfNull(model);
        bool found = Kind switch
        {
            "species" => model.FindSpecies(Id) is not null,
            "parameter" => model.FindParameter(Id) is not null,
            "compartment" => model.FindCompartment(Id) is not null,
            _ => model.FindReaction(Id) is not null,
        };
        if (!found) throw new SedmlException($"{where}: the model has no {Kind} '{Id}'");
    }
}
