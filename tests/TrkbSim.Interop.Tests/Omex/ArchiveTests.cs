using System.Globalization;
using PureHDF;
using TrkbSim.Interop.Omex;
using TrkbSim.Interop.Sedml;
using TrkbSim.Interop.Tests.Support;
using TrkbSim.Modeling.Antimony;

namespace TrkbSim.Interop.Tests.Omex;

/// <summary>Archives in and out: master selection, reports.h5 against the CSV, errors for archives that cannot run.</summary>
public sealed class ArchiveTests
{
    const string Decay = "model decay\n compartment c = 2;\n species A in c = 10;\n k = 0.5;\n J: A -> ; k*A;\nend\n";

    static SedTimeCourseSpec Spec(bool plot = false) => new()
    {
        Model = AntimonyReader.Parse(Decay), End = 4, Steps = 8, Outputs = ["A", "amount(A)", "J"], Plot = plot,
    };

    static string ExportedArchive(string dir, bool plot = false)
    {
        string path = Path.Combine(dir, "decay.omex");
        OmexExport.Write(path, Spec(plot));
        return path;
    }

    [Fact]
    public void ReportsH5HoldsTheCsvValuesInTheBioSimulatorsLayout()
    {
        var dir = SedFixtures.TempDir();
        try
        {
            var results = SedmlExecution.RunArchive(ExportedArchive(dir, plot: true), _ => { });
            string outDir = Path.Combine(dir, "out");
            Directory.CreateDirectory(outDir);
            var written = SedmlExecution.WriteOutputs(outDir, results);
            Assert.Equal(["simulation/report.csv", "simulation/plot.png", "reports.h5"], written.Select(w => w.Replace('\\', '/')));
            Assert.True(new FileInfo(Path.Combine(outDir, "simulation", "plot.png")).Length > 1000);

            var lines = File.ReadAllLines(Path.Combine(outDir, "simulation", "report.csv"));
            Assert.Equal("time,A,amount(A),J", lines[0]);
            var csv = lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            Assert.Equal(9, csv.Length);
            // A is a concentration in a compartment of size 2: amount = 2 A; J = k A.
            for (int i = 0; i < csv.Length; i++)
            {
                Assert.Equal(10 * Math.Exp(-0.25 * csv[i][0]), csv[i][1], 1e-5);
                Assert.Equal(2 * csv[i][1], csv[i][2], 1e-12);
                Assert.Equal(0.5 * csv[i][1], csv[i][3], 1e-12);
            }

            using var h5 = H5File.OpenRead(Path.Combine(outDir, "reports.h5"));
            var ds = h5.Dataset("simulation.sedml/report");
            Assert.Equal([4UL, 9UL], ds.Space.Dimensions);
            var data = ds.Read<double[]>();
            for (int c = 0; c < 4; c++)
                for (int i = 0; i < 9; i++) Assert.Equal(csv[i][c], data[c * 9 + i]);
            Assert.Equal("Report", ds.Attribute("_type").Read<string>());
            Assert.Equal("report", ds.Attribute("sedmlId").Read<string>());
            Assert.Equal("simulation.sedml/report", ds.Attribute("uri").Read<string>());
            Assert.Equal(["ds_time", "ds_1", "ds_2", "ds_3"], ds.Attribute("sedmlDataSetIds").Read<string[]>());
            Assert.Equal(["time", "A", "amount(A)", "J"], ds.Attribute("sedmlDataSetLabels").Read<string[]>());
            Assert.Equal(["9", "9", "9", "9"], ds.Attribute("sedmlDataSetShapes").Read<string[]>());
            Assert.Equal("simulation.sedml", h5.Group("simulation.sedml").Attribute("combineArchiveLocation").Read<string>());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void WithoutAMasterEverySedmlFileRunsAndWithOneOnlyIt()
    {
        var dir = SedFixtures.TempDir();
        try
        {
            string sedml = OmexWriter.Xml(SedmlWriter.TimeCourse(Spec() with { ModelSource = "model.xml" }));
            string sbml = Modeling.Sbml.SbmlWriter.Write(Spec().Model);
            string sub = sedml.Replace("source=\"model.xml\"", "source=\"../model.xml\"", StringComparison.Ordinal);
            var none = SedFixtures.Archive(dir, "none.omex", ("model.xml", OmexArchive.SbmlFormat, false, sbml),
                ("a.sedml", OmexArchive.SedmlFormat, false, sedml), ("exp/b.sedml", OmexArchive.SedmlFormat, false, sub));
            Assert.Equal(["a.sedml", "exp/b.sedml"], SedmlExecution.RunArchive(none, _ => { }).Select(r => r.Document.Location));
            var one = SedFixtures.Archive(dir, "one.omex", ("model.xml", OmexArchive.SbmlFormat, false, sbml),
                ("a.sedml", OmexArchive.SedmlFormat, false, sedml), ("exp/b.sedml", OmexArchive.SedmlFormat, true, sub));
            Assert.Equal(["exp/b.sedml"], SedmlExecution.RunArchive(one, _ => { }).Select(r => r.Document.Location));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void ArchivesThatCannotRunSayWhy()
    {
        var dir = SedFixtures.TempDir();
        try
        {
            string sbml = Modeling.Sbml.SbmlWriter.Write(Spec().Model);
            var noSedml = SedFixtures.Archive(dir, "nosedml.omex", ("model.xml", OmexArchive.SbmlFormat, false, sbml));
            Assert.Contains("no SED-ML file", Assert.Throws<SedmlException>(() => SedmlExecution.RunArchive(noSedml, _ => { })).Message, StringComparison.Ordinal);

            string escaping = OmexWriter.Xml(SedmlWriter.TimeCourse(Spec() with { ModelSource = "../../model.xml" }));
            var outside = SedFixtures.Archive(dir, "outside.omex", ("model.xml", OmexArchive.SbmlFormat, false, sbml), ("s.sedml", OmexArchive.SedmlFormat, true, escaping));
            Assert.Contains("outside the archive", Assert.Throws<SedmlException>(() => SedmlExecution.RunArchive(outside, _ => { })).Message, StringComparison.Ordinal);

            string missing = OmexWriter.Xml(SedmlWriter.TimeCourse(Spec() with { ModelSource = "other.xml" }));
            var absent = SedFixtures.Archive(dir, "absent.omex", ("s.sedml", OmexArchive.SedmlFormat, true, missing));
            Assert.Contains("'other.xml' is not in the archive", Assert.Throws<SedmlException>(() => SedmlExecution.RunArchive(absent, _ => { })).Message, StringComparison.Ordinal);

            string notZip = Path.Combine(dir, "text.omex");
            File.WriteAllText(notZip, "not a zip file");
            Assert.Contains("not a readable COMBINE/OMEX", Assert.Throws<SedmlException>(() => SedmlExecution.RunArchive(notZip, _ => { })).Message, StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void TheSameExportGivesTheSameBytes()
    {
        var dir = SedFixtures.TempDir();
        try
        {
            var first = File.ReadAllBytes(ExportedArchive(dir));
            Thread.Sleep(1100);
            var second = File.ReadAllBytes(ExportedArchive(dir));
            Assert.Equal(first, second);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
