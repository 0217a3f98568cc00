using TrkbSim.Modeling.Sbml;
using Xunit.Abstractions;

namespace TrkbSim.Modeling.Tests.Sbml;

/// <summary>Reads and round-trips every SBML file of the shared SBML Test Suite.</summary>
public class SbmlSuiteFilesTests(ITestOutputHelper output)
{
    public static TheoryData<string> LevelVersions => new() { "l3v2", "l3v1", "l2v4" };

    [Theory]
    [MemberData(nameof(LevelVersions))]
    public void EveryCaseFileReadsOrIsReportedUnsupported(string levelVersion)
    {
        var files = SharedSuite.Files(levelVersion);
        Assert.NotEmpty(files);
        var failures = new List<string>();
        int read = 0, unsupported = 0, missingExternal = 0;
        foreach (var f in files)
        {
            try
            {
                SbmlReader.ReadFile(f);
                read++;
            }
            catch (ModelException ex) when (ex.Message.StartsWith("unsupported: ", StringComparison.Ordinal))
            {
                // Only hierarchical composition (comp) constructs that the flattener does not take may be unsupported.
                if (!ex.Message.StartsWith("unsupported: comp ", StringComparison.Ordinal)) failures.Add($"{Path.GetFileName(f)}: {ex.UserMessage}");
                unsupported++;
            }
            catch (ModelException ex) when (ex.Message.StartsWith("external model file", StringComparison.Ordinal))
            {
                // A few comp cases refer to external model files that the suite's case folders do not ship.
                missingExternal++;
            }
            catch (Exception ex)
            {
                failures.Add($"{Path.GetFileName(f)}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        Assert.True(missingExternal <= 10, $"{missingExternal} files miss external model files");
        output.WriteLine($"{levelVersion}: {read} read, {unsupported} unsupported of {files.Count}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {files.Count} files failed:\n" + string.Join("\n", failures.Take(40)));
        Assert.True(read > files.Count * 9 / 10, $"only {read} of {files.Count} read ({unsupported} unsupported)");
    }

    [Theory]
    [MemberData(nameof(LevelVersions))]
    public void EveryCaseFileRoundTripsThroughLevel3Version2(string levelVersion)
    {
        var failures = new List<string>();
        int compared = 0;
        foreach (var f in SharedSuite.Files(levelVersion))
        {
            Model original;
            try
            {
                original = SbmlReader.ReadFile(f);
            }
            catch (ModelException ex) when (ex.Message.StartsWith("unsupported: ", StringComparison.Ordinal)
                || ex.Message.StartsWith("external model file", StringComparison.Ordinal))
            {
                continue;
            }
            try
            {
                var again = SbmlReader.Read(SbmlWriter.Write(original), "written.xml");
                var diff = ModelAssert.FirstDifference(StoichiometryMathLowering.Apply(original), again, "model");
                if (diff is not null) failures.Add($"{Path.GetFileName(f)}: {diff}");
                compared++;
            }
            catch (Exception ex)
            {
                failures.Add($"{Path.GetFileName(f)}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} round trips differ:\n" + string.Join("\n", failures.Take(40)));
        output.WriteLine($"{levelVersion}: {compared} round trips compared");
        Assert.True(compared > 1000, $"only {compared} files compared");
    }
}
