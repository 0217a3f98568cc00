using TrkbSim.Pharmacology.Validation;
using Xunit.Abstractions;

namespace TrkbSim.Pharmacology.Tests.Validation;

/// <summary>The model against the published observations of the literature sheets.</summary>
[Collection(ValidationCollection.Name)]
public class ValidatorTests(ValidationFixture fixture, ITestOutputHelper output)
{
    /// <summary>The share of observations within 2-fold that the model reaches (docs/validation.md reports the measured share).</summary>
    public const double Threshold = 0.80;

    [Fact]
    public void AtLeastTheReportedShareOfObservationsIsWithinTwoFold()
    {
        var r = fixture.Report;
        output.WriteLine($"{r.Within2FoldCount} of {r.Count} within 2-fold ({r.FractionWithin2Fold:P1}); independent {r.FractionWithin2FoldIndependent:P1}");
        foreach (var row in r.Rows.Where(x => !x.Within2Fold))
            output.WriteLine($"outside: {row.Observation.Id} observed {row.Observation.Observed.Value} predicted {row.Predicted}");
        Assert.True(r.Count >= 50, "every usable observation of the sheets is simulated");
        Assert.True(r.FractionWithin2Fold >= Threshold, $"{r.FractionWithin2Fold:P1} within 2-fold, below {Threshold:P0}");
    }

    [Fact]
    public void WritesTableFigureAndMarkdownListingEveryObservation()
    {
        var r = fixture.Report;
        Assert.Equal(["validation.csv", "validation.png", "validation.md"], r.Files.Select(Path.GetFileName));
        var csv = File.ReadAllLines(Path.Combine(fixture.Dir, "validation.csv"));
        Assert.StartsWith("id,description,observed,unit,low,high,bound,predicted,fold_error,within_2_fold", csv[0]);
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
