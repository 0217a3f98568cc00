using TrkbSim.Pharmacology.Validation;
using Xunit.Abstractions;

namespace TrkbSim.Pharmacology.Tests.Validation;

/// <summary>The model against the published observations of the literature sheets.</summary>
[Collection(ValidationCollection.Name)]
public class ValidatorTests(ValidationFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void TheValidationGatePassesOnValidationObservationsAlone()
    {
        var r = fixture.Report;
        var lib = Pharmacology.Compounds.CompoundLibrary.LoadDefault();
        output.WriteLine($"validation {r.Validation.Count(x => x.Within2Fold)} of {r.Validation.Length} ({r.FractionWithin2FoldValidation:P1}); " +
                         $"calibration {r.Calibration.Count(x => x.Within2Fold)} of {r.Calibration.Length}; compounds {r.ValidationCompoundCount(lib)}");
        foreach (var row in r.Rows.Where(x => !x.Within2Fold))
            output.WriteLine($"outside ({row.Observation.Use}): {row.Observation.Id} observed {row.Observation.Observed.Value} predicted {row.Predicted}");
        var problems = r.GateProblems(lib);
        Assert.True(problems.Count == 0, string.Join("; ", problems));
        // The gate counts only validation observations: calibration data cannot lift it.
        Assert.Equal(r.Validation.Length, r.Rows.Count(x => x.Observation.Use == ObservationUse.Validation));
        Assert.True(r.Calibration.Length > 0 && r.Validation.Length >= ValidationReport.GateMinimumObservations);
    }

    [Fact]
    public void GateProblemsNameWhatIsMissing()
    {
        var lib = Pharmacology.Compounds.CompoundLibrary.LoadDefault();
        var rows = fixture.Report.Rows;
        var onlyCalibration = new ValidationReport([.. rows.Where(x => x.Observation.Use == ObservationUse.Calibration)], []);
        var problems = onlyCalibration.GateProblems(lib);
        Assert.Contains(problems, p => p.Contains("validation observations; at least 40", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("no validation observation for mouse", StringComparison.Ordinal));
        var humanOnly = new ValidationReport([.. rows.Where(x => x.Observation.Species == "human")], []);
        Assert.Contains(humanOnly.GateProblems(lib), p => p.Contains("no validation observation for mouse", StringComparison.Ordinal));
    }

    [Fact]
    public void WritesTableFigureAndMarkdownListingEveryObservation()
    {
        var r = fixture.Report;
        Assert.Equal(["validation.csv", "validation.png", "validation.md"], r.Files.Take(3).Select(Path.GetFileName));
        // One predicted-vs-observed plot per group with validation observations.
        Assert.Equal(r.ValidationGroups.Select(g => $"validation_{ValidationPlotter.Slug(g)}.png"), r.Files.Skip(3).Select(Path.GetFileName));
        var csv = File.ReadAllLines(Path.Combine(fixture.Dir, "validation.csv"));
        Assert.StartsWith("id,group,species,use,description,observed,unit,low,high,bound,predicted,fold_error,within_2_fold", csv[0]);
        Assert.Equal(r.Count + 1, csv.Length);
        string md = File.ReadAllText(Path.Combine(fixture.Dir, "validation.md"));
        foreach (var row in r.Rows) Assert.Contains($"`{row.Observation.Id}`", md);
        foreach (var e in r.NotSimulated) Assert.Contains(e.Reason.Replace("|", "\\|"), md);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(fixture.Dir, "validation.png"))[..4]);
    }

    [Fact]
    public void ObservationsCarryTheirSourceQuoteAndReadout()
    {
        var contents = ObservationFile.LoadDefault();
        Assert.Equal(contents.Observations.Length, contents.Observations.Select(o => o.Id).Distinct().Count());
        foreach (var o in contents.Observations)
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Source), o.Id);
            Assert.False(string.IsNullOrWhiteSpace(o.Quote), o.Id);
            Assert.Contains(o.Readout.Kind, ReadoutEvaluator.Kinds);
            Assert.True(o.Observed.Value > 0, o.Id);
            if (ReadoutEvaluator.IsTime(o.Readout.Kind)) ReadoutEvaluator.HoursPer(o.Observed.Unit); // a time unit
        }
        Assert.NotEmpty(contents.NotSimulated);
    }

    [Fact]
    public void FoldErrorAndTwoFoldBandFollowTheirDefinitions()
    {
        var o = ObservationFile.LoadDefault().Observations[0];
        var value = o with { Observed = new ObservedValue(10, o.Observed.Unit) };
        Assert.True(new ValidationRow(value, 20).Within2Fold);
        Assert.False(new ValidationRow(value, 20.01).Within2Fold);
        Assert.True(new ValidationRow(value, 5).Within2Fold);
        Assert.False(new ValidationRow(value, null).Within2Fold);
        Assert.False(new ValidationRow(value, 0).Within2Fold);
        var upper = o with { Observed = new ObservedValue(10, o.Observed.Unit) { Bound = "upper" } };
        Assert.True(new ValidationRow(upper, 1).Within2Fold);
        Assert.True(new ValidationRow(upper, 1).WithinRange);
        Assert.False(new ValidationRow(upper, 25).Within2Fold);
    }
}
