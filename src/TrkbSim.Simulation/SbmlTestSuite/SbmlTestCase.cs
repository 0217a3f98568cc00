namespace TrkbSim.Simulation.SbmlTestSuite;

/// <summary>The files of one suite case folder (NNNNN/), with the SBML file of the highest supported level chosen.</summary>
public sealed record SbmlTestCase(string Id, string Directory, string? SbmlFile, CaseSettings Settings, CaseDescription Description, string ResultsFile)
{
    /// <summary>SBML files in order of preference: the newest level/version first.</summary>
    public static readonly string[] Preference = ["l3v2", "l3v1", "l2v4", "l2v5", "l2v3", "l2v2", "l2v1", "l1v2"];

    public static SbmlTestCase Load(string caseDir)
    {
        var id = Path.GetFileName(Path.TrimEndingDirectorySeparator(caseDir));
        string File(string suffix) => Path.Combine(caseDir, $"{id}-{suffix}");
        var settingsFile = File("settings.txt");
        var settings = CaseSettings.Parse(System.IO.File.ReadAllText(settingsFile), settingsFile);
        var modelM = File("model.m");
        var description = System.IO.File.Exists(modelM) ? CaseDescription.Parse(System.IO.File.ReadAllText(modelM)) : new CaseDescription();
        var sbml = Preference.Select(lv => File($"sbml-{lv}.xml")).FirstOrDefault(System.IO.File.Exists);
        return new SbmlTestCase(id, caseDir, sbml, settings, description, File("results.csv"));
    }
}
