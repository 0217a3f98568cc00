using TrkbSim.Modeling.Files;

namespace TrkbSim.Modeling.Tests.Files;

public sealed class OutputSetTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "trkbsim-outputs-" + Guid.NewGuid().ToString("N")[..8]);

    public OutputSetTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static string[] Entries(string dir) => Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(dir, p)).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void NonEmptyFolderIsRefusedAndLeftExactlyAsItWas()
    {
        File.WriteAllText(Path.Combine(_dir, "data.csv"), "mine");
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.WriteAllText(Path.Combine(_dir, "sub", "notes.txt"), "mine too");
        var before = Entries(_dir);

        using (var outputs = new OutputSet())
        {
            var e = Assert.Throws<OutputException>(() => outputs.Folder("--out", _dir));
            Assert.Contains("not empty", e.Message);
            Assert.Contains("--force", e.Message);
        }
        Assert.Equal(before, Entries(_dir));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(_dir, "data.csv")));
    }

    [Fact]
    public void ForcedFolderReplacesOnlyFilesOfTheSameNameAndKeepsTheRest()
    {
        File.WriteAllText(Path.Combine(_dir, "data.csv"), "mine");
        File.WriteAllText(Path.Combine(_dir, "summary.csv"), "old summary");
        using (var outputs = new OutputSet(force: true))
        {
            var work = outputs.Folder("--out", _dir);
            File.WriteAllText(Path.Combine(work, "summary.csv"), "new summary");
            Directory.CreateDirectory(Path.Combine(work, "plots"));
            File.WriteAllText(Path.Combine(work, "plots", "a.png"), "png");
            outputs.Commit();
        }
        Assert.Equal("mine", File.ReadAllText(Path.Combine(_dir, "data.csv")));
        Assert.Equal("new summary", File.ReadAllText(Path.Combine(_dir, "summary.csv")));
        Assert.Equal(["data.csv", "plots", Path.Combine("plots", "a.png"), "summary.csv"], Entries(_dir));
    }

    [Fact]
    public void FailureBeforeCommitLeavesNoOutputNoStagingAndNoCreatedParents()
    {
        string target = Path.Combine(_dir, "a", "b", "out");
        string file = Path.Combine(_dir, "x.csv");
        Assert.Throws<InvalidDataException>(void () =>
        {
            using var outputs = new OutputSet();
            var work = outputs.Folder("--out", target);
            var staged = outputs.File("--summary", file);
            File.WriteAllText(Path.Combine(work, "half.csv"), "1,2");
            File.WriteAllText(staged, "partial");
            throw new InvalidDataException("the run failed");
        });
        Assert.Empty(Entries(_dir));
    }

    [Fact]
    public void ExistingFileIsRefusedUnlessForcedAndThenReplacedWhole()
    {
        string path = Path.Combine(_dir, "r.csv");
        File.WriteAllText(path, "user data");
        using (var outputs = new OutputSet())
            Assert.Contains("exists", Assert.Throws<OutputException>(() => outputs.File("--out", path)).Message);
        Assert.Equal("user data", File.ReadAllText(path));

        using (var outputs = new OutputSet(force: true))
        {
            File.WriteAllText(outputs.File("--out", path), "t,y\n0,1\n");
            Assert.Equal("user data", File.ReadAllText(path)); // nothing moves before the commit
            outputs.Commit();
        }
        Assert.Equal("t,y\n0,1\n", File.ReadAllText(path));
        Assert.Equal(["r.csv"], Entries(_dir));
    }

    [Fact]
    public void AllPathsAreCheckedBeforeAnyIsWrittenAndNoneMovesIfOneFails()
    {
        string good = Path.Combine(_dir, "good.csv");
        using var outputs = new OutputSet();
        File.WriteAllText(outputs.File("--out", good), "ok");
        Assert.Throws<OutputException>(() => outputs.File("--plot", Path.Combine(_dir, "missing-folder", "f.png")));
        Assert.Throws<OutputException>(() => outputs.File("--summary", good)); // the same target twice
        Assert.False(File.Exists(good));
    }

    [Fact]
    public void StagingLeftByAFinishedProcessIsCleanedAndOtherHiddenFilesAreNot()
    {
        int deadPid = DeadProcessId();
        string staleFolder = Path.Combine(_dir, $".trial.trkbsim-staging-{deadPid}-0123abcd");
        Directory.CreateDirectory(staleFolder);
        File.WriteAllText(Path.Combine(staleFolder, OutputSet.MarkerName), deadPid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(staleFolder, "trial.duckdb"), new string('x', 1000));
        string staleFile = Path.Combine(_dir, $".r.trkbsim-staging-{deadPid}-0123abcd.csv");
        File.WriteAllText(staleFile, "half");
        string unmarked = Path.Combine(_dir, $".mine.trkbsim-staging-{deadPid}-99");
        Directory.CreateDirectory(unmarked); // looks alike, but has no marker: not ours
        string userHidden = Path.Combine(_dir, ".config");
        File.WriteAllText(userHidden, "keep");

        using (var outputs = new OutputSet())
            outputs.Folder("--out", Path.Combine(_dir, "trial"));

        Assert.False(Directory.Exists(staleFolder));
        Assert.False(File.Exists(staleFile));
        Assert.True(Directory.Exists(unmarked));
        Assert.True(File.Exists(userHidden));
    }

    static int DeadProcessId()
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }
}
