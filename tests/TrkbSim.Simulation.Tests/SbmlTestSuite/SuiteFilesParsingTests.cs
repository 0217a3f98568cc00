using TrkbSim.Simulation.SbmlTestSuite;

namespace TrkbSim.Simulation.Tests.SbmlTestSuite;

/// <summary>Settings, tags and result tables of suite cases are parsed as the suite documents them.</summary>
public class SuiteFilesParsingTests
{
    [Fact]
    public void SettingsWithListsAndBlankFields()
    {
        var s = CaseSettings.Parse("""
            start: 0
            duration: 5.0
            steps: 50
            variables: S1, S2, k
            absolute: 1.000000e-007
            relative: 0.0001
            amount: S1
            concentration: S2
            """, "x-settings.txt");
        Assert.Equal((0.0, 5.0, 50, 1e-7, 1e-4), (s.Start, s.Duration, s.Steps, s.Absolute, s.Relative));
        Assert.Equal(new[] { "S1", "S2", "k" }, s.Variables.ToArray());
        Assert.Equal(new[] { "S1" }, s.Amount.ToArray());
        Assert.Equal(new[] { "S2" }, s.Concentration.ToArray());
        var blank = CaseSettings.Parse("start:\nduration:\nvariables: J0\nconcentration:\n", "fba-settings.txt");
        Assert.Empty(blank.Concentration);
        Assert.Equal(0, blank.Steps);
        var ex = Assert.Throws<FormatException>(() => CaseSettings.Parse("steps: many", "bad-settings.txt"));
        Assert.Contains("bad-settings.txt:1", ex.Message);
    }

    [Fact]
    public void DescriptionTagsFromTheHeaderComment()
    {
        var d = CaseDescription.Parse("""
            (*

            category:      Test
            synopsis:      Basic single forward reaction with two species in one
                           compartment.
            componentTags: Compartment, Species, Reaction, Parameter
            testTags:      Amount, NonUnityStoichiometry
            testType:      TimeCourse
            levels:        2.4, 3.1
            packagesPresent: fbc

            Note: description text follows.
            *)
            newcase[ "00001" ];
            """);
        Assert.Equal(new[] { "Compartment", "Species", "Reaction", "Parameter" }, d.ComponentTags.ToArray());
        Assert.Equal(new[] { "Amount", "NonUnityStoichiometry" }, d.TestTags.ToArray());
        Assert.Equal("TimeCourse", d.TestType);
        Assert.Equal(new[] { "fbc" }, d.PackagesPresent.ToArray());
        Assert.Equal("Basic single forward reaction with two species in one compartment.", d.Synopsis);
        Assert.Equal("SBML package fbc (flux balance constraints)", SbmlTestSuiteRunner.UnsupportedByTags(d));
        Assert.Null(SbmlTestSuiteRunner.UnsupportedByTags(d with { PackagesPresent = [] }));
        Assert.Contains("FluxBalanceSteadyState", SbmlTestSuiteRunner.UnsupportedByTags(d with { TestType = "FluxBalanceSteadyState", PackagesPresent = [] }));
    }

    [Fact]
    public void ResultsWithInfinitiesAndNaN()
    {
        var t = ResultTable.Parse("time, P, Q, R\n0,INF,-inf, NaN\n0.5,1e-3,2,3\n", "r.csv");
        Assert.Equal(new[] { "P", "Q", "R" }, t.Columns.ToArray());
        Assert.Equal(new[] { 0.0, 0.5 }, t.Times);
        Assert.Equal(double.PositiveInfinity, t.Values[0][0]);
        Assert.Equal(double.NegativeInfinity, t.Values[1][0]);
        Assert.True(double.IsNaN(t.Values[2][0]));
        Assert.Equal(1e-3, t.Values[0][1]);
        Assert.Throws<FormatException>(() => ResultTable.Parse("time,A\n0,1,2\n", "r.csv"));
    }

    [Theory]
    [InlineData(1.0, 1.0001, 0.0, 1e-4, true)]
    [InlineData(1.0, 1.00011, 0.0, 1e-4, false)]
    [InlineData(0.0, 1e-7, 1e-7, 1e-4, true)]
    [InlineData(0.0, 2e-7, 1e-7, 1e-4, false)]
    [InlineData(double.NaN, double.NaN, 1e-7, 1e-4, true)]
    [InlineData(double.NaN, 0.0, 1e-7, 1e-4, false)]
    [InlineData(1.0, double.NaN, 1e-7, 1e-4, false)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, 1e-7, 1e-4, true)]
    [InlineData(double.PositiveInfinity, double.NegativeInfinity, 1e-7, 1e-4, false)]
    [InlineData(double.NegativeInfinity, -1e300, 1e-7, 1e-4, false)]
    public void ComparisonRuleOfTheSuite(double expected, double actual, double abs, double rel, bool within) =>
        Assert.Equal(within, ResultComparison.Within(expected, actual, abs, rel));
}
