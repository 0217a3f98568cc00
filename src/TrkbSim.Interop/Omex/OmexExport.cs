using TrkbSim.Interop.Sedml;
using TrkbSim.Modeling.Sbml;

namespace TrkbSim.Interop.Omex;

/// <summary>
/// A COMBINE/OMEX archive that re-runs a TrkbSim time course in other SED-ML tools (Tellurium, COPASI, BioSimulators):
/// model.xml (the model as SBML Level 3 Version 2), simulation.sedml (master) and manifest.xml.
/// </summary>
public static class OmexExport
{
    public const string ModelLocation = "model.xml";
    public const string SedmlLocation = "simulation.sedml";

    public static void Write(Stream output, SedTimeCourseSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string sbml = SbmlWriter.Write(spec.Model);
        string sedml = OmexWriter.Xml(SedmlWriter.TimeCourse(spec with { ModelSource = ModelLocation }));
        OmexWriter.Write(output,
        [
            (ModelLocation, OmexArchive.SbmlFormat, false, sbml),
            (SedmlLocation, OmexArchive.SedmlFormat, true, sedml),
        ]);
    }

    /// <summary>Writes the archive to a file (created or replaced).</summary>
    public static void Write(string path, SedTimeCourseSpec spec)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        Write(f, spec);
    }
}
