using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Pharmacology.Tests.Compounds;

public class CompoundTableTests
{
    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrkbSim.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (TrkbSim.slnx) not found above the test output");
    }

    [Fact]
    public void DocsCompoundsMdIsUpToDate()
    {
        string expected = CompoundTable.Markdown(CompoundLibrary.LoadDefault());
        string path = Path.Combine(RepoRoot(), "docs", "compounds.md");
        if (Environment.GetEnvironmentVariable("TRKBSIM_UPDATE_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
        }
        Assert.True(File.Exists(path), "docs/compounds.md is missing; run the tests with TRKBSIM_UPDATE_DOCS=1");
        Assert.True(File.ReadAllText(path) == expected,
            "docs/compounds.md is out of date with Data/compounds.json; run the tests with TRKBSIM_UPDATE_DOCS=1");
    }

    [Fact]
    public void TableStatesTheAssumedCountAndListsEachAssumedValue()
    {
        var lib = CompoundLibrary.LoadDefault();
        string md = CompoundTable.Markdown(lib);
        int assumed = lib.AllValues().Count(v => v.Value.Status == ValueStatus.Assumed);
        Assert.Contains($"**Assumed values: {assumed}**", md);
        string section = md[md.IndexOf("## Assumed values", StringComparison.Ordinal)..];
        Assert.Equal(assumed, section.Split('\n').Count(l => l.StartsWith("| ", StringComparison.Ordinal)) - 1);
    }
}

public class CompoundFormatterTests
{
    [Fact]
    public void ListHasOneLinePerCompoundWithTargets()
    {
        var lib = CompoundLibrary.LoadDefault();
        var lines = CompoundFormatter.List(lib).TrimEnd('\n').Split('\n');
        Assert.Equal(lib.Compounds.Length, lines.Length);
        string flx = Assert.Single(lines, l => l.StartsWith("fluoxetine ", StringComparison.Ordinal));
        Assert.Contains("SERT 0.8 nM", flx);
        Assert.Contains("TRKB 4770 nM", flx);
        Assert.Contains("[PK: human/mouse]", flx);
    }

    [Fact]
    public void ShowGivesEveryParameterWithUnitStatusAndSource()
    {
        var lib = CompoundLibrary.LoadDefault();
        string text = CompoundFormatter.Show(lib, "fluoxetine");
        var c = lib.Get("fluoxetine");
        foreach (var (field, v) in c.AllValues())
            Assert.Contains($"  {field} = ", text);
        Assert.Contains("pk.human.clearance = 0.1925 L/h/kg  [derived]", text);
        Assert.Contains("pk.human.membrane_half_time = 56 h  [calibrated]", text);
        Assert.Contains("pk.mouse.fu_plasma = 0.125 fraction  [derived, rat value]", text);
        Assert.Contains("pk.human.kp_uu (library default) = 1 ratio  [assumed]", text);
        Assert.Contains("does not bind (no affinity given): NMDA", text);
        Assert.Contains("source: ", text);
        Assert.Throws<PharmacologyInputException>(() => CompoundFormatter.Show(lib, "nothing"));
    }
}
