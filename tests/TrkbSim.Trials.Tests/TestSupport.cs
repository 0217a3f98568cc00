using TrkbSim.Trials.Models;

namespace TrkbSim.Trials.Tests;

/// <summary>Temporary folders and small trial options for tests.</summary>
sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "trkbsim-trials-" + Guid.NewGuid().ToString("N"));
    public TempDir() => Directory.CreateDirectory(Path);
    public string Sub(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}

static class TrialTestData
{
    public static TrialOptions Small(string outDir, int n = 120, int? threads = 1, int weeks = 4) => new()
    {
        Arms =
        [
            ArmSpec.Parse("fluoxetine: fluoxetine 20mg oral every 24h"),
            ArmSpec.Parse("ketamine: ketamine 0.5mg/kg infusion:40min doses 1"),
            ArmSpec.Parse("control: placebo"),
        ],
        SubjectsPerArm = n,
        Weeks = weeks,
        Seed = 7,
        Threads = threads,
        OutputDirectory = outDir,
        WritePictures = false,
    };

    public static TrialRunner Runner(int batch = 50) => new(new AnalyticSubjectModelFactory()) { BatchSize = batch };
}
