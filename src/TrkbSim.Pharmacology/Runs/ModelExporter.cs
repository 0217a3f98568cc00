using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>Writes the assembled mechanism for a run's settings as Antimony text and SBML.</summary>
public static class ModelExporter
{
    /// <summary>Writes <c>NAME.ant</c> and <c>NAME.xml</c> (SBML Level 3 Version 2) into <paramref name="outDir"/>; returns the paths.</summary>
    public static IReadOnlyList<string> Export(MechanismSettings settings, string outDir, string name = "mechanism",
        CompoundLibrary? library = null)
    {
        Directory.CreateDirectory(outDir);
        string text = MechanismAssembler.Assemble(settings, library);
        string ant = Path.Combine(outDir, name + ".ant");
        File.WriteAllText(ant, text);
        var paths = new List<string> { ant };
        string xml = Path.Combine(outDir, name + ".xml");
        File.WriteAllText(xml, Modeling.Sbml.SbmlWriter.Write(Modeling.Antimony.AntimonyReader.Parse(text, "mechanism.ant")));
        paths.Add(xml);
        return paths;
    }
}
