using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Pharmacology.Tests.Compounds;

public class CompoundLibraryTests
{
    static readonly string[] ExpectedIds =
    [
        "fluoxetine", "norfluoxetine", "sertraline", "escitalopram", "paroxetine", "citalopram", "fluvoxamine", "imipramine",
        "desipramine", "venlafaxine", "odv", "amitriptyline", "nortriptyline", "ketamine", "norketamine", "hydroxynorketamine",
        "esketamine", "noresketamine", "psilocin", "lsd",
    ];

    [Fact]
    public void DefaultLibraryHoldsEveryCompoundOfTheMechanism()
    {
        var lib = CompoundLibrary.LoadDefault();
        Assert.Equal(ExpectedIds.Order(), lib.Compounds.Select(c => c.Id).Order());
        Assert.Equal("(2R,6R)-hydroxynorketamine", lib.Get("hydroxynorketamine").Name);
        foreach (var c in lib.Compounds) Assert.NotNull(c.PkFor(Organism.Human));
    }

    [Fact]
    public void EveryTrkbAffinityIsSourcedOrAnAssumptionWithARangeAndNoneIsInheritedSilently()
    {
        var lib = CompoundLibrary.LoadDefault();
        foreach (var c in lib.Compounds)
        {
            if (!c.Affinities.TryGetValue(Target.TRKB, out var k)) continue;
            if (k.Status == ValueStatus.Assumed)
            {
                Assert.True(k.Uncertainty is { } u && u.High / u.Low >= 4, $"{c.Id}: an assumed TRKB affinity needs a stated range");
                Assert.False(string.IsNullOrWhiteSpace(k.Note), $"{c.Id}: an assumed TRKB affinity needs its reasoning");
            }
            // A metabolite's entry says so itself: its note names the metabolite's case, not just the parent's value.
            if (c.Parent is not null && k.Status == ValueStatus.Assumed)
                Assert.DoesNotContain("the parent's", k.Note!, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void EveryValueHasUnitSourceStatusAndItsBasis()
    {
        var lib = CompoundLibrary.LoadDefault();
        var all = lib.AllValues().ToList();
        Assert.True(all.Count > 150, $"only {all.Count} values");
        foreach (var (path, v) in all)
        {
            Assert.False(string.IsNullOrWhiteSpace(v.Unit), path);
            Assert.False(string.IsNullOrWhiteSpace(v.Source), path);
            Assert.True(Enum.IsDefined(v.Status), path);
            switch (v.Status)
            {
                case ValueStatus.Measured: Assert.False(string.IsNullOrWhiteSpace(v.Quote), path); break;
                case ValueStatus.Derived or ValueStatus.Calibrated: Assert.False(string.IsNullOrWhiteSpace(v.Derivation), path); break;
                case ValueStatus.Assumed: Assert.False(string.IsNullOrWhiteSpace(v.Note), path); break;
            }
        }
    }

    [Fact]
    public void AssumedValuesAreAMinorityAndCounted()
    {
        var all = CompoundLibrary.LoadDefault().AllValues().ToList();
        int assumed = all.Count(v => v.Value.Status == ValueStatus.Assumed);
        int sourced = all.Count(v => v.Value.Status is ValueStatus.Measured or ValueStatus.Derived or ValueStatus.Calibrated);
        Assert.True(assumed > 0);
        Assert.True(assumed < sourced, $"{assumed} assumed vs {sourced} measured/derived/calibrated");
    }

    [Fact]
    public void KeyValuesMatchTheLiteratureSheet()
    {
        var lib = CompoundLibrary.LoadDefault();
        var flx = lib.Get("fluoxetine");
        Assert.Equal(309.33, flx.MolecularWeight.Value);
        Assert.Equal(0.8, flx.Affinities[Target.SERT].Value);
        Assert.Equal(240, flx.Affinities[Target.NET].Value);
        Assert.False(flx.Affinities.ContainsKey(Target.NMDA));
        Assert.Equal(ValueStatus.Assumed, flx.Affinities[Target.TRKB].Status); // the sheet marks it [U]
        Assert.Equal(300, lib.Get("esketamine").Affinities[Target.NMDA].Value);
        Assert.Equal("fluoxetine", lib.Get("norfluoxetine").Parent);
        Assert.Equal("norketamine", lib.Get("hydroxynorketamine").Parent);
        // Human fluoxetine: the uninhibited (single-dose) t1/2 = ln2 * V / CL is 3 d, the upper end of the label's 1-3 d.
        var pk = flx.PkFor(Organism.Human)!;
        Assert.Equal(72, Math.Log(2) * pk.CentralVolume.Value / pk.Clearance.Value, 0);
        Assert.Equal(200, flx.CypInhibition[CypEnzyme.Cyp2d6].Value); // 0.2 uM (human liver microsomes)
        Assert.Equal("rat", flx.PkFor(Organism.Mouse)!.Clearance.StandIn);
        // Psychedelics bind TRKB about 1000-fold more tightly than fluoxetine.
        double ratio = flx.Affinities[Target.TRKB].Value / lib.Get("lsd").Affinities[Target.TRKB].Value;
        Assert.InRange(ratio, 300, 3000);
    }

    [Fact]
    public void MetaboliteChainsFollowTheLiterature()
    {
        var lib = CompoundLibrary.LoadDefault();
        Assert.Equal(["norfluoxetine"], lib.MetabolitesOf("fluoxetine", Organism.Human).Select(c => c.Id));
        Assert.Equal(["desipramine"], lib.MetabolitesOf("imipramine", Organism.Human).Select(c => c.Id));
        Assert.Equal(["norketamine"], lib.MetabolitesOf("ketamine", Organism.Human).Select(c => c.Id));
        Assert.Equal(["hydroxynorketamine"], lib.MetabolitesOf("norketamine", Organism.Human).Select(c => c.Id));
        Assert.Equal(["noresketamine"], lib.MetabolitesOf("esketamine", Organism.Human).Select(c => c.Id));
    }

    [Fact]
    public void UserFileAddsAndOverridesCompounds()
    {
        string path = Path.Combine(Path.GetTempPath(), $"trkbsim-compounds-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""
            {"format": "trkbsim-compounds/2", "compounds": [
              {{TestCompounds.Minimal("newdrug")}},
              {{TestCompounds.Minimal("fluoxetine", cls: "user SSRI")}}
            ]}
            """);
        try
        {
            var lib = CompoundLibrary.Load(path);
            Assert.Equal(ExpectedIds.Length + 1, lib.Compounds.Length);
            Assert.Equal("user SSRI", lib.Get("fluoxetine").Class);
            Assert.Equal(5000, lib.Get("newdrug").Affinities[Target.TRKB].Value);
            Assert.Equal(CompoundLibrary.LoadDefault().DefaultKpUu, lib.KpUu(lib.Get("newdrug"), Organism.Human));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void UnknownCompoundErrorListsTheKnownOnes()
    {
        var e = Assert.Throws<PharmacologyInputException>(() => CompoundLibrary.LoadDefault().Get("prozac"));
        Assert.Contains("unknown compound 'prozac'", e.Message);
        Assert.Contains("fluoxetine", e.Message);
    }
}
