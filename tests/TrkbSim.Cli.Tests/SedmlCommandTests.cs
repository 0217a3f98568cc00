using System.IO.Compression;

namespace TrkbSim.Cli.Tests;

/// <summary>run-omex, run-sedml and export-omex: round trips against simulate and regimen, and bad input leaving nothing behind.</summary>
[Collection("cli")]
public sealed class SedmlCommandTests : IDisposable
{
    private readonly string _dir = CliHarness.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Enzyme = """
        model enzyme
          compartment cell = 2;
          species S in cell = 10, E in cell = 1, ES in cell = 0, P in cell = 0;
          kon = 1; koff = 0.5; kcat = 2; kback = 0.1;
          binding: E + S -> ES; kon*E*S - koff*ES;
          catalysis: ES -> E + P; kcat*ES;
          recycling: P -> S; kback*P;
        end
        """;

    static void AssertSameTable(string expectedCsv, string actualCsv, double rel)
    {
        var (eh, er) = CliHarness.ParseCsv(expectedCsv);
        var (ah, ar) = CliHarness.ParseCsv(actualCsv);
        Assert.Equal(eh.Skip(1), ah.Skip(1));
        Assert.Equal(er.Length, ar.Length);
        for (int i = 0; i < er.Length; i++)
            for (int j = 0; j < er[i].Length; j++)
                Assert.True(Math.Abs(er[i][j] - ar[i][j]) <= rel * Math.Abs(er[i][j]) + 1e-15,
                    $"row {i}, {eh[j]}: simulate {er[i][j]:R}, run-omex {ar[i][j]:R}");
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("tsit5")]
    public void ExportThenRunGivesTheNumbersOfSimulate(string solver)
    {
        var model = CliHarness.Write(_dir, "enzyme.ant", Enzyme);
        string omex = Path.Combine(_dir, "enzyme.omex"), outDir = Path.Combine(_dir, "out");
        const string vars = "S,P,amount(ES),catalysis,cell";
        var export = CliHarness.Run("export-omex", model, "--end", "20", "--steps", "40", "--output", vars, "--solver", solver, "--rtol", "1e-8", "-o", omex);
        Assert.True(export.Code == 0, export.Err);
        using (var zip = ZipFile.OpenRead(omex))
            Assert.Equal(["manifest.xml", "model.xml", "simulation.sedml"], zip.Entries.Select(e => e.FullName));
        var run = CliHarness.Run("run-omex", "-i", omex, "-o", outDir);
        Assert.True(run.Code == 0, run.Err);
        var simulate = CliHarness.Run("simulate", model, "--end", "20", "--steps", "40", "--vars", vars, "--solver", solver, "--rtol", "1e-8");
        Assert.Equal(0, simulate.Code);
        AssertSameTable(simulate.Out, File.ReadAllText(Path.Combine(outDir, "simulation", "report.csv")), 1e-12);
        Assert.True(File.Exists(Path.Combine(outDir, "simulation", "plot.png")));
        Assert.True(File.Exists(Path.Combine(outDir, "reports.h5")));
    }

    [Fact]
    public void RegimenArchiveReRunsTheRegimenTable()
    {
        string omex = Path.Combine(_dir, "regimen.omex"), csv = Path.Combine(_dir, "regimen.csv"), outDir = Path.Combine(_dir, "out");
        var regimen = CliHarness.Run("regimen", "--drug", "fluoxetine", "--dose", "20mg", "--every", "24h", "--for", "2d", "--step", "2h", "--out", csv, "--export-omex", omex);
        Assert.True(regimen.Code == 0, regimen.Err);
        var run = CliHarness.Run("run-omex", "-i", omex, "-o", outDir);
        Assert.True(run.Code == 0, run.Err);
        var (rh, rows) = CliHarness.ParseCsv(File.ReadAllText(csv));
        var (oh, orows) = CliHarness.ParseCsv(File.ReadAllText(Path.Combine(outDir, "simulation", "report.csv")));
        Assert.Equal(rh.Skip(1), oh.Skip(1));
        Assert.Equal(rows.Length, orows.Length);
        // The regimen run holds drug amounts to per-state tolerances that SED-ML cannot state; the archive uses the
        // run's scalar tolerances, so values agree to well within the relative tolerance's scale.
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows[i].Length; j++)
                Assert.True(Math.Abs(rows[i][j] - orows[i][j]) <= 1e-5 * Math.Abs(rows[i][j]) + 1e-8, $"row {i}, {rh[j]}: {rows[i][j]} vs {orows[i][j]}");
    }

    [Fact]
    public void AnUnsupportedElementExitsThreeNamingItAndWritesNothing()
    {
        var model = CliHarness.Write(_dir, "enzyme.ant", Enzyme);
        string omex = Path.Combine(_dir, "enzyme.omex");
        Assert.Equal(0, CliHarness.Run("export-omex", model, "--end", "5", "-o", omex).Code);
        string bad = Path.Combine(_dir, "bad.omex");
        using (var src = ZipFile.OpenRead(omex))
        using (var dst = ZipFile.Open(bad, ZipArchiveMode.Create))
        {
            foreach (var e in src.Entries)
            {
                using var r = new StreamReader(e.Open());
                string text = r.ReadToEnd();
                if (e.FullName == "simulation.sedml")
                    text = text.Replace("</listOfModels>", "</listOfModels><listOfDataDescriptions><dataDescription id=\"d\" source=\"x.csv\"/></listOfDataDescriptions>", StringComparison.Ordinal);
                using var w = new StreamWriter(dst.CreateEntry(e.FullName).Open());
                w.Write(text);
            }
        }
        string outDir = Path.Combine(_dir, "results", "run1");
        var (code, _, err) = CliHarness.Run("run-omex", "-i", bad, "-o", outDir);
        Assert.Equal(3, code);
        Assert.Contains("<listOfDataDescriptions>", err, StringComparison.Ordinal);
        Assert.Contains("simulation.sedml", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "results")), "the output folder (or its parent) was left behind");
    }

    [Fact]
    public void ANonEmptyOutputFolderNeedsForceAndOtherFilesAreKept()
    {
        var model = CliHarness.Write(_dir, "enzyme.ant", Enzyme);
        string omex = Path.Combine(_dir, "enzyme.omex"), outDir = Path.Combine(_dir, "out");
        Assert.Equal(0, CliHarness.Run("export-omex", model, "--end", "5", "-o", omex).Code);
        Directory.CreateDirectory(outDir);
        string mine = CliHarness.Write(outDir, "notes.txt", "mine");
        var refused = CliHarness.Run("run-omex", "-i", omex, "-o", outDir);
        Assert.Equal(2, refused.Code);
        Assert.Contains("--force", refused.Err, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(outDir).Select(Path.GetFileName));
        Assert.Equal(0, CliHarness.Run("run-omex", "-i", omex, "-o", outDir, "--force").Code);
        Assert.Equal("mine", File.ReadAllText(mine));
        Assert.True(File.Exists(Path.Combine(outDir, "simulation", "report.csv")));
        Assert.Empty(Directory.GetFileSystemEntries(_dir, ".*staging*", SearchOption.AllDirectories));
    }

    [Fact]
    public void RunSedmlReadsModelsBesideTheFileAndNamesAMissingOne()
    {
        var model = CliHarness.Write(_dir, "enzyme.ant", Enzyme);
        string omex = Path.Combine(_dir, "enzyme.omex");
        Assert.Equal(0, CliHarness.Run("export-omex", model, "--end", "5", "--steps", "5", "--output", "P", "-o", omex).Code);
        string folder = Path.Combine(_dir, "files");
        ZipFile.ExtractToDirectory(omex, folder);
        var ok = CliHarness.Run("run-sedml", Path.Combine(folder, "simulation.sedml"), "-o", Path.Combine(_dir, "out"));
        Assert.True(ok.Code == 0, ok.Err);
        Assert.Equal("time,P", File.ReadAllLines(Path.Combine(_dir, "out", "simulation", "report.csv"))[0]);

        File.Delete(Path.Combine(folder, "model.xml"));
        var missing = CliHarness.Run("run-sedml", Path.Combine(folder, "simulation.sedml"), "-o", Path.Combine(_dir, "out2"));
        Assert.Equal(3, missing.Code);
        Assert.Contains("model file 'model.xml' not found", missing.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out2")));
    }

    [Fact]
    public void ExportRefusesAnOutputTheModelDoesNotHave()
    {
        var model = CliHarness.Write(_dir, "enzyme.ant", Enzyme);
        string omex = Path.Combine(_dir, "x.omex");
        var (code, _, err) = CliHarness.Run("export-omex", model, "--end", "5", "--output", "S,Q", "-o", omex);
        Assert.Equal(2, code);
        Assert.Contains("'Q'", err, StringComparison.Ordinal);
        Assert.False(File.Exists(omex));
    }
}
