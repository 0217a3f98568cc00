using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Scenarios;

namespace TrkbSim.Pharmacology.Tests.Scenarios;

/// <summary>The shipped example compound file loads like a user's file and declares every value assumed.</summary>
public class ExampleCompoundTests
{
    [Fact]
    public void FastSsriExampleLoadsFromDiskAndIsMarkedAssumed()
    {
        string path = Path.Combine(Root(), "examples", "compounds", "fast_ssri.json");
        var library = CompoundLibrary.Load(path);
        var compound = library.Get("fast_ssri");
        Assert.All(compound.AllValues(), v => Assert.Equal(ValueStatus.Assumed, v.Value.Status));
        Assert.Equal(File.ReadAllText(path), ExampleCompounds.Text("fast_ssri.json")); // the embedded copy is the file
        Assert.True(library.TryGet("fluoxetine", out _)); // added to the built-in library, not replacing it
    }

    static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrkbSim.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
