using Xunit.Abstractions;
using System.Globalization;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Tests.Runs;

/// <summary>Regimen runs of the assembled mechanism: table layout, files, and the onset claims at the level of regimens.</summary>
public class RegimenRunnerTests(ITestOutputHelper output)
{
    static MechanismSettings Human(params string[] regimens) => new()
    {
        Regimens = [.. regimens.Select(r => RegimenParser.Parse(r, CompoundLibrary.LoadDefault(), Organism.Human))],
    };

    [Fact]
    public void FluoxetineEngagesTrkbOverDaysBecauseItsBrainMembranePoolFillsSlowly()
    {
        var r = RegimenRunner.Run(Human("fluoxetine 20mg oral every 24h for 8w"), 8 * 168, 2);
        var s = RegimenSummarizer.Summarize(r);
        output.WriteLine($"final occupancy {s.FinalTrkbOccupancy:F3}, half at {s.TimeToHalfFinalTrkbOccupancyHours / 24:F1} d");
        Assert.True(s.FinalTrkbOccupancy > 0.5, "fluoxetine must engage TRKB by 8 weeks (membrane exposure)");
        Assert.NotNull(s.TimeToHalfFinalTrkbOccupancyHours);
        // Hours for ketamine (below); a day or more for fluoxetine, whose membrane pool fills over days.
        Assert.True(s.TimeToHalfFinalTrkbOccupancyHours >= 24, $"half of the 8-week occupancy at {s.TimeToHalfFinalTrkbOccupancyHours} h");
        // Free exposure: no meaningful engagement at the assay affinity (the critics' reading).
        var free = RegimenRunner.Run(Human("fluoxetine 20mg oral every 24h for 8w") with { Exposure = ExposureHypothesis.Free }, 8 * 168, 24);
        Assert.True(free.Column("occupancy_TRKB")[^1] < 0.02, $"free-exposure occupancy {free.Column("occupancy_TRKB")[^1]}");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(6.0)]
    [InlineData(0.05)]
    public void SummaryPeaksComeFromTheSolutionNotTheOutputStep(double step)
    {
        // Ketamine 0.5 mg/kg over 40 min peaks at the end of the infusion (0.667 h) at about 185 ng/mL, which a 1-h or
        // 6-h table grid never samples.
        var r = RegimenRunner.Run(Human("ketamine 0.5mg/kg infusion:40min"), 24, step);
        var peak = RegimenSummarizer.Summarize(r).Series["plasma_ketamine_ng_per_mL"];
        Assert.Equal(0.6667, peak.PeakTimeHours, 3);
        var reference = RegimenSummarizer.Summarize(RegimenRunner.Run(Human("ketamine 0.5mg/kg infusion:40min"), 24, 0.01)).Series["plasma_ketamine_ng_per_mL"];
        Assert.Equal(reference.Peak, peak.Peak, 6);
    }

    [Theory]
    [InlineData("fluoxetine 20mg oral every 24h for 2w", "fluoxetine 20mg oral every 24h for 2w", "fluoxetine 40mg oral every 24h for 2w", "plasma_fluoxetine_nM")]
    [InlineData("fluoxetine 20mg oral every 24h for 2w", "fluoxetine 20mg oral doses 1 from 24h", "fluoxetine 20mg oral every 24h for 2w", "plasma_fluoxetine_nM")]
    [InlineData("esketamine 56mg intranasal every 3.5d for 2w", "esketamine 56mg intranasal every 3.5d for 2w", "esketamine 112mg intranasal every 3.5d for 2w", "plasma_esketamine_nM")]
    public void DosesOfOneCompoundAtTheSameTimeAllCount(string first, string second, string reference, string column)
    {
        // Two regimens of one compound whose doses coincide give the exposure of the doses together (second case: the
        // extra dose at 24 h adds to the plasma level after it). Linear PK: two 20 mg doses at once equal one 40 mg dose.
        var both = RegimenRunner.Run(Human(first, second), 14 * 24, 6);
        var single = RegimenRunner.Run(Human(reference), 14 * 24, 6);
        var a = both.Column(column);
        var b = single.Column(column);
        if (second.Contains("doses 1", StringComparison.Ordinal))
        {
            // One extra 20 mg dose at 24 h: above the maintenance regimen alone from then on, by a decaying margin.
            Assert.Equal(b[0], a[0]);
            Assert.True(a[^1] > b[^1] * 1.01, $"{column} at 2 weeks: {a[^1]} with the extra dose, {b[^1]} without");
            return;
        }
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) <= 1e-3 * Math.Max(1e-6, Math.Abs(b[i])), $"{column} at {both.Times[i]} h: {a[i]} from two regimens, {b[i]} from one");
    }

    [Fact]
    public void IntravenousKetaminePeaksInTrkbOccupancyWithinTwoHoursOfTheStart()
    {
        var r = RegimenRunner.Run(Human("ketamine 0.5mg/kg infusion:40min"), 24, 0.02);
        var occ = r.Column("occupancy_TRKB");
        double tPeak = r.Times[Array.IndexOf(occ, occ.Max())];
        output.WriteLine($"peak occupancy {occ.Max():F3} at {tPeak:F2} h");
        Assert.True(occ.Max() > 0.05);
        Assert.InRange(tPeak, 0.1, 2);
        Assert.True(r.At("occupancy_TRKB", 24) < 0.05 * occ.Max(), "occupancy must wash out within a day");
    }

    [Fact]
    public void TableHasExactlyTheSpecifiedColumnsAndTheCsvRoundTrips()
    {
        var r = RegimenRunner.Run(Human("fluoxetine 20mg oral every 24h for 2d"), 48, 6);
        string[] expected =
        [
            "time_h",
            "plasma_fluoxetine_nM", "plasma_fluoxetine_ng_per_mL", "brain_fluoxetine_nM", "brain_free_fluoxetine_nM", "brain_membrane_fluoxetine_nM",
            "plasma_norfluoxetine_nM", "plasma_norfluoxetine_ng_per_mL", "brain_norfluoxetine_nM", "brain_free_norfluoxetine_nM",
            "brain_membrane_norfluoxetine_nM",
            "occupancy_SERT", "occupancy_NET", "occupancy_NMDA", "occupancy_TRKB",
            "trkb_open_fraction", "trkb_surface", "trkb_signal", "bdnf", "plasticity", "network_state", "madrs",
        ];
        Assert.Equal(expected, r.Columns);
        Assert.Equal([0, 6, 12, 18, 24, 30, 36, 42, 48], r.Times);

        var writer = new StringWriter();
        var saved = CultureInfo.CurrentCulture;
        try
        {
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ","; // the CSV must not follow the user's culture
            CultureInfo.CurrentCulture = comma;
            RegimenCsvWriter.Write(r, writer);
        }
        finally { CultureInfo.CurrentCulture = saved; }
        var lines = writer.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join(',', expected), lines[0]);
        Assert.Equal(r.Times.Length + 1, lines.Length);
        var row = lines[5].Split(',');
        Assert.Equal(expected.Length, row.Length);
        for (int c = 0; c < expected.Length; c++)
            Assert.Equal(r.Values[c][4], double.Parse(row[c], CultureInfo.InvariantCulture)); // full precision
    }

    [Fact]
    public void MouseRunsReportTheBehaviourScoreInsteadOfMadrs()
    {
        var settings = new MechanismSettings
        {
            Species = Organism.Mouse,
            Regimens = [RegimenParser.Parse("fluoxetine 10mg/kg ip", CompoundLibrary.LoadDefault(), Organism.Mouse)],
        };
        var r = RegimenRunner.Run(settings, 6, 0.1);
        Assert.Equal("behavior_score", r.Columns[^1]);
        Assert.DoesNotContain("madrs", r.Columns);
        Assert.Equal(["fluoxetine", "norfluoxetine"], r.Compounds.ToArray()); // metabolites formed in the mouse are listed
        Assert.Contains("brain_free_norfluoxetine_nM", r.Columns);
        Assert.Null(RegimenSummarizer.Summarize(r).FinalMadrs);
    }

    [Fact]
    public void UntreatedRunHasOnlyTheCoreColumnsAndStaysAtBaseline()
    {
        var r = RegimenRunner.Run(new MechanismSettings(), 2 * 168, 24);
        Assert.Equal(["time_h", "occupancy_SERT", "occupancy_NET", "occupancy_NMDA", "occupancy_TRKB", "trkb_open_fraction", "trkb_surface", "trkb_signal",
            "bdnf", "plasticity", "network_state", "madrs"], r.Columns);
        var s = RegimenSummarizer.Summarize(r);
        Assert.Null(s.OnsetHours);
        Assert.Null(s.TimeToHalfFinalTrkbOccupancyHours);
        Assert.Equal(30, s.OutcomeFinal, 6);
    }

    [Fact]
    public void RejectsNonPositiveDurationAndStep()
    {
        Assert.Throws<PharmacologyInputException>(() => RegimenRunner.Run(new MechanismSettings(), 0, 1));
        Assert.Throws<PharmacologyInputException>(() => RegimenRunner.Run(new MechanismSettings(), 10, -1));
    }

    [Fact]
    public void OutputTimesIncludeTheEnd()
    {
        Assert.Equal([0, 4, 8, 10], RegimenRunner.OutputTimes(10, 4));
        Assert.Equal([0, 0.5, 1], RegimenRunner.OutputTimes(1, 0.5));
    }

    [Fact]
    public void WritesCsvSummaryAndFourPlots()
    {
        string dir = Directory.CreateTempSubdirectory("trkbsim-regimen-").FullName;
        try
        {
            var r = RegimenRunner.Run(Human("esketamine 56mg intranasal every 84h for 1w"), 168, 0.5);
            var files = RegimenRunner.WriteOutputs(r, dir, "esk");
            Assert.Equal(["esk.csv", "esk_summary.json", "esk_exposure.png", "esk_occupancy.png", "esk_signalling.png", "esk_mood.png"],
                files.Select(Path.GetFileName));
            foreach (var png in files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
            string json = File.ReadAllText(Path.Combine(dir, "esk_summary.json"));
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            var root = doc.RootElement;
            Assert.Equal("madrs", root.GetProperty("outcome_column").GetString());
            Assert.Equal(84, root.GetProperty("last_interval_start_hours").GetDouble());
            var peak = root.GetProperty("series").GetProperty("plasma_esketamine_ng_per_mL");
            Assert.InRange(peak.GetProperty("peak_time_hours").GetDouble(), 84, 86); // peak after the last dose, within its interval
            Assert.True(root.TryGetProperty("time_to_50_percent_trkb_engagement_hours", out _));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ExportsTheAssembledModelAsAntimonyThatParsesBack()
    {
        string dir = Directory.CreateTempSubdirectory("trkbsim-export-").FullName;
        try
        {
            var files = ModelExporter.Export(Human("fluoxetine 20mg oral every 24h for 8w"), dir, "flx");
            string ant = File.ReadAllText(files[0]);
            Assert.Contains("plasma_fluoxetine_nM", ant);
            var model = Modeling.Antimony.AntimonyReader.Parse(ant, "flx.ant");
            Assert.NotEmpty(model.Parameters);
            Assert.Equal(2, files.Count);
            Assert.Contains("fluoxetine_first_pass_oral_to_norfluoxetine:", ant);
            string sbml = File.ReadAllText(files[1]);
            Assert.Contains("<sbml", sbml);
            Assert.Contains("id=\"fluoxetine_first_pass_oral_to_norfluoxetine\"", sbml); // first pass is an ordinary reaction
        }
        finally { Directory.Delete(dir, true); }
    }
}
